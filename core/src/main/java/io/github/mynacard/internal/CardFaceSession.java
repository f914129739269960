package io.github.mynacard.internal;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardDataException;
import io.github.mynacard.CardFace;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.Sex;
import io.github.mynacard.apdu.BerTlv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The card face application (券面事項確認AP, {@code D3921000310001010402}), laid out as public
 * implementations read it:
 * <ul>
 *   <li>EF 0002, the card face, opened by 照合番号A (EF 0013) or 照合番号B (EF 0012):
 *       {@code FF20 { DF21 offsets, DF22 birth date YYYYMMDD, DF23 sex, DF24 the card's RSA key
 *       (90, 91), DF25 name PNG, DF26 address PNG, DF27 photo JPEG 2000, DF28 signature, DF29 expiry
 *       date YYYYMMDD, DF2A security code PNG }};</li>
 *   <li>EF 0005, the My Number as an image, opened by 照合番号A only:
 *       {@code FF40 { DF41 PNG, DF42 RSA key, DF43 signature }};</li>
 *   <li>EF 0004, the card-verifiable certificate of the key that signs them, free.</li>
 * </ul>
 * The signature {@code DF28} is PKCS#1 v1.5 over a DigestInfo (SHA-256) whose digest is the 96
 * bytes SHA-256(DF22‖DF23‖DF24) ‖ SHA-256(DF25‖DF26) ‖ SHA-256(DF27), the elements with their tags
 * and lengths; {@code DF29} and {@code DF2A} are not covered. One public project documents this
 * scheme and another computes the same three digests. For EF 0005, where no public source says
 * what {@code DF43} covers, this project takes the {@code DF41} and {@code DF42} elements, signed
 * SHA-256 with RSA, as it does for the card-info AP's integrity record.
 */
public final class CardFaceSession {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    /** DER prefix of a DigestInfo with the SHA-256 OID and a 96-byte digest. */
    private static final byte[] DIGEST_INFO_96 = HexFormat.of().parseHex("3071300d06096086480165030402010500" + "0460");

    private final CardChannel ch;
    private final PinGuard pins;

    /**
     * @param ch the session's channel
     * @param pins the session's PIN guard
     */
    public CardFaceSession(CardChannel ch, PinGuard pins) {
        this.ch = ch;
        this.pins = pins;
    }

    /**
     * Verifies a verification number and reads the card face (and, with 照合番号A, the My Number image).
     *
     * @param kind {@link PinKind#CARD_FACE_NUMBER_A} or {@link PinKind#CARD_FACE_NUMBER_B}
     * @param number the number; not modified, not kept
     * @param lastAttempt whether its last attempt may be spent
     * @param trusted the authority key that certifies the AP's signing key, or null for no check
     * @return the card face
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses or the data is malformed
     */
    public CardFace read(PinKind kind, char[] number, LastAttempt lastAttempt, PublicKey trusted)
            throws IOException, MynaCardException {
        pins.verify(kind, number, lastAttempt);
        byte[] face = ch.readFile(0x0002, "card face file", false, true);
        byte[] myNumber = null;
        try {
            List<BerTlv> items = elements(face, 0xFF20, "card face file");
            expectTags(items, new int[] {0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A},
                    "card face file");
            LocalDate birth = date(items.get(1).value(), "birth date");
            Sex sex = sex(items.get(2).value());
            PublicKey cardKey = key(items.get(3));
            LocalDate expiry = date(items.get(8).value(), "expiry date");
            byte[] myNumberImage = null;
            if (kind.isNumberA()) {
                myNumber = ch.readFile(0x0005, "My Number image file", false, true);
                List<BerTlv> mn = elements(myNumber, 0xFF40, "My Number image file");
                expectTags(mn, new int[] {0xDF41, 0xDF42, 0xDF43}, "My Number image file");
                myNumberImage = mn.get(0).value();
            }
            Authenticity a = trusted == null ? Authenticity.NOT_CHECKED : authenticity(trusted, face, myNumber);
            return new CardFace(birth, sex, expiry, items.get(4).value(), items.get(5).value(), items.get(6).value(),
                    items.get(9).value(), myNumberImage, cardKey, a);
        } finally {
            Arrays.fill(face, (byte) 0);
            if (myNumber != null) {
                Arrays.fill(myNumber, (byte) 0);
            }
        }
    }

    private Authenticity authenticity(PublicKey trusted, byte[] face, byte[] myNumber) throws IOException {
        byte[] cvc;
        try {
            cvc = ch.readFile(0x0004, "card face certificate");
        } catch (MynaCardException e) {
            return failed("the card face certificate (EF 0004) could not be read: " + e.getMessage());
        }
        try {
            PublicKey signer = Cvc.certifiedKey(trusted, cvc);
            if (signer == null) {
                return failed("the card face certificate (EF 0004) is not signed by the trusted authority");
            }
            List<byte[]> raw = rawElements(face);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream digests = new ByteArrayOutputStream();
            digests.writeBytes(sha.digest(concat(raw.get(1), raw.get(2), raw.get(3))));
            digests.writeBytes(sha.digest(concat(raw.get(4), raw.get(5))));
            digests.writeBytes(sha.digest(raw.get(6)));
            Signature s = Signature.getInstance("NONEwithRSA");
            s.initVerify(signer);
            s.update(concat(DIGEST_INFO_96, digests.toByteArray()));
            if (!s.verify(elements(face, 0xFF20, "card face file").get(7).value())) {
                return failed("the card face's signature does not verify with the certified key");
            }
            if (myNumber != null) {
                List<byte[]> mn = rawElements(myNumber);
                Signature m = Signature.getInstance("SHA256withRSA");
                m.initVerify(signer);
                m.update(concat(mn.get(0), mn.get(1)));
                if (!m.verify(elements(myNumber, 0xFF40, "My Number image file").get(2).value())) {
                    return failed("the My Number image's signature does not verify with the certified key");
                }
            }
            return new Authenticity(Authenticity.Status.GENUINE, "card face signature and certificate verified"
                    + (myNumber != null ? ", and the My Number image's signature" : ""));
        } catch (CardDataException e) {
            return failed("an authenticity element is malformed: " + e.getMessage());
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed("the signatures could not be checked: " + e.getClass().getSimpleName());
        }
    }

    private static Authenticity failed(String why) {
        return new Authenticity(Authenticity.Status.FAILED, why);
    }

    private static List<BerTlv> elements(byte[] file, int tag, String what) throws CardDataException {
        BerTlv outer = BerTlv.parse(file, 0);
        if (outer.tag() != tag) {
            throw new CardDataException(String.format("%s: expected tag %X, found %X", what, tag, outer.tag()));
        }
        return outer.children();
    }

    /** The elements of a file's outer TLV as they are encoded (tag, length, value). */
    private static List<byte[]> rawElements(byte[] file) throws CardDataException {
        BerTlv outer = BerTlv.parse(file, 0);
        byte[] v = outer.value();
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < v.length) {
            BerTlv t = BerTlv.parse(v, at);
            out.add(Arrays.copyOfRange(v, at, at + t.encodedLength()));
            at += t.encodedLength();
        }
        return out;
    }

    private static void expectTags(List<BerTlv> items, int[] tags, String what) throws CardDataException {
        if (items.size() < tags.length) {
            throw new CardDataException(what + ": " + items.size() + " elements, expected " + tags.length);
        }
        for (int i = 0; i < tags.length; i++) {
            if (items.get(i).tag() != tags[i]) {
                throw new CardDataException(String.format("%s: expected tag %X, found %X", what, tags[i], items.get(i).tag()));
            }
        }
    }

    private static LocalDate date(byte[] v, String what) throws CardDataException {
        try {
            if (v.length != 8) {
                throw new CardDataException("card face file: the " + what + " has " + v.length + " bytes, not 8");
            }
            return LocalDate.parse(new String(v, StandardCharsets.US_ASCII), YYYYMMDD);
        } catch (DateTimeParseException e) {
            throw new CardDataException("card face file: the " + what + " is not a YYYYMMDD date", e);
        }
    }

    private static Sex sex(byte[] v) throws CardDataException {
        if (v.length != 1) {
            throw new CardDataException("card face file: the sex code has " + v.length + " bytes, not 1");
        }
        try {
            return Sex.fromCode((char) (v[0] & 0xFF));
        } catch (IllegalArgumentException e) {
            throw new CardDataException("card face file: the sex code is not 0, 1, 2 or 9", e);
        }
    }

    private static PublicKey key(BerTlv t) throws CardDataException {
        try {
            return Cvc.rsaKey(BerTlv.parseAll(t.value()), "the card face's key element");
        } catch (GeneralSecurityException e) {
            throw new CardDataException("card face file: the card's key is not an RSA key", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
