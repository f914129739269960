package io.github.mynacard.examples.cli;

import io.github.mynacard.signing.PdfSigner;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard sign-pdf IN.pdf}: a PAdES baseline-B signature with the signing key. */
@Command(name = "sign-pdf", header = "Sign a PDF (PAdES baseline-B) with the signing key.", mixinStandardHelpOptions = true,
        description = {"Sign a PDF with the signing key (署名用秘密鍵) through the JCA provider: an incremental update with a "
            + "PAdES baseline-B signature (/SubFilter ETSI.CAdES.detached, SHA256withRSA, the signing certificate and the "
            + "signing CA certificate in the CMS). The input is left as it is; --out defaults to IN-signed.pdf. Check it "
            + "with 'mynacard verify-signature OUT.pdf' or 'pdfsig OUT.pdf'.",
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

    private byte[] pdf;
    private Path target;

    /** The PDF parses and the output can be written, before the card is opened or a password asked. */
    @Override
    protected void checkInputs() throws Exception {
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
        try (CardSigningKey k = signingKey(s)) {
            PdfSigner signer = PdfSigner.builder(k.key(), k.certificate()).provider(k.provider())
                    .caCertificate(k.caCertificate()).reason(reason).location(location).build();
            signed = CardSigningKey.sign(in.toString(), () -> signer.sign(pdf));
        }
        CliFiles.write(target, signed);
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("in", in.toString());
            o.put("out", target.toString());
            o.put("subFilter", "ETSI.CAdES.detached");
            o.put("bytes", signed.length);
            printJson(o);
        } else {
            out().println("Signed " + in + " with the signing key (署名用秘密鍵): PAdES baseline-B (ETSI.CAdES.detached).");
            out().println("  Signed PDF: " + target + " (" + signed.length + " bytes; the original is unchanged)");
        }
        return ExitCodes.OK;
    }

    /** {@code doc.pdf} becomes {@code doc-signed.pdf}; any other name gets {@code -signed.pdf} appended. */
    static Path defaultOut(Path in) {
        String name = in.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".pdf") ? name.substring(0, name.length() - 4) : name;
        return in.resolveSibling(base + "-signed.pdf");
    }
}
