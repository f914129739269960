package io.github.mynacard.examples.cli;

import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.signing.PdfSigner;
import io.github.mynacard.signing.PdfSubFilter;
import io.github.mynacard.signing.SignatureLevel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard sign-pdf IN.pdf}: a PAdES signature (B-B to B-LTA) with the signing key. */
@Command(name = "sign-pdf", header = "Sign a PDF (PAdES B-B, B-T, B-LT or B-LTA) with the signing key.", mixinStandardHelpOptions = true,
        description = {"Sign a PDF with the signing key (署名用秘密鍵) through the JCA provider: an incremental update with a "
            + "PAdES signature (/SubFilter ETSI.CAdES.detached, or adbe.pkcs7.detached with --subfilter; SHA256withRSA, "
            + "the signing certificate and the signing CA certificate in the CMS). --level b-t adds an RFC 3161 signature "
            + "time-stamp from --tsa URL; b-lt then the validation data (certificates, CRLs or OCSP responses of the "
            + "signer and the time-stamping authority) in the document security store; b-lta then a document time-stamp. "
            + "The input is left as it is; --out defaults to IN-signed.pdf. Check it with 'mynacard verify-signature "
            + "OUT.pdf' or 'pdfsig OUT.pdf'.",
            "Before the password is asked: the options agree, the time-stamping authority answers, and on an emulated "
                + "card the signing certificate is neither expired nor revoked (its back office is asked unless "
                + "--revocation says otherwise). On a card in a reader the certificate can be read only with the "
                + "password, so it is checked right after the password, before anything is signed.",
            "PIN order for --pin-stdin: the signing password."})
public final class SignPdfCommand extends PinCommand {

    @Parameters(index = "0", paramLabel = "IN.pdf", description = "The PDF to sign.")
    Path in;

    @Option(names = "--out", paramLabel = "OUT.pdf", description = "Where to write the signed PDF (default: IN-signed.pdf).")
    Path outFile;

    @Option(names = "--reason", paramLabel = "TEXT", description = "The signature's /Reason (optional).")
    String reason;

    @Option(names = "--location", paramLabel = "TEXT", description = "The signature's /Location (optional).")
    String location;

    @Option(names = "--level", paramLabel = "b-b|b-t|b-lt|b-lta", defaultValue = "b-b",
            description = "The PAdES baseline level (default: ${DEFAULT-VALUE}).")
    String levelLabel;

    @Option(names = "--subfilter", paramLabel = "NAME", defaultValue = "ETSI.CAdES.detached",
            description = "ETSI.CAdES.detached (PAdES, default) or adbe.pkcs7.detached (the form the Legal Affairs Bureau's "
                + "on-line application asks for).")
    String subFilterName;

    @Mixin
    SignatureOptions levels;

    private SignatureLevel level;
    private PdfSubFilter subFilter;
    private byte[] pdf;
    private Path target;

    /** The PDF parses and the output can be written, before the card is opened or a password asked. */
    @Override
    protected void checkInputs() throws Exception {
        level = levels.check(levelLabel, List.of(SignatureLevel.values()), super.target.reader != null);
        try {
            subFilter = PdfSubFilter.ofPdfName(subFilterName);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--subfilter must be ETSI.CAdES.detached or adbe.pkcs7.detached, not '" + subFilterName + "'");
        }
        pdf = CliFiles.read(in);
        target = outFile != null ? outFile : defaultOut(in);
        if (target.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
            throw CliException.badInput("--out must not be the input file: the original is kept as it is");
        }
        try {
            PdfSigner.checkSignable(pdf);
        } catch (java.io.IOException e) {
            throw CliException.badInput("cannot sign " + in + ": " + e.getMessage() + "; nothing was sent to the card");
        }
        CliFiles.requireWritable(target);
    }

    @Override
    protected int run(CardSession s) throws Exception {
        byte[] signed;
        RevocationChecker checker = levels.checker(s);
        boolean checked = levels.beforePassword(s, checker);
        try (CardSigningKey k = signingKey(s)) {
            if (!checked) {
                levels.afterPassword(k.certificate(), k.caCertificate(), checker);
            }
            PdfSigner signer = PdfSigner.builder(k.key(), k.certificate()).provider(k.provider())
                    .caCertificate(k.caCertificate()).reason(reason).location(location).level(level).subFilter(subFilter)
                    .timestamps(levels.tsa()).revocation(checker).build();
            signed = CardSigningKey.sign(in.toString(), () -> signer.sign(pdf));
        }
        CliFiles.write(target, signed);
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("in", in.toString());
            o.put("out", target.toString());
            o.put("subFilter", subFilter.pdfName());
            o.put("level", level.label());
            o.put("revocation", Json.enumValue(levels.revocationChecked().status()));
            o.put("bytes", signed.length);
            printJson(o);
        } else {
            out().println("Signed " + in + " with the signing key (署名用秘密鍵): " + levelName() + " (" + subFilter.pdfName() + ").");
            out().println("  Revocation: " + levels.revocationChecked().detail());
            out().println("  Signed PDF: " + target + " (" + signed.length + " bytes; the original is unchanged)");
        }
        return ExitCodes.OK;
    }

    private String levelName() {
        String l = level.label().substring(2).toUpperCase(Locale.ROOT);
        return (subFilter == PdfSubFilter.ADBE_PKCS7_DETACHED ? "PKCS#7 " : "PAdES ") + "B-" + l;
    }

    /** {@code doc.pdf} becomes {@code doc-signed.pdf}; any other name gets {@code -signed.pdf} appended. */
    static Path defaultOut(Path in) {
        String name = in.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".pdf") ? name.substring(0, name.length() - 4) : name;
        return in.resolveSibling(base + "-signed.pdf");
    }
}
