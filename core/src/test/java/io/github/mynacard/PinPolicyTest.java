package io.github.mynacard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinFormatException.Problem;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinPolicyTest {

    private static Problem formatProblem(PinKind k, String pin) {
        return assertThrows(PinFormatException.class, () -> PinPolicy.checkFormat(k, pin.toCharArray())).problem();
    }

    @ParameterizedTest
    @CsvSource({
        "SIGNING, abc123, BAD_CHARACTER",
        "SIGNING, ABC12, TOO_SHORT",
        "SIGNING, ABCDEFGHIJ1234567, TOO_LONG",
        "SIGNING, ABC-123, BAD_CHARACTER",
        "SIGNING, ＡＢＣ１２３, BAD_CHARACTER",
        "USER_AUTH, 123, TOO_SHORT",
        "USER_AUTH, 12345, TOO_LONG",
        "USER_AUTH, 12a4, BAD_CHARACTER",
        "RESIDENT_REGISTRY, 12 4, BAD_CHARACTER",
        "CARD_INFO_INPUT, １２３４, BAD_CHARACTER",
    })
    void malformedPinsAreRefused(PinKind kind, String pin, Problem problem) {
        assertEquals(problem, formatProblem(kind, pin));
    }

    @Test
    void wellFormedPinsPass() {
        assertDoesNotThrow(() -> PinPolicy.checkFormat(PinKind.SIGNING, "ABCDEF".toCharArray()));
        assertDoesNotThrow(() -> PinPolicy.checkFormat(PinKind.SIGNING, "A1B2C3D4E5F6G7H8".toCharArray()));
        assertDoesNotThrow(() -> PinPolicy.checkFormat(PinKind.USER_AUTH, "0000".toCharArray()));
    }

    @Test
    void nullPinIsTooShort() {
        assertEquals(Problem.TOO_SHORT,
                assertThrows(PinFormatException.class, () -> PinPolicy.checkFormat(PinKind.USER_AUTH, null)).problem());
    }

    @Test
    void newSigningPasswordNeedsLetterAndDigit() {
        for (String p : new String[] {"ABCXYZQ", "9182736"}) {
            assertEquals(Problem.NEEDS_LETTER_AND_DIGIT, assertThrows(PinFormatException.class,
                    () -> PinPolicy.checkNewPin(PinKind.SIGNING, p.toCharArray(), null, StrengthCheck.SKIP)).problem());
        }
    }

    @ParameterizedTest
    @CsvSource({"1111", "1234", "9876", "0123", "6789", "3210"})
    void trivialFourDigitPinsAreRefused(String pin) {
        PinFormatException e = assertThrows(PinFormatException.class,
                () -> PinPolicy.checkNewPin(PinKind.USER_AUTH, pin.toCharArray(), null, StrengthCheck.ENFORCE));
        assertEquals(Problem.TRIVIAL, e.problem());
        assertFalse(e.getMessage().contains(pin));
    }

    @ParameterizedTest
    @CsvSource({"0417", "8504", "1985"})
    void birthDateFormsAreRefused(String pin) {
        LocalDate birth = LocalDate.of(1985, 4, 17);
        assertEquals(Problem.BIRTH_DATE, assertThrows(PinFormatException.class,
                () -> PinPolicy.checkNewPin(PinKind.CARD_INFO_INPUT, pin.toCharArray(), birth, StrengthCheck.ENFORCE)).problem());
    }

    @Test
    void signingPasswordWithBirthDateIsRefused() {
        LocalDate birth = LocalDate.of(1985, 4, 17);
        assertEquals(Problem.BIRTH_DATE, assertThrows(PinFormatException.class,
                () -> PinPolicy.checkNewPin(PinKind.SIGNING, "AB19850417".toCharArray(), birth, StrengthCheck.ENFORCE)).problem());
    }

    @Test
    void strengthCanBeSkippedButFormatCannot() {
        assertDoesNotThrow(() -> PinPolicy.checkNewPin(PinKind.USER_AUTH, "1234".toCharArray(), null, StrengthCheck.SKIP));
        assertThrows(PinFormatException.class,
                () -> PinPolicy.checkNewPin(PinKind.USER_AUTH, "12345".toCharArray(), null, StrengthCheck.SKIP));
        assertThrows(PinFormatException.class,
                () -> PinPolicy.checkNewPin(PinKind.SIGNING, "abc123".toCharArray(), null, StrengthCheck.SKIP));
    }

    @Test
    void strongPinsPass() {
        assertDoesNotThrow(() -> PinPolicy.checkNewPin(PinKind.USER_AUTH, "4821".toCharArray(), LocalDate.of(1990, 4, 1),
                StrengthCheck.ENFORCE));
        assertDoesNotThrow(() -> PinPolicy.checkNewPin(PinKind.SIGNING, "KIOSK2026".toCharArray(), LocalDate.of(1990, 4, 1),
                StrengthCheck.ENFORCE));
    }

    @Test
    void fullWidthDigitsAreRefusedWithTheHalfWidthHint() {
        for (PinKind k : new PinKind[] {PinKind.USER_AUTH, PinKind.CARD_INFO_INPUT, PinKind.SIGNING, PinKind.CARD_FACE_NUMBER_B}) {
            String typed = k == PinKind.SIGNING ? "ＭＹＮＡ２０２６" : k == PinKind.CARD_FACE_NUMBER_B ? "０２０４０１２０３６２４６８" : "４８２１";
            PinFormatException e = assertThrows(PinFormatException.class, () -> PinPolicy.checkFormat(k, typed.toCharArray()));
            assertEquals(Problem.BAD_CHARACTER, e.problem());
            assertTrue(e.getMessage().contains("half-width (半角)"), k + ": " + e.getMessage());
            assertFalse(e.getMessage().contains(typed), "the PIN is not quoted");
        }
        PinFormatException ascii = assertThrows(PinFormatException.class,
                () -> PinPolicy.checkFormat(PinKind.USER_AUTH, "48x1".toCharArray()));
        assertFalse(ascii.getMessage().contains("半角"), "only full-width input gets the width hint: " + ascii.getMessage());
    }
}
