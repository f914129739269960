package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard cert export WHICH}: a certificate as PEM or DER. */
@Command(name = "export", header = "Export a certificate as PEM or DER.", mixinStandardHelpOptions = true,
        description = {"Export a certificate as PEM (default; to standard output unless --out, inside the JSON as \"pem\" with --json) "
                + "or DER (needs --out).",
            "PIN order for --pin-stdin: the signing password (signing certificate only)."})
public final class CertExportCommand extends PinCommand {

    /** The output formats. */
    enum Format { PEM, DER }

    @Parameters(index = "0", paramLabel = "WHICH", converter = Names.CertificateConverter.class,
            description = "auth, auth-ca, signing or signing-ca")
    JpkiCertificate which;

    @Option(names = "--format", defaultValue = "PEM", paramLabel = "pem|der", description = "PEM or DER (default: pem).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the certificate.")
    Path outFile;

    /** The options agree and the output can be written, before the signing password is asked. */
    @Override
    protected void checkInputs() throws Exception {
        if (format == Format.DER && outFile == null) {
            throw CliException.badInput("DER is binary: give --out FILE");
        }
        if (json() && outFile == null && format == Format.DER) {
            throw CliException.badInput("DER is binary: give --out FILE");
        }
        if (outFile != null) {
            CliFiles.requireWritable(outFile);
        }
    }

    @Override
    protected int run(CardSession s) throws Exception {
        X509Certificate c = certificate(s, which);
        byte[] bytes = format == Format.DER ? c.getEncoded() : pem(c.getEncoded()).getBytes(StandardCharsets.US_ASCII);
        if (outFile == null && json()) {
            Map<String, Object> o = Json.object();
            o.put("certificate", Names.option(which));
            o.put("format", "pem");
            o.put("pem", new String(bytes, StandardCharsets.US_ASCII));
            printJson(o);
            return ExitCodes.OK;
        }
        if (outFile == null) {
            out().print(new String(bytes, StandardCharsets.US_ASCII));
            return ExitCodes.OK;
        }
        CliFiles.write(outFile, bytes);
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("certificate", Names.option(which));
            o.put("format", format.name().toLowerCase());
            o.put("out", outFile.toString());
            o.put("bytes", bytes.length);
            printJson(o);
        } else {
            out().println("Wrote the " + Names.certificate(which) + " to " + outFile + " (" + format + ", " + bytes.length + " bytes).");
        }
        return ExitCodes.OK;
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
