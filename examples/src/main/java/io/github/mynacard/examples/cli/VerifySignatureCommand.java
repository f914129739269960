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
@Command(name = "verify-signature", header = "Verify a detached CMS (.p7s) or a signed PDF; no card needed.",
        mixinStandardHelpOptions = true,
        description = {"Verify a detached CMS signature (FILE --sig FILE.p7s; without --sig, FILE.p7s when it exists) or "
            + "every signature of a PDF (a FILE ending in .pdf, or --pdf). Prints each signer certificate's subject, "
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

    /** One verified signature. */
    private record Signer(X509Certificate certificate, Map<String, Object> extraJson, List<String> extraText) {
    }

    @Override
    protected int execute() throws Exception {
        CliFiles.requireFile(file);
        if (pdf && sig != null) {
            throw CliException.badInput("--pdf and --sig exclude each other: a PDF carries its signatures inside");
        }
        boolean isPdf = pdf || (sig == null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf"));
        Path signature = sig;
        if (!isPdf && signature == null) {
            signature = Path.of(file + ".p7s");
            if (!Files.isRegularFile(signature)) {
                throw CliException.badInput("give the detached signature with --sig FILE.p7s (" + signature
                        + " does not exist), or --pdf for a signed PDF");
            }
        }
        TrustAnchors anchors = CertificateChecks.anchors(trustAnchors, err());
        List<Signer> signers = isPdf ? pdfSigners() : List.of(cmsSigner(signature));

        boolean untrusted = false;
        List<Object> jsonSigners = new ArrayList<>();
        if (!json()) {
            out().println("Signature: VALID (" + (isPdf ? signers.size() + " PDF signature(s) in " + file
                    : "detached CMS " + signature + " over " + file) + ")");
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
            if (untrusted) {
                o.put("ok", false);
                o.put("exitCode", ExitCodes.NOT_TRUSTED);
            }
            o.put("file", file.toString());
            o.put("format", isPdf ? "pdf" : "cms");
            if (!isPdf) {
                o.put("signature", signature.toString());
            }
            o.put("signatureValid", true);
            o.put("signers", jsonSigners);
            printJson(o);
        } else if (untrusted) {
            out().println("Result: the signature verifies, but the signer's certificate chain is NOT valid against "
                    + trustAnchors + ".");
        }
        return untrusted ? ExitCodes.NOT_TRUSTED : ExitCodes.OK;
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
