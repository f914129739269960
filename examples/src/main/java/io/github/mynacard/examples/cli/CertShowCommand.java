package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.cert.CertificateValidity;
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
            + "and SHA-256 fingerprint. The signing certificate names the holder and needs the signing password.",
            "With --trust-anchors DIR: also validate its chain against the CA certificates in DIR (PEM or DER; revocation "
                + "not checked); exit code 9 when it does not validate.",
            "PIN order for --pin-stdin: the signing password (signing certificate only)."})
public final class CertShowCommand extends PinCommand {

    @Parameters(index = "0", paramLabel = "WHICH", converter = Names.CertificateConverter.class,
            description = "auth, auth-ca, signing or signing-ca")
    JpkiCertificate which;

    @Option(names = "--trust-anchors", paramLabel = "DIR", description = "Validate the certificate's chain against the CA certificates in DIR.")
    Path trustAnchors;

    @Override
    protected int run(CardSession s) throws Exception {
        TrustAnchors anchors = CertificateChecks.anchors(trustAnchors, err());
        X509Certificate c = certificate(s, which);
        CertificateValidity validity = CertificateChecks.validity(c);
        CertificateChecks.Chain chain = CertificateChecks.chain(anchors, c, List.of());
        int code = chain.failed() ? ExitCodes.NOT_TRUSTED : ExitCodes.OK;
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
            o.put("validity", CertificateChecks.validityJson(validity));
            o.put("chain", chain.json());
            printJson(o, code, chain.failed() ? "the certificate's chain does not validate against --trust-anchors" : null);
        } else {
            out().println(Names.certificate(which));
            out().println("  Subject:     " + c.getSubjectX500Principal().getName());
            out().println("  Issuer:      " + c.getIssuerX500Principal().getName());
            out().println("  Serial:      " + c.getSerialNumber().toString(16));
            out().println("  Valid:       " + Names.japanDate(c.getNotBefore()) + " to " + Names.japanDate(c.getNotAfter()) + " (Japan)");
            out().println("  Public key:  " + c.getPublicKey().getAlgorithm());
            out().println("  SHA-256:     " + fingerprint);
            out().println("  Status:      " + CertificateChecks.validityText(validity));
            out().println("  Chain:       " + chain.text());
        }
        if (chain.failed()) {
            failed("the certificate's chain does not validate against --trust-anchors");
        }
        return code;
    }
}
