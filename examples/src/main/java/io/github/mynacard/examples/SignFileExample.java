package io.github.mynacard.examples;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * Example: signs a file with the signing key of an emulated card (SHA-256, PKCS#1 v1.5) and
 * verifies the signature with the public key of the signing certificate, using only the JDK.
 *
 * <p>Run with {@code java -cp examples/target/mynacard.jar io.github.mynacard.examples.SignFileExample [FILE]};
 * without a file it signs a short text.
 */
public final class SignFileExample {

    private SignFileExample() {
    }

    /**
     * @param args optionally the file to sign
     * @throws Exception when the card refuses or the file cannot be read
     */
    public static void main(String[] args) throws Exception {
        byte[] data = args.length > 0 ? Files.readAllBytes(Path.of(args[0]))
                : "Hello from SignFileExample\n".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        // a test password; a real program reads it from the holder as char[]
        char[] password = MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray();
        try (MynaCard card = MynaCard.open(MynaCardEmulator.createDefault())) {
            byte[] signature = card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, digest, password);
            X509Certificate certificate = card.readSigningCertificate(password);
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            System.out.println("signature: " + signature.length + " bytes");
            System.out.println("verified: " + verifier.verify(signature));
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
