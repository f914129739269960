package io.github.mynacard.mock;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Arrays;

/**
 * The card-info input support AP's authenticity and information files, laid out as public
 * implementations read them:
 * <ul>
 *   <li>EF 0003, the integrity record (336 bytes): {@code FF 30 82 01 4B} { {@code DF 31 20} SHA-256
 *       of the My Number file's 17 physical bytes, {@code DF 32 20} SHA-256 of the basic four
 *       file's value from the {@code DF 22} tag to the end of {@code DF 25}, {@code DF 33 82 01 00}
 *       an RSA-2048 PKCS#1 v1.5 SHA-256 signature by the card's own card-info key }. Where public
 *       sources are unsure what the signature covers, this project signs the {@code DF 31} and
 *       {@code DF 32} elements (tags, lengths and values), which is "the bytes before DF33" inside
 *       the record.</li>
 *   <li>EF 0004, the card-verifiable certificate of the card's card-info key
 *       ({@link CardVerifiableCertificates}): certifying key id {@code "6000033" 08 05 "001" 00 00 00 00}
 *       (the test authority, {@link #authority()}, the same for every card), subject key id the
 *       card's own.</li>
 *   <li>EF 0005, AP basic information, free, exactly 256 bytes: {@code FF 40 82 00 9F} {
 *       {@code DF 41 04 01 03 0E 01} (AP identification: version, extended-length support, vendor),
 *       {@code DF 42 10} a 16-byte key id, {@code DF 43 82 00 80} 128 bytes: 32 non-{@code FF} bytes
 *       and 96 × {@code FF} }, then {@code FF} filler. The value is 7 + 19 + 133 = 159 = {@code 0x9F}
 *       bytes: {@code DF43}'s length is written in the non-minimal long form {@code 82 00 80}, as
 *       the outer {@code 82 00 9F} is on real cards (one public source shows that header; the inner
 *       lengths are this project's choice that makes the arithmetic hold). The key id and the 32
 *       bytes come from the card's seed.</li>
 * </ul>
 */
final class CardInfoIntegrity {

    /** The key id of the test authority that certifies every card's card-info key. */
    static final byte[] AUTHORITY_KEY_ID = Tlv.keyId("6000033");

    private CardInfoIntegrity() {
    }

    static KeyPair authority() {
        return TestKeys.get(TestKeys.CVC_CA);
    }

    /**
     * @param myNumberFile the My Number EF's physical bytes
     * @param basicFourFile the basic four EF's physical bytes (TLV and filler)
     * @param cardKey the card's card-info key
     * @return EF 0003
     */
    static byte[] integrityRecord(byte[] myNumberFile, byte[] basicFourFile, PrivateKey cardKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] covered = Tlv.concat(Tlv.of(0xDF31, sha.digest(myNumberFile)), Tlv.of(0xDF32, sha.digest(basicFourCovered(basicFourFile))));
            byte[] sig = CardVerifiableCertificates.sign("SHA256withRSA", cardKey, covered);
            return Tlv.concat(new byte[] {(byte) 0xFF, 0x30, (byte) 0x82, 0x01, 0x4B}, covered, Tlv.of(0xDF33, sig));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
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

    /** @return EF 0004 of a card */
    static byte[] cvc(CardIdentity card) {
        return CardVerifiableCertificates.cvc(AUTHORITY_KEY_ID, card.keyId("card-info"), card.keys.cardInfo().getPublic(),
                authority().getPrivate());
    }

    /** @return EF 0005 of a card (256 bytes) */
    static byte[] basicInformation(CardIdentity card) {
        byte[] opaque = new byte[128];
        byte[] drawn = card.stream("card-info DF43").nextBytes(32);
        for (int i = 0; i < 32; i++) {
            opaque[i] = drawn[i] == (byte) 0xFF ? (byte) 0xFE : drawn[i];
        }
        Arrays.fill(opaque, 32, 128, (byte) 0xFF);
        byte[] value = Tlv.concat(Tlv.of(0xDF41, new byte[] {0x01, 0x03, 0x0E, 0x01}), Tlv.of(0xDF42, card.keyId("card-info basic")),
                Tlv.ofLong(0xDF43, opaque));
        return Tlv.paddedTo(Tlv.ofLong(0xFF40, value), 256);
    }
}
