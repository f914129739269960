package io.github.mynacard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerificationNumbersTest {

    /** The era changes: the last day of one era and the first of the next. */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "1989-01-07, 640107", // Shōwa 64, its last day
        "1989-01-08, 010108", // Heisei 1
        "2019-04-30, 310430", // Heisei 31, its last day
        "2019-05-01, 010501", // Reiwa 1
        "1926-12-24, 151224", // Taishō 15, its last day
        "1926-12-25, 011225", // Shōwa 1
        "1990-04-01, 020401", // Heisei 2
        "2000-02-29, 120229", // Heisei 12, a leap day
    })
    void theBirthDateIsWrittenInItsEra(LocalDate birth, String yymmdd) {
        assertEquals(yymmdd + "2031" + "1234", new String(VerificationNumbers.numberB(birth, 2031, "1234".toCharArray())));
    }

    @Test
    void theResultPassesTheLibrarysOwnFormatCheck() throws PinFormatException {
        char[] b = VerificationNumbers.numberB(LocalDate.of(1989, 1, 7), 2029, "0042".toCharArray());
        PinPolicy.checkFormat(PinKind.CARD_FACE_NUMBER_B, b);
        PinPolicy.checkFormat(PinKind.CARD_INFO_NUMBER_B, b);
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VerificationNumbers.numberB(LocalDate.of(1990, 1, 1), 2015, "1234".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> VerificationNumbers.numberB(LocalDate.of(1990, 1, 1), 2100, "1234".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> VerificationNumbers.numberB(LocalDate.of(1990, 1, 1), 2030, "123".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> VerificationNumbers.numberB(LocalDate.of(1990, 1, 1), 2030, "12a4".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> VerificationNumbers.numberB(LocalDate.of(1860, 1, 1), 2030, "1234".toCharArray()));
    }
}
