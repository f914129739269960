package io.github.mynacard.mock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Map;

/**
 * The card-info input support AP's authenticity files, laid out as public implementations read them:
 * <ul>
 *   <li>EF 0003, the integrity record: {@code FF 30 82 01 4B} { {@code DF 31 20} SHA-256 of the My
 *       Number file's 17 physical bytes, {@code DF 32 20} SHA-256 of the basic four file's value
 *       from the {@code DF 22} tag to the end of {@code DF 25}, {@code DF 33 82 01 00} an RSA-2048
 *       PKCS#1 v1.5 SHA-256 signature by the AP's issuer key }. Where public sources are unsure
 *       what the signature covers, this project signs the {@code DF 31} and {@code DF 32} elements
 *       (tags, lengths and values), which is "the bytes before DF33" inside the record.</li>
 *   <li>EF 0004, the card-verifiable certificate of the issuer key: {@code 7F 21 82 02 33} {
 *       {@code 5F 4E 82 01 29} body (16-byte certifying key id, 16-byte subject key id,
 *       {@code 90 03} exponent, {@code 91 82 01 00} modulus), {@code 5F 37 82 01 00} SHA-256 RSA
 *       signature over the body by the certifying authority }. Key ids begin with {@code 6} as in
 *       the J-LIS test hierarchy.</li>
 * </ul>
 * The keys are the shipped public test keys {@code cvc-ca} and {@code card-info-issuer}.
 */
final class CardInfoIntegrity {

    static final byte[] CVC_CA_KEY_ID = keyId("6000001");
    static final byte[] ISSUER_KEY_ID = keyId("6000033");

    // RSA signatures are deterministic here (PKCS#1 v1.5): a record signed once is kept, so that
    // building a card, or loading one from its state file, costs no RSA operation the second time
    private static final Map<String, byte[]> RECORDS = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > 32;
                }
            });
    private static volatile byte[] cvc;

    private CardInfoIntegrity() {
    }

    static KeyPair cvcAuthority() {
        return TestKeys.get(TestKeys.CVC_CA);
    }

    static KeyPair issuer() {
        return TestKeys.get(TestKeys.CARD_INFO_ISSUER);
    }

    /** 7 ASCII digits, 08 05, "001", 4 zero bytes: the shape of the card's key ids. */
    private static byte[] keyId(String seven) {
        byte[] id = new byte[16];
        System.arraycopy(seven.getBytes(StandardCharsets.US_ASCII), 0, id, 0, 7);
        id[7] = 0x08;
        id[8] = 0x05;
        System.arraycopy("001".getBytes(StandardCharsets.US_ASCII), 0, id, 9, 3);
        return id;
    }

    /**
     * @param myNumberFile the My Number EF's physical bytes
     * @param basicFourFile the basic four EF's physical bytes (TLV and filler)
     * @return EF 0003
     */
    static byte[] integrityRecord(byte[] myNumberFile, byte[] basicFourFile) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h1 = sha.digest(myNumberFile);
            byte[] h2 = sha.digest(basicFourCovered(basicFourFile));
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.write(0xDF);
            signed.write(0x31);
            signed.write(0x20);
            signed.writeBytes(h1);
            signed.write(0xDF);
            signed.write(0x32);
            signed.write(0x20);
            signed.writeBytes(h2);
            byte[] covered = signed.toByteArray();
            String key = java.util.HexFormat.of().formatHex(covered);
            byte[] known = RECORDS.get(key);
            if (known != null) {
                return known.clone();
            }
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(issuer().getPrivate());
            s.update(covered);
            byte[] sig = s.sign();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0xFF, 0x30, (byte) 0x82, 0x01, 0x4B});
            out.writeBytes(covered);
            out.writeBytes(new byte[] {(byte) 0xDF, 0x33, (byte) 0x82, 0x01, 0x00});
            out.writeBytes(sig);
            byte[] record = out.toByteArray();
            RECORDS.put(key, record.clone());
            return record;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 with RSA unavailable", e);
        }
    }

    /** The basic four file's value from the DF22 tag to the end of DF25 (the DF21 offset table left out). */
    static byte[] basicFourCovered(byte[] file) {
        int p = 2; // FF 20
        int l0 = file[p++] & 0xFF;
        int len;
        if (l0 < 0x80) {
            len = l0;
        } else {
            int n = l0 & 0x7F;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (file[p++] & 0xFF);
            }
        }
        int valueStart = p;
        int df21Len = file[p + 2] & 0xFF; // DF 21 08
        int from = p + 3 + df21Len;
        return Arrays.copyOfRange(file, from, valueStart + len);
    }

    /** @return EF 0004 */
    static byte[] cvc() {
        byte[] c = cvc;
        if (c == null) {
            c = makeCvc();
            cvc = c;
        }
        return c.clone();
    }

    private static byte[] makeCvc() {
        RSAPublicKey pub = (RSAPublicKey) issuer().getPublic();
        byte[] modulus = unsigned(pub.getModulus().toByteArray(), 256);
        byte[] exponent = unsigned(pub.getPublicExponent().toByteArray(), 3);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(CVC_CA_KEY_ID);
        body.writeBytes(ISSUER_KEY_ID);
        body.write(0x90);
        body.write(exponent.length);
        body.writeBytes(exponent);
        body.writeBytes(new byte[] {(byte) 0x91, (byte) 0x82, 0x01, 0x00});
        body.writeBytes(modulus);
        byte[] b = body.toByteArray(); // 16 + 16 + 5 + 260 = 297 = 0x129
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(cvcAuthority().getPrivate());
            s.update(b);
            byte[] sig = s.sign();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0x7F, 0x21, (byte) 0x82, 0x02, 0x33});
            out.writeBytes(new byte[] {0x5F, 0x4E, (byte) 0x82, (byte) (b.length >> 8), (byte) b.length});
            out.writeBytes(b);
            out.writeBytes(new byte[] {0x5F, 0x37, (byte) 0x82, 0x01, 0x00});
            out.writeBytes(sig);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 with RSA unavailable", e);
        }
    }

    private static byte[] unsigned(byte[] twos, int size) {
        int start = twos.length > size && twos[0] == 0 ? twos.length - size : 0;
        byte[] out = new byte[size];
        int n = twos.length - start;
        System.arraycopy(twos, start, out, size - n, n);
        return out;
    }
}
