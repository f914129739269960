package io.github.mynacard.mock;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The card-face AP's files, laid out as public implementations read them (BER-TLV, private-class
 * two-byte tags, minimal long-form lengths where a length is 128 or more):
 * <ul>
 *   <li>EF 0002, the card face: {@code FF 20 <len>} { {@code DF21 12} offset table (nine 2-byte
 *       big-endian offsets from the start of the file to the tags of DF22 to DF2A, in that order),
 *       {@code DF22 08} birth date {@code YYYYMMDD}, {@code DF23 01} sex digit ({@code 1} male,
 *       {@code 2} female, {@code 9} not applicable, {@code 0} unknown), {@code DF24 82 01 09} the
 *       card's face key ({@code 90 03 01 00 01 91 82 01 00 <modulus>}), {@code DF25} name image
 *       (PNG), {@code DF26} address image (PNG), {@code DF27} face photo (JP2), {@code DF28 82 01 00}
 *       signature, {@code DF29 08} card expiry date {@code YYYYMMDD}, {@code DF2A} security-code
 *       image (PNG) }, then {@code FF} filler to a multiple of 32 bytes. The signature is RSA-2048
 *       PKCS#1 v1.5 by the face key over a DigestInfo with the SHA-256 OID whose digest is the 96
 *       bytes SHA-256(DF22‖DF23‖DF24) ‖ SHA-256(DF25‖DF26) ‖ SHA-256(DF27), each over whole
 *       elements (tag, length, value); DF29 and DF2A are not covered (one public source reports
 *       this scheme; another computes the same three groups).</li>
 *   <li>EF 0003, AP basic information: {@code FF 30 82 01 3B} { {@code DF31 04 06 03 0E 01},
 *       {@code DF32 10} a key id, {@code DF33 01 01} version, {@code DF34 05} municipality code (5
 *       ASCII digits), {@code DF35 82 01 10} the face key's id and 256 opaque bytes } (315 bytes of
 *       value), then {@code FF} filler; the key id and the opaque bytes come from the card's
 *       seed.</li>
 *   <li>EF 0004, the face key's card-verifiable certificate ({@link CardVerifiableCertificates}):
 *       certifying key id {@code "6000023" 08 05 "001" 00 00 00 00}, the test authority for this AP
 *       ({@link #authority()}, the same for every card); subject key id the card's own.</li>
 *   <li>EF 0005, the My Number image: {@code FF 40 82 01 xx} { {@code DF41} the My Number as a
 *       72×12 PNG, {@code DF42 82 01 09} the face key, {@code DF43 82 01 00} signature }, then
 *       {@code FF} filler. Where public sources do not say what the signature covers, this project
 *       signs the {@code DF41} and {@code DF42} elements (tags, lengths and values) with
 *       SHA256withRSA, as the card-info integrity record signs the elements before its
 *       signature.</li>
 * </ul>
 */
final class CardFaceFiles {

    /** The key id of the test authority that certifies every card's face key. */
    static final byte[] AUTHORITY_KEY_ID = Tlv.keyId("6000023");
    /** The DER prefix of a DigestInfo with the SHA-256 OID and a 96-byte digest. */
    static final byte[] DIGEST_INFO_96 = HexFormat.of().parseHex("3071300D060960864801650304020105000460");

    private CardFaceFiles() {
    }

    static KeyPair authority() {
        return TestKeys.get(TestKeys.CARD_FACE_CVC_CA);
    }

    private static byte[] date(java.time.LocalDate d) {
        return d.format(DateTimeFormatter.BASIC_ISO_DATE).getBytes(StandardCharsets.US_ASCII);
    }

    /** @return EF 0002 of a card */
    static byte[] cardFace(CardIdentity card) {
        CardIdentity.Holder h = card.holder;
        KeyPair key = card.keys.cardFace();
        byte[][] e = new byte[9][];
        e[0] = Tlv.of(0xDF22, date(h.birthDate()));
        e[1] = Tlv.of(0xDF23, new byte[] {(byte) h.sex().code()});
        e[2] = Tlv.of(0xDF24, CardVerifiableCertificates.rsaKey(key.getPublic()));
        e[3] = Tlv.of(0xDF25, CardImages.text(h.name()));
        e[4] = Tlv.of(0xDF26, CardImages.text(h.address()));
        e[5] = Tlv.of(0xDF27, FacePhotos.photo(card.stream("photo").nextInt(FacePhotos.VARIANTS)));
        e[6] = Tlv.of(0xDF28, faceSignature(key, Tlv.concat(e[0], e[1], e[2]), Tlv.concat(e[3], e[4]), e[5]));
        e[7] = Tlv.of(0xDF29, date(h.cardExpiryDate()));
        e[8] = Tlv.of(0xDF2A, CardImages.digits(h.securityCode()));
        int offsetsLength = 3 + 2 * e.length;
        int valueLength = offsetsLength;
        for (byte[] x : e) {
            valueLength += x.length;
        }
        byte[] header = Tlv.concat(new byte[] {(byte) 0xFF, 0x20}, Tlv.length(valueLength));
        byte[] offsets = new byte[2 * e.length];
        int at = header.length + offsetsLength;
        for (int i = 0; i < e.length; i++) {
            offsets[2 * i] = (byte) (at >> 8);
            offsets[2 * i + 1] = (byte) at;
            at += e[i].length;
        }
        return Tlv.padded(Tlv.concat(header, Tlv.of(0xDF21, offsets), Tlv.concat(e)));
    }

    /** PKCS#1 v1.5 over DigestInfo(SHA-256 OID, SHA-256(group 1) ‖ SHA-256(group 2) ‖ SHA-256(group 3)). */
    private static byte[] faceSignature(KeyPair key, byte[] group1, byte[] group2, byte[] group3) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digestInfo = Tlv.concat(DIGEST_INFO_96, sha.digest(group1), sha.digest(group2), sha.digest(group3));
            return CardVerifiableCertificates.sign("NONEwithRSA", key.getPrivate(), digestInfo);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** @return EF 0003 of a card */
    static byte[] basicInformation(CardIdentity card) {
        byte[] df35 = Tlv.concat(card.keyId("card-face"), card.stream("card-face DF35").nextBytes(256));
        byte[] value = Tlv.concat(Tlv.of(0xDF31, new byte[] {0x06, 0x03, 0x0E, 0x01}), Tlv.of(0xDF32, card.keyId("card-face basic")),
                Tlv.of(0xDF33, new byte[] {0x01}), Tlv.of(0xDF34, card.holder.municipalityCode().getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(0xDF35, df35));
        return Tlv.padded(Tlv.of(0xFF30, value));
    }

    /** @return EF 0004 of a card */
    static byte[] cvc(CardIdentity card) {
        return CardVerifiableCertificates.cvc(AUTHORITY_KEY_ID, card.keyId("card-face"), card.keys.cardFace().getPublic(),
                authority().getPrivate());
    }

    /** @return EF 0005 of a card */
    static byte[] myNumberImage(CardIdentity card) {
        byte[] covered = Tlv.concat(Tlv.of(0xDF41, CardImages.digits(card.holder.myNumber())),
                Tlv.of(0xDF42, CardVerifiableCertificates.rsaKey(card.keys.cardFace().getPublic())));
        byte[] sig = CardVerifiableCertificates.sign("SHA256withRSA", card.keys.cardFace().getPrivate(), covered);
        return Tlv.padded(Tlv.of(0xFF40, Tlv.concat(covered, Tlv.of(0xDF43, sig))));
    }
}
