package io.github.mynacard.examples.cli;

import io.github.mynacard.cert.CertificateValidity;
import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.signing.CmsVerifier;
import io.github.mynacard.signing.PdfSignatureVerification;
import io.github.mynacard.signing.PdfVerifier;
import io.github.mynacard.signing.SignatureVerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard verify-signature}: checks a detached CMS signature or the signatures of a PDF. No card needed. */
@Command(name = "verify-signature", header = "Verify a raw signature (.sig), a detached CMS (.p7s) or a signed PDF; no card needed.",
        mixinStandardHelpOptions = true,
        description = {"Verify a detached CMS signature (FILE --sig FILE.p7s; without --sig, FILE.p7s when it exists), "
            + "every signature of a PDF (a FILE ending in .pdf, or --pdf), or a raw SHA256withRSA signature as 'mynacard "
            + "sign' writes it (FILE --sig FILE.sig: a signature file of exactly 256 bytes, or --raw; without --sig, "
            + "FILE.sig when it exists and FILE.p7s does not). A raw signature carries no certificate: it is checked with "
            + "--cert FILE (the signer's certificate, PEM or DER, e.g. from 'mynacard cert export signing'), or else with "
            + "the certificates of the emulated card (--card FILE, default ~/.mynacard/card.state; both keys are tried). Prints each signer certificate's subject, "
            + "issuer and serial, its validity (expired, or expiring within 90 days) and its chain: validated against the "
            + "CA certificates in --trust-anchors DIR (PEM or DER files; revocation is not checked), or reported as not "
            + "checked. The holder's name is shown only with --show-holder.",
            "Exit code 0: every signature verifies (and, with --trust-anchors, every chain validates); 8: a signature does "
                + "not verify or is malformed; 9: the signatures verify but a chain does not validate."})
public final class VerifySignatureCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The signed file (the content, or the signed PDF).")
    Path file;

    @Option(names = "--sig", paramLabel = "FILE.p7s", description = "The detached CMS signature (DER).")
    Path sig;

    @Option(names = "--pdf", description = "FILE is a signed PDF (the default for a name ending in .pdf without --sig).")
    boolean pdf;

    @Option(names = "--trust-anchors", paramLabel = "DIR", description = "Validate each signer's chain against the CA certificates in DIR.")
    Path trustAnchors;

    @Option(names = "--show-holder", description = "Show the holder's name from the signing certificate (personal data).")
    boolean showHolder;

    @Option(names = "--raw", description = "The --sig file is a raw signature (the default for a file of 256 bytes).")
    boolean raw;

    @Option(names = "--cert", paramLabel = "FILE", description = "For a raw signature: the signer's certificate (PEM or DER).")
    Path cert;

    @Option(names = "--card", paramLabel = "FILE",
            description = "For a raw signature without --cert: the emulated card whose certificates to try (default: ~/.mynacard/card.state).")
    Path card;

    /** One verified signature. */
    private record Signer(X509Certificate certificate, Map<String, Object> extraJson, List<String> extraText) {
    }

    @Override
    protected int execute() throws Exception {
        CliFiles.requireFile(file);
        if (pdf && sig != null) {
            throw CliException.badInput("--pdf and --sig exclude each other: a PDF carries its signatures inside");
        }
        boolean isPdf = pdf || (sig == null && !raw && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf"));
        Path signature = sig;
        if (!isPdf && signature == null) {
            Path p7s = Path.of(file + ".p7s");
            Path dotSig = Path.of(file + ".sig");
            signature = !raw && Files.isRegularFile(p7s) ? p7s : Files.isRegularFile(dotSig) ? dotSig : null;
            if (signature == null) {
                throw CliException.badInput("give the signature with --sig FILE (" + p7s + " and " + dotSig
                        + " do not exist), or --pdf for a signed PDF");
            }
        }
        if (!isPdf) {
            CliFiles.requireFile(signature);
        }
        boolean isRaw = !isPdf && (raw || Files.size(signature) == RAW_LENGTH);
        if ((cert != null || card != null) && !isRaw) {
            throw CliException.badInput("--cert and --card are for a raw signature; a CMS signature or a PDF carries its certificate");
        }
        List<X509Certificate> candidates = isRaw ? rawCandidates() : List.of();
        TrustAnchors anchors = CertificateChecks.anchors(trustAnchors, err());
        String format = isPdf ? "pdf" : isRaw ? "raw" : "cms";
        List<Signer> signers;
        try {
            signers = isPdf ? pdfSigners() : isRaw ? List.of(rawSigner(signature, candidates)) : List.of(cmsSigner(signature));
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.SIGNATURE_INVALID || !json()) {
                throw e;
            }
            Map<String, Object> o = Json.object();
            o.put("in", file.toString());
            o.put("format", format);
            if (!isPdf) {
                o.put("sig", signature.toString());
            }
            o.put("signatureValid", false);
            o.put("signers", List.of());
            printJson(o, ExitCodes.SIGNATURE_INVALID, e.getMessage());
            return ExitCodes.SIGNATURE_INVALID;
        }

        boolean untrusted = false;
        List<Object> jsonSigners = new ArrayList<>();
        if (!json()) {
            out().println("Signature: VALID (" + (isPdf ? signers.size() + " PDF signature(s) in " + file
                    : (isRaw ? "raw SHA256withRSA " : "detached CMS ") + signature + " over " + file) + ")");
        }
        for (int i = 0; i < signers.size(); i++) {
            Signer s = signers.get(i);
            X509Certificate c = s.certificate();
            CertificateValidity validity = CertificateChecks.validity(c);
            CertificateChecks.Chain chain = CertificateChecks.chain(anchors, c, List.of());
            untrusted |= chain.failed();
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("subject", c.getSubjectX500Principal().getName());
                o.put("issuer", c.getIssuerX500Principal().getName());
                o.put("serialNumber", c.getSerialNumber().toString(16));
                if (showHolder) {
                    o.put("holder", CertificateChecks.holderName(c));
                }
                o.put("validity", CertificateChecks.validityJson(validity));
                o.put("chain", chain.json());
                o.putAll(s.extraJson());
                jsonSigners.add(o);
                continue;
            }
            out().println(signers.size() > 1 ? "Signer " + (i + 1) + ":" : "Signer:");
            out().println("  Subject:   " + c.getSubjectX500Principal().getName());
            out().println("  Issuer:    " + c.getIssuerX500Principal().getName());
            out().println("  Serial:    " + c.getSerialNumber().toString(16));
            if (showHolder) {
                out().println("  Holder:    " + CertificateChecks.holderName(c));
            }
            out().println("  Validity:  " + CertificateChecks.validityText(validity));
            out().println("  Chain:     " + chain.text());
            for (String line : s.extraText()) {
                out().println("  " + line);
            }
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("in", file.toString());
            o.put("format", format);
            if (!isPdf) {
                o.put("sig", signature.toString());
            }
            o.put("signatureValid", true);
            o.put("signers", jsonSigners);
            printJson(o, untrusted ? ExitCodes.NOT_TRUSTED : ExitCodes.OK,
                    untrusted ? "the signature verifies, but a signer's certificate chain does not validate against --trust-anchors" : null);
        } else if (untrusted) {
            out().println("Result: the signature verifies, but the signer's certificate chain is NOT valid against "
                    + trustAnchors + ".");
        }
        if (untrusted) {
            failed("the signature verifies, but a signer's certificate chain does not validate against --trust-anchors");
        }
        return untrusted ? ExitCodes.NOT_TRUSTED : ExitCodes.OK;
    }

    /** The length of a raw RSA-2048 signature, as 'sign' writes it. */
    static final int RAW_LENGTH = 256;

    /** The certificates a raw signature may be from: --cert, or the emulated card's signing and authentication certificates. */
    private List<X509Certificate> rawCandidates() throws CliException {
        if (cert != null) {
            return KeyFiles.certificates(cert, "--cert");
        }
        Path state = card != null ? card : ctx().defaultCardFile();
        if (!Files.exists(state)) {
            throw CliException.badInput("a raw signature carries no certificate: give the signer's certificate with --cert FILE "
                    + "(e.g. from 'mynacard cert export signing --out FILE'), or the emulated card with --card FILE ("
                    + state + " does not exist)");
        }
        io.github.mynacard.mock.MynaCardEmulator emulated = EmulatorCards.load(state);
        try {
            return List.of(emulated.certificate(io.github.mynacard.JpkiCertificate.SIGNING),
                    emulated.certificate(io.github.mynacard.JpkiCertificate.AUTHENTICATION));
        } finally {
            emulated.close();
        }
    }

    private Signer rawSigner(Path signature, List<X509Certificate> candidates) throws CliException {
        byte[] value = CliFiles.read(signature);
        for (X509Certificate c : candidates) {
            try {
                java.security.Signature v = java.security.Signature.getInstance("SHA256withRSA");
                v.initVerify(c.getPublicKey());
                try (java.io.InputStream in = Files.newInputStream(file)) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        v.update(buf, 0, n);
                    }
                }
                if (v.verify(value)) {
                    return new Signer(c, Map.of(), List.of());
                }
            } catch (java.security.GeneralSecurityException e) {
                // not this key (or not a signature of its size): try the next
            } catch (IOException e) {
                throw CliException.badInput("cannot read " + file + ": " + CliFiles.reason(e));
            }
        }
        return (Signer) throwInvalid("the raw signature does not verify with " + (cert != null ? "the certificate in " + cert
                : "the emulated card's signing or authentication certificate"));
    }

    private Object throwInvalid(String why) throws CliException {
        throw new CliException(ExitCodes.SIGNATURE_INVALID, "signature NOT valid for " + file + ": " + why);
    }

    private Signer cmsSigner(Path signature) throws CliException {
        byte[] p7s = CliFiles.read(signature);
        try {
            return new Signer(CmsVerifier.verifyDetached(file, p7s), Map.of(), List.of());
        } catch (SignatureVerificationException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    private List<Signer> pdfSigners() throws CliException {
        List<PdfSignatureVerification> results;
        try {
            results = PdfVerifier.verify(file);
        } catch (SignatureVerificationException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + " as a PDF: " + e.getMessage());
        }
        List<Signer> out = new ArrayList<>();
        for (PdfSignatureVerification r : results) {
            Map<String, Object> j = Json.object();
            j.put("subFilter", r.subFilter());
            j.put("signingTime", r.signingTime() == null ? null : r.signingTime().toString());
            j.put("coversWholeDocument", r.coversWholeDocument());
            out.add(new Signer(r.signerCertificate(), j, List.of(
                    "SubFilter: " + r.subFilter(),
                    "Signed at: " + (r.signingTime() == null ? "(no /M)" : r.signingTime() + " (claimed by the signer, /M)"),
                    "Covers:    " + (r.coversWholeDocument() ? "the whole document" : "an earlier revision (later changes follow)"))));
        }
        return out;
    }

    private CliException invalid(SignatureVerificationException e) {
        return new CliException(ExitCodes.SIGNATURE_INVALID, "signature NOT valid for " + file + ": " + e.getMessage(), e);
    }
}
