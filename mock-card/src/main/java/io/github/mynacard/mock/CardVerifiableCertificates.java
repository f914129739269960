package io.github.mynacard.mock;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/**
 * The card-verifiable certificates of the card-info and card-face APs (EF 0004 of each), laid out
 * as public implementations read them: {@code 7F 21 82 02 33} { {@code 5F 4E 82 01 29} body (16-byte
 * certifying key id, 16-byte subject key id, {@code 90 03} exponent, {@code 91 82 01 00} modulus),
 * {@code 5F 37 82 01 00} SHA-256 RSA PKCS#1 v1.5 signature over the body by the certifying
 * authority } (568 bytes); and the RSA public key objects {@code 90}/{@code 91} the APs' files
 * carry.
 */
final class CardVerifiableCertificates {

    private CardVerifiableCertificates() {
    }

    /** {@code 90 03 <exponent> 91 82 01 00 <256-byte modulus>}: 265 bytes. */
    static byte[] rsaKey(PublicKey key) {
        RSAPublicKey pub = (RSAPublicKey) key;
        byte[] modulus = Tlv.unsigned(pub.getModulus().toByteArray(), 256);
        byte[] exponent = Tlv.unsigned(pub.getPublicExponent().toByteArray(), 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x90);
        out.write(exponent.length);
        out.writeBytes(exponent);
        out.writeBytes(new byte[] {(byte) 0x91, (byte) 0x82, 0x01, 0x00});
        out.writeBytes(modulus);
        return out.toByteArray();
    }

    /**
     * @param certifyingId the authority's 16-byte key id
     * @param subjectId the certified key's 16-byte key id
     * @param subject the certified key
     * @param authority the authority's private key
     * @return the 568-byte certificate
     */
    static byte[] cvc(byte[] certifyingId, byte[] subjectId, PublicKey subject, PrivateKey authority) {
        byte[] body = Tlv.concat(certifyingId, subjectId, rsaKey(subject)); // 16 + 16 + 265 = 297 = 0x129
        byte[] sig = sign("SHA256withRSA", authority, body);
        return Tlv.concat(new byte[] {0x7F, 0x21, (byte) 0x82, 0x02, 0x33}, Tlv.ofLong(0x5F4E, body), Tlv.ofLong(0x5F37, sig));
    }

    /** A PKCS#1 v1.5 signature (an algorithm of the JDK) over the data. */
    static byte[] sign(String algorithm, PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
