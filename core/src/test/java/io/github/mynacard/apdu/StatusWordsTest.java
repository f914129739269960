package io.github.mynacard.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatusWordsTest {

    @Test
    void onlyC0ToCFAreRetryCounters() {
        for (int sw = 0x63C0; sw <= 0x63CF; sw++) {
            assertTrue(StatusWords.isRetryCounter(sw));
        }
        for (int sw : new int[] {0x6300, 0x6700, 0x6B00, 0x6381, 0x63D0, 0x6983, 0x9000, 0x73C1}) {
            assertFalse(StatusWords.isRetryCounter(sw), Integer.toHexString(sw));
        }
    }

    @Test
    void describeNamesTheWord() {
        assertEquals("6982 (security status not satisfied)", StatusWords.describe(0x6982));
        assertEquals("63C2 (verification failed, 2 tries left)", StatusWords.describe(0x63C2));
        assertEquals("63C1 (verification failed, 1 try left)", StatusWords.describe(0x63C1));
        assertEquals("63C0 (verification failed, 0 tries left)", StatusWords.describe(0x63C0));
        assertEquals("6A82 (file or application not found)", StatusWords.describe(0x6A82));
        assertTrue(StatusWords.describe(0x6110).contains("16 more"));
    }
}
