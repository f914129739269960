package io.github.mynacard;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Hash algorithms whose DigestInfo the card signs (it pads with PKCS#1 v1.5 itself).
 */
public enum DigestAlgorithm {
    /** SHA-1 (legacy; avoid for new signatures). */
    SHA1("SHA-1", 20, "3021300906052b0e03021a05000414"),
    /** SHA-256. */
    SHA256("SHA-256", 32, "3031300d060960864801650304020105000420"),
    /** SHA-384. */
    SHA384("SHA-384", 48, "3041300d060960864801650304020205000430"),
    /** SHA-512. */
    SHA512("SHA-512", 64, "3051300d060960864801650304020305000440");

    private final String jcaName;
    private final int length;
    private final byte[] prefix;

    DigestAlgorithm(String jcaName, int length, String prefixHex) {
        this.jcaName = jcaName;
        this.length = length;
        this.prefix = HexFormat.of().parseHex(prefixHex);
    }

    /** @return the JCA name, for {@link java.security.MessageDigest#getInstance(String)} */
    public String jcaName() {
        return jcaName;
    }

    /** @return the digest length in bytes */
    public int digestLength() {
        return length;
    }

    /**
     * The DER DigestInfo of a digest.
     *
     * @param digest the hash value
     * @return the DigestInfo to sign
     * @throws IllegalArgumentException when the digest has the wrong length
     */
    public byte[] digestInfo(byte[] digest) {
        if (digest == null || digest.length != length) {
            throw new IllegalArgumentException(jcaName + " digest must be " + length + " bytes");
        }
        byte[] out = Arrays.copyOf(prefix, prefix.length + length);
        System.arraycopy(digest, 0, out, prefix.length, length);
        return out;
    }
}
