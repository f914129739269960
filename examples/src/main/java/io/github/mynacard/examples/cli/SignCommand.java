package io.github.mynacard.examples.cli;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard sign FILE}: a raw RSA signature (SHA-256, PKCS#1 v1.5) of a file. */
@Command(name = "sign", header = "Sign a file (SHA-256, RSA) with the signing or the authentication key.", mixinStandardHelpOptions = true,
        description = {"Sign a file with one of the card's keys: SHA-256, RSA PKCS#1 v1.5 (SHA256withRSA). Writes the raw "
            + "256-byte signature to --out (default: FILE.sig).",
            "PIN order for --pin-stdin: the key's PIN (signing password for --key signing, user-authentication PIN for --key auth)."})
public final class SignCommand extends PinCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to sign.")
    Path file;

    @Option(names = "--key", defaultValue = "signing", paramLabel = "auth|signing", converter = Names.KeyConverter.class,
            description = "signing (署名用, default) or auth (利用者証明用).")
    JpkiKey key;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the signature (default: FILE.sig).")
    Path outFile;

    @Override
    protected int run(CardSession s) throws Exception {
        byte[] digest = digest(file);
        Path target = outFile != null ? outFile : Path.of(file + ".sig");
        byte[] signature;
        try (PinOptions.GuardedPin p = pin(s, key.pin())) {
            signature = s.card().signDigest(key, DigestAlgorithm.SHA256, digest, p.chars(), p.lastAttempt());
        }
        try {
            Files.write(target, signature);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot write " + target + ": " + e.getMessage(), e);
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("file", file.toString());
            o.put("key", key == JpkiKey.SIGNING ? "signing" : "auth");
            o.put("sha256", HexFormat.of().formatHex(digest));
            o.put("signature", target.toString());
            o.put("bytes", signature.length);
            printJson(o);
        } else {
            out().println("Signed " + file + " with the " + (key == JpkiKey.SIGNING ? "signing key (署名用秘密鍵)"
                    : "user-authentication key (利用者証明用秘密鍵)") + ".");
            out().println("  SHA-256:    " + HexFormat.of().formatHex(digest));
            out().println("  Signature:  " + target + " (" + signature.length + " bytes, SHA256withRSA)");
        }
        return ExitCodes.OK;
    }

    /**
     * @param file a file
     * @return its SHA-256
     * @throws CliException when it cannot be read (a PIN-like name is refused as a PIN given as an argument)
     */
    static byte[] digest(Path file) throws CliException {
        if (!Files.isRegularFile(file)) {
            if (Names.looksLikePin(file.toString())) {
                throw CliException.badInput(Names.PIN_AS_ARGUMENT);
            }
            throw CliException.badInput("no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw CliException.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }
}
