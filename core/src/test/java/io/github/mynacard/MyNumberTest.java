package io.github.mynacard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MyNumberTest {

    @Test
    void publishedTestNumberPasses() {
        assertTrue(MyNumber.isValid("537686677188"));
        assertEquals(8, MyNumber.checkDigit("53768667718"));
    }

    @Test
    void remainderOfZeroOrOneGivesZero() {
        // weights 6,5,4,3,2,7,6,5,4,3,2: "00000000001" sums to 2 -> 11-2 = 9; "00000000000" -> 0
        assertEquals(0, MyNumber.checkDigit("00000000000"));
        assertEquals(9, MyNumber.checkDigit("00000000001"));
        // "10000000000": 6 -> r=6 -> 5
        assertEquals(5, MyNumber.checkDigit("10000000000"));
        // "00000100000": 7 % 11 = 7 -> 4 ; "00000000005": 10 -> 1
        assertEquals(4, MyNumber.checkDigit("00000100000"));
        assertEquals(1, MyNumber.checkDigit("00000000005"));
        // "00000000006": 12 % 11 = 1 -> 0
        assertEquals(0, MyNumber.checkDigit("00000000006"));
    }

    @Test
    void everyWrongCheckDigitFails() {
        for (int d = 0; d <= 9; d++) {
            assertEquals(d == 8, MyNumber.isValid("53768667718" + d));
        }
    }

    @Test
    void malformedInputIsInvalid() {
        assertFalse(MyNumber.isValid(null));
        assertFalse(MyNumber.isValid("53768667718"));
        assertFalse(MyNumber.isValid("5376866771880"));
        assertFalse(MyNumber.isValid("53768667718a"));
        assertThrows(IllegalArgumentException.class, () -> MyNumber.checkDigit("1234"));
    }

    @Test
    void maskHidesEveryDigit() {
        assertEquals("************", MyNumber.mask("537686677188"));
    }
}
