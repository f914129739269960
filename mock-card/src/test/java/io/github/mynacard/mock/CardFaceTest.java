package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.readAll;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.Sex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/**
 * The card-face AP's files (EF 0002 to 0005) as a reader sees them, checked with the JDK alone: the
 * layout, the key certified by the face authority, and the signatures over the card face and the
 * My Number image.
 */
class CardFaceTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    static final byte[] JP2_SIGNATURE = HEX.parseHex("0000000C6A5020200D0A870A");
    static final byte[] SHA256_DIGEST_INFO_96_PREFIX = HEX.parseHex("3071300D060960864801650304020105000460");

    /** A card whose face AP is selected and opened with 照合番号A. */
    static MynaCardEmulator opened(MynaCardEmulator card) {
        sw(card, VerificationNumberRulesTest.SELECT_FACE);
        assertEquals("9000", sw(card, verify(0x13, EmulatorHooks.pinValue(card, io.github.mynacard.PinKind.CARD_FACE_NUMBER_A))));
        return card;
    }

    /** The card face's nine elements DF22..DF2A, found through the DF21 offset table. */
    static List<Ber> faceElements(byte[] file) {
        Ber outer = Ber.at(file, 0);
        assertEquals(0xFF20, outer.tag());
        Ber offsets = Ber.at(file, outer.valueStart());
        assertEquals(0xDF21, offsets.tag());
        assertEquals(18, offsets.length());
        byte[] o = offsets.value();
        Ber[] e = new Ber[9];
        for (int i = 0; i < 9; i++) {
            int at = ((o[2 * i] & 0xFF) << 8) | (o[2 * i + 1] & 0xFF);
            e[i] = Ber.at(file, at);
            assertEquals(0xDF22 + i, e[i].tag(), "offset " + i + " points at its element");
        }
        assertEquals(outer.children(), List.of(offsets, e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8]),
                "the elements follow each other in tag order");
        for (int i = outer.end(); i < file.length; i++) {
            assertEquals((byte) 0xFF, file[i], "FF filler after the card face");
        }
        return List.of(e);
    }

    /** The face key, as the CVC in EF 0004 certifies it, checked against the face authority. */
    static PublicKey certifiedFaceKey(MynaCardEmulator card) throws Exception {
        sw(card, VerificationNumberRulesTest.SELECT_FACE);
        Cvc cvc = Cvc.parse(readAll(card, 0x04));
        assertTrue(cvc.signedBy(card.cardFaceCvcAuthorityKey()), "EF 0004 is signed by the face authority");
        return cvc.key();
    }

    /** The DigestInfo (SHA-256 OID, 96 bytes) the card-face signature must carry for these elements. */
    static byte[] expectedDigestInfo(List<Ber> e) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] g1 = sha.digest(concat(e.get(0).encoded(), e.get(1).encoded(), e.get(2).encoded()));
        byte[] g2 = sha.digest(concat(e.get(3).encoded(), e.get(4).encoded()));
        byte[] g3 = sha.digest(e.get(5).encoded());
        return concat(SHA256_DIGEST_INFO_96_PREFIX, g1, g2, g3);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void theCardFaceHoldsTheHolderDataInTheReferenceLayout() throws Exception {
        MynaCardEmulator card = opened(MynaCardEmulator.builder().birthDate(LocalDate.of(1980, 2, 17)).sex(Sex.MALE)
                .cardExpiryDate(LocalDate.of(2035, 2, 17)).build());
        List<Ber> e = faceElements(readAll(card, 0x02));
        assertEquals("19800217", new String(e.get(0).value(), StandardCharsets.US_ASCII));
        assertEquals("1", new String(e.get(1).value(), StandardCharsets.US_ASCII));
        assertEquals(265, e.get(2).length());
        assertEquals("DF24820109", HEX.formatHex(e.get(2).encoded(), 0, 5));
        for (int png : new int[] {3, 4, 8}) {
            assertArrayEquals(HEX.parseHex("89504E470D0A1A0A"), Arrays.copyOf(e.get(png).value(), 8), "DF" + (0x25 + png) + " is PNG");
        }
        assertArrayEquals(JP2_SIGNATURE, Arrays.copyOf(e.get(5).value(), 12), "the photo is a JP2 file");
        assertEquals("DF28820100", HEX.formatHex(e.get(6).encoded(), 0, 5));
        assertEquals("20350217", new String(e.get(7).value(), StandardCharsets.US_ASCII));
        assertEquals(Cvc.rsaKey(e.get(2).value(), 0), certifiedFaceKey(card), "DF24 is the key certified in EF 0004");
    }

    @Test
    void theFaceSignatureVerifiesAgainstTheKeyTheFaceAuthorityCertified() throws Exception {
        MynaCardEmulator card = opened(MynaCardEmulator.createDefault());
        byte[] file = readAll(card, 0x02);
        List<Ber> e = faceElements(file);
        PublicKey key = certifiedFaceKey(card);
        byte[] expected = expectedDigestInfo(e);
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.DECRYPT_MODE, key);
        assertArrayEquals(expected, rsa.doFinal(e.get(6).value()), "PKCS#1 v1.5 over DigestInfo(SHA-256, 96 bytes)");
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initVerify(key);
        s.update(expected);
        assertTrue(s.verify(e.get(6).value()));
    }

    @Test
    void theFaceSignatureFailsAfterOneByteOfThePhotoChanges() throws Exception {
        MynaCardEmulator card = opened(MynaCardEmulator.createDefault());
        byte[] file = readAll(card, 0x02);
        PublicKey key = certifiedFaceKey(card);
        Ber photo = faceElements(file).get(5);
        file[photo.valueStart() + photo.length() / 2] ^= 0x01;
        List<Ber> altered = faceElements(file);
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initVerify(key);
        s.update(expectedDigestInfo(altered));
        assertFalse(s.verify(altered.get(6).value()));
    }

    @Test
    void theExpiryDateAndSecurityCodeImageAreNotCoveredByTheSignature() throws Exception {
        MynaCardEmulator card = opened(MynaCardEmulator.createDefault());
        byte[] file = readAll(card, 0x02);
        List<Ber> e = faceElements(file);
        file[e.get(7).valueStart()] ^= 0x01;
        file[e.get(8).end() - 1] ^= 0x01;
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initVerify(certifiedFaceKey(card));
        s.update(expectedDigestInfo(faceElements(file)));
        assertTrue(s.verify(e.get(6).value()));
    }

    @Test
    void theFaceCvcNamesTheFaceAuthorityAndTheCardsOwnKeyId() throws Exception {
        MynaCardEmulator a = MynaCardEmulator.createDefault();
        MynaCardEmulator b = MynaCardEmulator.createDefault();
        sw(a, VerificationNumberRulesTest.SELECT_FACE);
        sw(b, VerificationNumberRulesTest.SELECT_FACE);
        byte[] fileA = readAll(a, 0x04);
        assertEquals(568, fileA.length);
        assertEquals("7F218202335F4E820129", HEX.formatHex(fileA, 0, 10));
        Cvc cvcA = Cvc.parse(fileA);
        Cvc cvcB = Cvc.parse(readAll(b, 0x04));
        assertArrayEquals(concat("6000023".getBytes(StandardCharsets.US_ASCII), HEX.parseHex("0805"),
                "001".getBytes(StandardCharsets.US_ASCII), new byte[4]), cvcA.certifyingId());
        assertArrayEquals(cvcA.certifyingId(), cvcB.certifyingId(), "one authority for every card");
        assertTrue(new String(cvcA.subjectId(), 0, 7, StandardCharsets.US_ASCII).matches("6[0-9]{6}"));
        assertEquals("0805303031" + "00000000", HEX.formatHex(cvcA.subjectId(), 7, 16));
        assertFalse(Arrays.equals(cvcA.subjectId(), cvcB.subjectId()), "each card its own face-key id");
        assertNotEquals(cvcA.key(), cvcB.key(), "each card its own face key");
        assertTrue(cvcB.signedBy(a.cardFaceCvcAuthorityKey()));
        assertFalse(cvcA.signedBy(a.cardInfoCvcAuthorityKey()), "the card-info authority is another");
    }

    @Test
    void theMyNumberImageIsSignedByTheFaceKeyOverItsImageAndKeyElements() throws Exception {
        MynaCardEmulator card = opened(MynaCardEmulator.createDefault());
        byte[] file = readAll(card, 0x05);
        Ber outer = Ber.at(file, 0);
        assertEquals(0xFF40, outer.tag());
        List<Ber> c = outer.children();
        assertEquals(List.of(0xDF41, 0xDF42, 0xDF43), c.stream().map(Ber::tag).toList());
        byte[] png = c.get(0).value();
        assertArrayEquals(HEX.parseHex("89504E470D0A1A0A0000000D49484452"), Arrays.copyOf(png, 16));
        assertEquals("00000048" + "0000000C" + "01", HEX.formatHex(png, 16, 25), "72×12, 1 bit");
        PublicKey key = certifiedFaceKey(card);
        assertEquals(key, Cvc.rsaKey(c.get(1).value(), 0));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(concat(c.get(0).encoded(), c.get(1).encoded()));
        assertTrue(s.verify(c.get(2).value()));
    }

    @Test
    void theCardFaceBasicInformationIsFreeAndHoldsTheMunicipalityCode() {
        MynaCardEmulator card = MynaCardEmulator.builder().municipalityCode("27127").build();
        sw(card, VerificationNumberRulesTest.SELECT_FACE);
        byte[] file = readAll(card, 0x03);
        assertEquals("FF3082013BDF310406030E01DF3210", HEX.formatHex(file, 0, 15));
        Ber outer = Ber.at(file, 0);
        List<Ber> c = outer.children();
        assertEquals(List.of(0xDF31, 0xDF32, 0xDF33, 0xDF34, 0xDF35), c.stream().map(Ber::tag).toList());
        assertEquals("01", HEX.formatHex(c.get(2).value()));
        assertEquals("27127", new String(c.get(3).value(), StandardCharsets.US_ASCII));
        assertEquals(272, c.get(4).length());
        assertEquals("DF35820110", HEX.formatHex(c.get(4).encoded(), 0, 5));
    }

    @Test
    void aNameNoFontCanShowStillGetsAnImage() {
        byte[] png = CardImages.text("\uD840\uDC0B\u3000\uFFFF"); // a supplementary character, a space, a non-character
        assertArrayEquals(HEX.parseHex("89504E470D0A1A0A"), Arrays.copyOf(png, 8));
        assertTrue(png.length < 4096, "small: " + png.length);
    }
}
