package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.readAll;
import static io.github.mynacard.mock.Apdus.selectEf;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static io.github.mynacard.mock.Apdus.verifyStatus;
import static io.github.mynacard.mock.Apdus.withAscii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.VerificationNumbers;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The verification numbers (照合番号A and B) of the card-info and card-face applications, one rule per test. */
class VerificationNumberRulesTest {

    static final String SELECT_FACE = "00A4040C0A" + MynaCardEmulator.CARD_FACE_AID;
    static final String MY_NUMBER = MynaCardEmulator.DEFAULT_MY_NUMBER;

    /** The card of myna-card's example: born 1980-02-17 (Shōwa 55), card expiring in 2035, security code 2285. */
    static MynaCardEmulator exampleCard() {
        return MynaCardEmulator.builder().birthDate(LocalDate.of(1980, 2, 17)).cardExpiryDate(LocalDate.of(2035, 2, 17))
                .securityCode("2285").build();
    }

    static final String EXAMPLE_B = "55021720352285";

    @Test
    void numberBIsTheEraBirthDateTheExpiryYearAndTheSecurityCode() {
        MynaCardEmulator card = exampleCard();
        sw(card, SELECT_TEXT);
        assertEquals("9000", sw(card, verify(0x15, EXAMPLE_B)));
        sw(card, SELECT_FACE);
        assertEquals("9000", sw(card, verify(0x12, EXAMPLE_B)));
        assertEquals(EXAMPLE_B, EmulatorHooks.pinValue(card, PinKind.CARD_FACE_NUMBER_B));
    }

    @Test
    void numbersHaveTenAttemptsAndAnEmptyVerifySpendsNone() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        assertEquals("63CA", sw(card, verifyStatus(0x14)));
        assertEquals("63CA", sw(card, verifyStatus(0x15)));
        sw(card, SELECT_FACE);
        assertEquals("63CA", sw(card, verifyStatus(0x13)));
        assertEquals("63CA", sw(card, verifyStatus(0x12)));
        assertEquals(10, card.remainingAttempts(PinKind.CARD_FACE_NUMBER_A));
    }

    @Test
    void aWrongNumberSpendsExactlyOneOfItsAttempts() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        assertEquals("63C9", sw(card, verify(0x14, "000000000000")));
        for (PinKind k : PinKind.values()) {
            assertEquals(k == PinKind.CARD_INFO_NUMBER_A ? 9 : EmulatedPins.maxAttempts(k), card.remainingAttempts(k), k.name());
        }
        assertEquals("9000", sw(card, verify(0x14, MY_NUMBER)));
        assertEquals(10, card.remainingAttempts(PinKind.CARD_INFO_NUMBER_A), "the right number restores the counter");
    }

    @Test
    void aMalformedNumberSpendsAnAttemptAsAWrongOneSinceTheCardComparesBytes() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_FACE);
        assertEquals("63C9", sw(card, verify(0x13, MY_NUMBER.substring(0, 11)))); // 11 digits
        assertEquals("63C9", sw(card, verify(0x12, "1234"))); // 4 digits for 14, another counter
        assertEquals("63C8", sw(card, verify(0x13, MY_NUMBER + "0"))); // 13 digits
        assertEquals(8, card.remainingAttempts(PinKind.CARD_FACE_NUMBER_A));
        assertEquals(9, card.remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
    }

    @Test
    void theCardInfoAndCardFaceCountersAreIndependent() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        sw(card, verify(0x14, "000000000000"));
        sw(card, verify(0x14, "000000000000"));
        sw(card, verify(0x15, "00000000000000"));
        sw(card, SELECT_FACE);
        assertEquals("63CA", sw(card, verifyStatus(0x13)));
        assertEquals("63CA", sw(card, verifyStatus(0x12)));
        sw(card, verify(0x13, "000000000000"));
        assertEquals(8, card.remainingAttempts(PinKind.CARD_INFO_NUMBER_A));
        assertEquals(9, card.remainingAttempts(PinKind.CARD_INFO_NUMBER_B));
        assertEquals(9, card.remainingAttempts(PinKind.CARD_FACE_NUMBER_A));
        assertEquals(10, card.remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
        assertEquals(3, card.remainingAttempts(PinKind.CARD_INFO_INPUT), "the card-info PIN is not touched");
    }

    @Test
    void numberBOpensTheBasicFourButNotTheMyNumber() {
        MynaCardEmulator card = exampleCard();
        sw(card, SELECT_TEXT);
        assertEquals("6982", sw(card, "00B0820000"));
        assertEquals("9000", sw(card, verify(0x15, EXAMPLE_B)));
        AccessRulesTest.BasicFour b = AccessRulesTest.BasicFour.parse(readAll(card, 0x02));
        assertEquals("19800217", b.birth);
        assertEquals("9000", Apdus.swOf(Apdus.send(card, "00B08300000000")), "the integrity record opens with B");
        assertEquals("6982", sw(card, "00B0810000"), "the My Number needs the PIN or A");
    }

    @Test
    void numberAOpensTheMyNumberAndTheIntegrityRecordButNotTheBasicFour() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        assertEquals("6982", sw(card, "00B0810000"));
        assertEquals("9000", sw(card, verify(0x14, MY_NUMBER)));
        byte[] f = readAll(card, 0x01);
        assertEquals(MY_NUMBER, new String(f, 3, 12, StandardCharsets.US_ASCII));
        assertEquals("9000", Apdus.swOf(Apdus.send(card, "00B08300000000")));
        assertEquals("6982", sw(card, "00B0820000"), "the basic four need the PIN or B");
    }

    @Test
    void numberAOpensTheCardFaceAndItsMyNumberImage() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_FACE);
        assertEquals("6982", sw(card, "00B0820000"));
        assertEquals("6982", sw(card, "00B0850000"));
        assertEquals("9000", sw(card, verify(0x13, MY_NUMBER)));
        assertEquals(0xFF, readAll(card, 0x02)[0] & 0xFF);
        assertEquals(0xFF, readAll(card, 0x05)[0] & 0xFF);
    }

    @Test
    void numberBOpensTheCardFaceButNotItsMyNumberImage() {
        MynaCardEmulator card = exampleCard();
        sw(card, SELECT_FACE);
        assertEquals("9000", sw(card, verify(0x12, EXAMPLE_B)));
        assertEquals(0xFF, readAll(card, 0x02)[0] & 0xFF);
        assertEquals("6982", sw(card, "00B0850000"));
    }

    @Test
    void theCardInfoPinDoesNotOpenTheCardFace() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        sw(card, SELECT_FACE);
        assertEquals("6982", sw(card, "00B0820000"));
        assertEquals("9000", sw(card, "00B0830000"), "AP basic information is free");
        assertEquals("9000", sw(card, "00B0840000"), "the CVC is free");
    }

    @Test
    void numbersCannotBeChangedOrResetAnswering6A81() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        sw(card, verify(0x14, MY_NUMBER));
        assertEquals("6A81", sw(card, withAscii("00240194", "537686677188")));
        assertEquals("6A81", sw(card, withAscii("80320094", "537686677188")));
        assertEquals("9000", ResetModelTest.authenticate(card, TestTerminals.municipalOffice()));
        assertEquals("6A81", sw(card, withAscii("002C0294", "537686677188")));
        sw(card, selectEf(0x15));
        assertEquals("6A81", sw(card, withAscii("002C0280", "12345678901234")));
        assertEquals(MY_NUMBER, EmulatorHooks.pinValue(card, PinKind.CARD_INFO_NUMBER_A));
    }

    @Test
    void aBlockedNumberRefusesEvenTheRightValue() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_FACE);
        for (int left = 9; left >= 0; left--) {
            assertEquals(String.format("63C%X", left), sw(card, verify(0x13, "000000000000")));
        }
        assertEquals("6984", sw(card, verify(0x13, MY_NUMBER)));
        assertEquals("63C0", sw(card, verifyStatus(0x13)));
        assertTrue(card.isBlocked(PinKind.CARD_FACE_NUMBER_A));
        assertEquals("6982", sw(card, "00B0850000"));
        sw(card, SELECT_TEXT);
        assertEquals("9000", sw(card, verify(0x14, MY_NUMBER)), "the card-info AP's A is another counter");
    }

    @Test
    void selectingAnApplicationDropsAVerifiedNumber() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_FACE);
        sw(card, verify(0x13, MY_NUMBER));
        sw(card, SELECT_FACE);
        assertEquals("6982", sw(card, "00B0820000"));
    }

    /** The card's own era table, at each era's first day and the day before, written out. */
    @Test
    void numberBUsesTheEraOfTheBirthDateAtEveryBoundary() {
        String[][] cases = {
            {"1873-01-01", "060101"}, {"1912-07-29", "450729"}, {"1912-07-30", "010730"},
            {"1926-12-24", "151224"}, {"1926-12-25", "011225"}, {"1989-01-07", "640107"},
            {"1989-01-08", "010108"}, {"2019-04-30", "310430"}, {"2019-05-01", "010501"},
        };
        for (String[] c : cases) {
            byte[] b = EmulatedPins.numberB(LocalDate.parse(c[0]), 2035, "2285");
            assertEquals(c[1] + "20352285", new String(b, StandardCharsets.US_ASCII), c[0]);
        }
    }

    /** The card's table and the library's (the JDK's Japanese calendar) agree on every day from 1873 to 2030. */
    @Test
    void theCardsNumberBAgreesWithTheLibrarysOnEveryDay() {
        for (LocalDate d = LocalDate.of(1873, 1, 1); d.getYear() <= 2030; d = d.plusDays(1)) {
            String card = new String(EmulatedPins.numberB(d, 2031, "0042"), StandardCharsets.US_ASCII);
            String library = new String(VerificationNumbers.numberB(d, 2031, "0042".toCharArray()));
            if (!card.equals(library)) {
                assertEquals(library, card, d.toString());
            }
        }
    }
}
