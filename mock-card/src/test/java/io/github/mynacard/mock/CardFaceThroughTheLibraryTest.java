package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardFace;
import io.github.mynacard.CardFields;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import io.github.mynacard.Unlock;
import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.WrongPinException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The card face and the card-info AP read by the library with 照合番号A and B, against the emulator. */
class CardFaceThroughTheLibraryTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static final byte[] JP2 = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '};

    private static char[] numberB(MynaCardEmulator emu) {
        return VerificationNumbers.numberB(emu.holderBirthDate(), emu.cardExpiryDate().getYear(), emu.securityCode());
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b != null && b.length >= prefix.length && Arrays.equals(Arrays.copyOf(b, prefix.length), prefix);
    }

    @Test
    void numberBOpensTheCardFaceAndItsSignatureVerifies() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            CardFace face = card.readCardFace(Unlock.withNumberB(numberB(emu)).trusting(emu.cardFaceCvcAuthorityKey()));
            assertEquals(MynaCardEmulator.DEFAULT_BIRTH_DATE, face.birthDate());
            assertEquals(MynaCardEmulator.DEFAULT_SEX, face.sex());
            assertEquals(emu.cardExpiryDate(), face.expiryDate());
            assertTrue(startsWith(face.photo(), JP2), HexFormat.of().formatHex(face.photo(), 0, 16));
            assertTrue(startsWith(face.nameImage(), PNG));
            assertTrue(startsWith(face.addressImage(), PNG));
            assertTrue(startsWith(face.securityCodeImage(), PNG));
            assertNull(face.myNumberImage(), "照合番号B does not open the My Number image");
            assertEquals(Authenticity.Status.GENUINE, face.authenticity().status(), face.authenticity().detail());
            assertFalse(face.toString().contains(MynaCardEmulator.DEFAULT_BIRTH_DATE.toString()), face.toString());
        }
        assertEquals(10, emu.remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
    }

    @Test
    void numberAOpensTheCardFaceWithTheMyNumberImage() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            CardFace face = card.readCardFace(Unlock.withNumberA(MynaCardEmulator.DEFAULT_MY_NUMBER.toCharArray())
                    .trusting(emu.cardFaceCvcAuthorityKey()));
            assertTrue(startsWith(face.myNumberImage(), PNG));
            assertEquals(Authenticity.Status.GENUINE, face.authenticity().status(), face.authenticity().detail());
        }
    }

    @Test
    void withoutAnAuthorityNothingIsCheckedAndAnotherAuthorityFails() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            assertEquals(Authenticity.Status.NOT_CHECKED, card.readCardFace(Unlock.withNumberB(numberB(emu))).authenticity().status());
            CardFace other = card.readCardFace(Unlock.withNumberB(numberB(emu)).trusting(emu.cardInfoCvcAuthorityKey()));
            assertEquals(Authenticity.Status.FAILED, other.authenticity().status());
        }
    }

    @Test
    void oneChangedByteOfThePhotoFailsTheSignature() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        byte[] photo;
        try (MynaCard card = MynaCard.open(emu)) {
            photo = card.readCardFace(Unlock.withNumberB(numberB(emu))).photo();
        }
        byte[] ef = emu.fileContent(MynaCardEmulator.CARD_FACE_AID, 0x0002);
        int at = indexOf(ef, photo);
        assertTrue(at > 0, "the photo is in EF 0002");
        byte[] changed = ef.clone();
        changed[at + photo.length / 2] ^= 0x01;
        emu.overwriteFile(MynaCardEmulator.CARD_FACE_AID, 0x0002, changed);
        try (MynaCard card = MynaCard.open(emu)) {
            CardFace face = card.readCardFace(Unlock.withNumberB(numberB(emu)).trusting(emu.cardFaceCvcAuthorityKey()));
            assertEquals(Authenticity.Status.FAILED, face.authenticity().status());
            assertTrue(face.authenticity().detail().contains("signature"), face.authenticity().detail());
        }
    }

    @Test
    void aWrongNumberSpendsOneOfItsAttemptsAndAMalformedOneNone() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            char[] wrong = numberB(emu);
            wrong[13] = wrong[13] == '9' ? '0' : (char) (wrong[13] + 1);
            WrongPinException e = assertThrows(WrongPinException.class, () -> card.readCardFace(Unlock.withNumberB(wrong)));
            assertEquals(9, e.attemptsRemaining());
            assertEquals(PinKind.CARD_FACE_NUMBER_B, e.pinKind());
            assertEquals(9, emu.remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
            assertEquals(10, emu.remainingAttempts(PinKind.CARD_INFO_NUMBER_B), "the card-info AP's number has its own counter");
            assertThrows(PinFormatException.class, () -> card.readCardFace(Unlock.withNumberB("1234567890123".toCharArray())));
            assertThrows(PinFormatException.class, () -> card.readCardFace(Unlock.withNumberB("02133120311234".toCharArray())));
            assertThrows(PinFormatException.class, () -> card.readCardFace(Unlock.withNumberA("314159265353".toCharArray())));
            assertEquals(9, emu.remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
            assertEquals(10, emu.remainingAttempts(PinKind.CARD_FACE_NUMBER_A));
            assertThrows(WrongPinException.class, () -> card.readCardFace(Unlock.withNumberA("123456789018".toCharArray())));
            assertEquals(9, emu.remainingAttempts(PinKind.CARD_FACE_NUMBER_A));
            // the right number restores its counter
            card.readCardFace(Unlock.withNumberB(numberB(emu)));
            assertEquals(10, emu.remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
        }
    }

    @Test
    void numberBReadsTheSameFieldsAsThePinAndNumberATheMyNumber() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.builder().name("山田\u3000太郎").address("大阪府大阪市北区１－１")
                .birthDate(java.time.LocalDate.of(1989, 1, 7)).build();
        try (MynaCard card = MynaCard.open(emu)) {
            CardFields byPin = card.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray());
            CardFields byB = card.readCardFields(Unlock.withNumberB(numberB(emu)).trusting(emu.cardInfoCvcAuthorityKey()));
            assertEquals(byPin.name(), byB.name());
            assertEquals(byPin.address(), byB.address());
            assertEquals(byPin.birthDate(), byB.birthDate());
            assertEquals(byPin.sex(), byB.sex());
            assertTrue(byB.hasBasicFour());
            assertFalse(byB.hasMyNumber(), "照合番号B does not open the My Number");
            assertEquals(Authenticity.Status.GENUINE, byB.authenticity().status(), byB.authenticity().detail());
            CardFields byA = card.readCardFields(Unlock.withNumberA(MynaCardEmulator.DEFAULT_MY_NUMBER.toCharArray()));
            assertEquals(byPin.myNumber(), byA.myNumber());
            assertFalse(byA.hasBasicFour(), "照合番号A does not open the basic four");
        }
        assertEquals(10, emu.remainingAttempts(PinKind.CARD_INFO_NUMBER_B));
        assertEquals(3, emu.remainingAttempts(PinKind.CARD_INFO_INPUT));
    }

    @Test
    void cardInfoEf0005IsReadWholeWithoutAPin() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        assertEquals("9000", sw(emu.transmit(hex("00A4040C0A" + MynaCardEmulator.CARD_INFO_AID))));
        assertEquals("9000", sw(emu.transmit(hex("00A4020C020005"))));
        byte[] r = emu.transmit(hex("00B0000000"));
        assertEquals("9000", sw(r));
        assertEquals(256 + 2, r.length);
        assertEquals("FF4082009F", HexFormat.of().formatHex(r, 0, 5).toUpperCase());
    }

    // --- raw access, for the test's own edits of the card's files ---

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static String sw(byte[] r) {
        return HexFormat.of().formatHex(r, r.length - 2, r.length).toUpperCase();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void theSameBytesComeBackOnASecondRead() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.builder().seed(7).build();
        try (MynaCard card = MynaCard.open(emu)) {
            byte[] a = card.readCardFace(Unlock.withNumberB(numberB(emu))).photo();
            byte[] b = card.readCardFace(Unlock.withNumberB(numberB(emu))).photo();
            assertArrayEquals(a, b);
        }
    }
}
