package io.github.mynacard.examples.cli;

import io.github.mynacard.CardDataException;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.cert.CertificateValidity;
import io.github.mynacard.cert.SigningCertificateInfo;
import io.github.mynacard.cert.TrustAnchors;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard cert show WHICH}: a certificate's subject, issuer, validity and fingerprint. */
@Command(name = "show", header = "Show a certificate.", mixinStandardHelpOptions = true,
        description = {"Show a certificate's subject, issuer, serial number, validity (expired, or expiring within 90 days) "
            + "and SHA-256 fingerprint. The signing certificate carries the holder's name, address, birth date and sex, "
            + "and needs the signing password; with --show-holder the holder's name, address and birth date are printed "
            + "(personal data: never without it).",
            "With --trust-anchors DIR: also validate its chain against the CA certificates in DIR (PEM or DER); with "
                + "--trust-anchors jpki against the built-in J-LIS CA certificates, which never trust an emulated card. Exit "
                + "code 9 when it does not validate.",
            "Revocation of a holder certificate (auth, signing) is checked with --revocation SOURCE (ocsp:URL, crl:FILE, "
                + "crl:URL, pointers, emulator; repeatable), and on an emulated card by default with its back office; "
                + "exit code 12 when it is revoked, 9 when no source can say.",
            "PIN order for --pin-stdin: the signing password (signing certificate only)."})
public final class CertShowCommand extends PinCommand {

    @Parameters(index = "0", paramLabel = "WHICH", converter = Names.CertificateConverter.class,
            description = "auth, auth-ca, signing or signing-ca")
    JpkiCertificate which;

    @Option(names = "--trust-anchors", paramLabel = "DIR", description = "Validate the certificate's chain against the CA certificates in DIR. The word jpki means the "
            + "built-in J-LIS CA certificates (a folder named jpki is given as ./jpki); they never trust an emulated card: "
            + "for one, give the folder 'mynacard emulator services --trust-out DIR' or 'cert export signing-ca|auth-ca' writes.")
    Path trustAnchors;

    @Option(names = "--show-holder",
            description = "signing only: also print the holder's name, address and birth date from the certificate (personal data).")
    boolean showHolder;

    @picocli.CommandLine.Mixin
    RevocationOptions revocation;

    private TrustAnchors anchors;

    /** The anchors and the revocation sources are read before the card is opened or a PIN asked. */
    @Override
    protected void checkInputs() throws Exception {
        if (showHolder && which != JpkiCertificate.SIGNING) {
            throw CliException.badInput("--show-holder is for the signing certificate: the " + Names.option(which)
                    + " certificate carries no holder's name, address or birth date");
        }
        anchors = CertificateChecks.anchors(trustAnchors, err());
        revocation.parsed();
        if (revocation.embedded(false)) {
            throw CliException.badInput("--revocation embedded is for verify-signature: a certificate carries no revocation data");
        }
    }

    @Override
    protected int run(CardSession s) throws Exception {
        boolean holder = which == JpkiCertificate.SIGNING || which == JpkiCertificate.AUTHENTICATION;
        io.github.mynacard.revocation.RevocationChecker checker = holder
                ? revocation.checker(s.emulated() ? s.stateFile() : null, s.emulated() ? List.of(RevocationOptions.EMULATOR) : List.of())
                : io.github.mynacard.revocation.RevocationChecker.none();
        if (!holder && revocation.given() && !revocation.off()) {
            throw CliException.badInput("--revocation is for the holder certificates (auth, signing): a root certificate is "
                    + "trusted as it is");
        }
        X509Certificate c = certificate(s, which);
        CertificateValidity validity = CertificateChecks.validity(c);
        CertificateChecks.Chain chain = CertificateChecks.chain(anchors, c, List.of());
        io.github.mynacard.revocation.RevocationStatus revoked = holder && checker.enabled()
                ? checker.check(c, s.card().readCertificate(which == JpkiCertificate.SIGNING ? JpkiCertificate.SIGNING_CA
                        : JpkiCertificate.AUTHENTICATION_CA))
                : io.github.mynacard.revocation.RevocationStatus.notChecked();
        int code = CertificateChecks.revocationExit(revoked);
        if (code == ExitCodes.OK && chain.failed()) {
            code = ExitCodes.NOT_TRUSTED;
        }
        String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("certificate", Names.option(which));
            o.put("subject", c.getSubjectX500Principal().getName());
            o.put("issuer", c.getIssuerX500Principal().getName());
            o.put("serialNumber", c.getSerialNumber().toString(16));
            o.put("notBefore", Names.japanDate(c.getNotBefore()).toString());
            o.put("notAfter", Names.japanDate(c.getNotAfter()).toString());
            o.put("publicKey", c.getPublicKey().getAlgorithm());
            o.put("sha256", fingerprint);
            if (showHolder) {
                o.put("holder", holderJson(c));
            }
            o.put("validity", CertificateChecks.validityJson(validity));
            o.put("chain", chain.json());
            o.put("revocation", CertificateChecks.revocationJson(revoked));
            printJson(o, code, code == ExitCodes.OK ? null : failure(chain, revoked));
        } else {
            out().println(Names.certificate(which));
            out().println("  Subject:     " + c.getSubjectX500Principal().getName());
            out().println("  Issuer:      " + c.getIssuerX500Principal().getName());
            out().println("  Serial:      " + c.getSerialNumber().toString(16));
            out().println("  Valid:       " + Names.japanDate(c.getNotBefore()) + " to " + Names.japanDate(c.getNotAfter()) + " (Japan)");
            out().println("  Public key:  " + c.getPublicKey().getAlgorithm());
            out().println("  SHA-256:     " + fingerprint);
            if (showHolder) {
                holderText(c);
            }
            out().println("  Status:      " + CertificateChecks.validityText(validity));
            out().println("  Chain:       " + chain.text());
            if (holder) {
                out().println("  Revocation:  " + CertificateChecks.revocationText(revoked));
            }
        }
        if (code != ExitCodes.OK) {
            failed(failure(chain, revoked));
        }
        return code;
    }

    private static String failure(CertificateChecks.Chain chain, io.github.mynacard.revocation.RevocationStatus r) {
        if (r.isRevoked()) {
            return "the certificate was revoked on " + r.revocationTime() + " (" + r.reason().label() + ")";
        }
        if (r.status() == io.github.mynacard.revocation.RevocationStatus.Status.UNKNOWN) {
            return "no revocation source could say whether the certificate was revoked: " + r.detail();
        }
        return "the certificate's chain does not validate against --trust-anchors"
                + (chain.detail().startsWith("the certificate ") ? ": " + chain.detail() : "");
    }

    /** The holder's name, address and birth date as the signing certificate carries them (personal data). */
    private void holderText(X509Certificate c) {
        try {
            SigningCertificateInfo h = SigningCertificateInfo.parse(c);
            out().println("  Holder:      " + h.name());
            out().println("  Address:     " + h.address());
            out().println("  Birth date:  " + h.birthDate());
        } catch (CardDataException e) {
            out().println("  Holder:      (cannot be read from the certificate: " + e.getMessage() + ")");
        }
    }

    private static Map<String, Object> holderJson(X509Certificate c) {
        Map<String, Object> o = Json.object();
        try {
            SigningCertificateInfo h = SigningCertificateInfo.parse(c);
            o.put("name", h.name());
            o.put("address", h.address());
            o.put("birthDate", h.birthDate().toString());
        } catch (CardDataException e) {
            o.put("name", null);
            o.put("address", null);
            o.put("birthDate", null);
            o.put("detail", "cannot be read from the certificate: " + e.getMessage());
        }
        return o;
    }
}
