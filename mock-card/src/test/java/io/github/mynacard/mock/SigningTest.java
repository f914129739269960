package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.dataOf;
import static io.github.mynacard.mock.Apdus.hex;
import static io.github.mynacard.mock.Apdus.selectEf;
import static io.github.mynacard.mock.Apdus.send;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.swOf;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshCards.class)
class SigningTest {

    /** DigestInfo prefix of SHA-256. */
    private static final String SHA256_DIGEST_INFO = "3031300D060960864801650304020105000420";

    private static byte[] digestInfo(byte[] message) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(message);
        return java.util.HexFormat.of().parseHex(SHA256_DIGEST_INFO + hex(hash));
    }

    private static String sign(int keyP2, byte[] data) {
        return String.format("802A00%02X%02X", keyP2, data.length) + hex(data) + "00";
    }

    @Test
    void signingKeyNeedsSigningPin(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        byte[] data = {1, 2, 3};
        assertEquals("6982", sw(card, sign(0x9A, data)));
        sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
        assertEquals("6982", sw(card, sign(0x9A, data)));
        sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        assertEquals("9000", sw(card, sign(0x9A, data)));
    }

    @Test
    void authKeyNeedsUserPin(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, selectEf(0x17));
        byte[] data = {1, 2, 3};
        assertEquals("6982", sw(card, sign(0x80, data)));
        sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        assertEquals("6982", sw(card, sign(0x80, data)));
        sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
        sw(card, selectEf(0x17));
        assertEquals("9000", sw(card, sign(0x80, data)));
    }

    @Test
    void signatureVerifiesWithTheCertificatesPublicKey(MynaCardEmulator card) throws Exception {
        byte[] message = "mynacard".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] di = digestInfo(message);
        sw(card, SELECT_JPKI);
        sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
        for (JpkiKey key : JpkiKey.values()) {
            byte[] r = send(card, sign(0x80 | key.fileId(), di));
            assertEquals("9000", swOf(r));
            byte[] sig = dataOf(r);
            assertEquals(256, sig.length);
            X509Certificate cert = card.certificate(key.certificate());
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(cert.getPublicKey());
            v.update(message);
            assertTrue(v.verify(sig), key.name());
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.DECRYPT_MODE, card.publicKey(key));
            assertArrayEquals(di, rsa.doFinal(sig));
        }
    }

    @Test
    void rawDataIsPaddedAsGiven(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
        byte[] data = new byte[245];
        data[0] = 7;
        byte[] sig = dataOf(send(card, sign(0x97, data)));
        Signature v = Signature.getInstance("NONEwithRSA");
        v.initVerify(card.certificate(JpkiCertificate.AUTHENTICATION).getPublicKey());
        v.update(data);
        assertTrue(v.verify(sig));
    }

    @Test
    void signingDoesNotClearVerifiedState(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        assertEquals("9000", sw(card, sign(0x9A, new byte[] {1})));
        assertEquals("9000", sw(card, sign(0x9A, new byte[] {2})));
    }

    @Test
    void signWithNonKeyFileAnswers6981Or6986(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        assertEquals("6986", sw(card, sign(0x80, new byte[] {1})));
        sw(card, selectEf(0x18));
        assertEquals("6981", sw(card, sign(0x80, new byte[] {1})));
        assertEquals("6A88", sw(card, sign(0x98, new byte[] {1})));
    }
}
