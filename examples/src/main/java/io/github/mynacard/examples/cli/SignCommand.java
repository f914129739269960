package io.github.mynacard.examples.cli;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.signing.CmsSigner;
import io.github.mynacard.signing.SignatureLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard sign FILE}: a raw RSA signature (SHA-256, PKCS#1 v1.5) of a file, or a detached CMS with {@code --cms}. */
@Command(name = "sign", header = "Sign a file: a raw SHA256withRSA signature, or a detached CMS (.p7s) with --cms.",
        mixinStandardHelpOptions = true,
        description = {"Sign a file with one of the card's keys: SHA-256, RSA PKCS#1 v1.5 (SHA256withRSA). Writes the raw "
            + "256-byte signature to --out (default: FILE.sig).",
            "With --cms: a detached CMS SignedData (CAdES baseline, DER; B-B unless --level says otherwise) made through the JCA provider with the signing "
                + "key, holding the signing certificate and the signing CA certificate; --out defaults to FILE.p7s. Check "
                + "it with 'mynacard verify-signature FILE --sig FILE.p7s' or 'openssl cms -verify'. --level b-t adds an "
                + "RFC 3161 signature time-stamp from --tsa URL; b-lt then the validation data (certificates, CRLs or OCSP "
                + "responses of the signer and the time-stamping authority) inside the SignedData. Before the password is "
                + "asked, the time-stamping authority must answer and, on an emulated card, the signing certificate must be "
                + "neither expired nor revoked (see sign-pdf).",
            "PIN order for --pin-stdin: the key's PIN (signing password for --key signing and --cms, user-authentication "
                + "PIN for --key auth)."})
public final class SignCommand extends PinCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to sign.")
    Path file;

    @Option(names = "--key", defaultValue = "signing", paramLabel = "auth|signing", converter = Names.KeyConverter.class,
            description = "signing (署名用, default) or auth (利用者証明用). --cms takes the signing key only.")
    JpkiKey key;

    @Option(names = "--cms", description = "Write a detached CMS SignedData (.p7s) instead of the raw signature.")
    boolean cms;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the signature (default: FILE.sig, or FILE.p7s with --cms).")
    Path outFile;

    @Option(names = "--level", paramLabel = "b-b|b-t|b-lt", defaultValue = "b-b",
            description = "With --cms: the CAdES baseline level (default: ${DEFAULT-VALUE}).")
    String levelLabel;

    @Mixin
    SignatureOptions levels;

    private SignatureLevel level;
    private byte[] digest;
    private Path target;

    /** The options agree, the file is read and the output can be written, before any PIN is asked. */
    @Override
    protected void checkInputs() throws Exception {
        if (cms && key != JpkiKey.SIGNING) {
            throw CliException.badInput("--cms signs with the signing key only: the user-authentication certificate is "
                    + "not meant for document signatures");
        }
        if (!cms && (!"b-b".equals(levelLabel) || levels.tsaUrl != null || levels.revocation.given())) {
            throw CliException.badInput("--level, --tsa and --revocation are for --cms: a raw signature has no room for a "
                    + "time-stamp or validation data");
        }
        level = levels.check(levelLabel, List.of(SignatureLevel.B_B, SignatureLevel.B_T, SignatureLevel.B_LT),
                super.target.reader != null);
        digest = digest(file);
        target = outFile != null ? outFile : Path.of(file + (cms ? ".p7s" : ".sig"));
        if (target.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            throw CliException.badInput("--out must not be the file to sign");
        }
        CliFiles.requireWritable(target);
    }

    @Override
    protected int run(CardSession s) throws Exception {
        byte[] signature;
        if (cms) {
            RevocationChecker checker = levels.checker(s);
            boolean checked = levels.beforePassword(s, checker);
            try (CardSigningKey k = signingKey(s)) {
                if (!checked) {
                    levels.afterPassword(k.certificate(), k.caCertificate(), checker);
                }
                CmsSigner signer = CmsSigner.builder(k.key(), k.certificate()).provider(k.provider())
                        .addCertificate(k.caCertificate()).level(level).timestamps(levels.tsa()).revocation(checker).build();
                signature = CardSigningKey.sign(file.toString(), () -> signer.sign(file));
            }
        } else {
            if (s.emulated()) {
                // a raw signature carries no time: a verifier judges the certificate as it is when it checks
                X509Certificate c = s.emulator().certificate(key == JpkiKey.SIGNING ? JpkiCertificate.SIGNING
                        : JpkiCertificate.AUTHENTICATION);
                if (c.getNotAfter().toInstant().isBefore(java.time.Instant.now())) {
                    progress("warning: the " + Names.certificate(key == JpkiKey.SIGNING ? JpkiCertificate.SIGNING
                            : JpkiCertificate.AUTHENTICATION) + " expired on " + Names.japanDate(c.getNotAfter())
                            + "; the signature will not verify");
                }
            }
            try (PinOptions.GuardedPin p = pin(s, key.pin())) {
                signature = s.card().signDigest(key, DigestAlgorithm.SHA256, digest, p.chars(), p.lastAttempt());
            }
        }
        CliFiles.write(target, signature);
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("in", file.toString());
            o.put("key", key == JpkiKey.SIGNING ? "signing" : "auth");
            o.put("format", cms ? "cms" : "raw");
            if (cms) {
                o.put("level", level.label());
                o.put("revocation", Json.enumValue(levels.revocationChecked().status()));
            }
            o.put("sha256", HexFormat.of().formatHex(digest));
            o.put("out", target.toString());
            o.put("bytes", signature.length);
            printJson(o);
        } else {
            out().println("Signed " + file + " with the " + (key == JpkiKey.SIGNING ? "signing key (署名用秘密鍵)"
                    : "user-authentication key (利用者証明用秘密鍵)") + ".");
            out().println("  SHA-256:    " + HexFormat.of().formatHex(digest));
            out().println("  Signature:  " + target + " (" + signature.length + " bytes, "
                    + (cms ? "detached CMS SignedData, CAdES " + level.label().toUpperCase(java.util.Locale.ROOT)
                            + ", SHA256withRSA, with the signing and signing CA certificates"
                            : "SHA256withRSA") + ")");
        }
        return ExitCodes.OK;
    }

    /**
     * @param file a file
     * @return its SHA-256
     * @throws CliException when it cannot be read (a PIN-like name is refused as a PIN given as an argument)
     */
    static byte[] digest(Path file) throws CliException {
        CliFiles.requireFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + ": " + CliFiles.reason(e));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
