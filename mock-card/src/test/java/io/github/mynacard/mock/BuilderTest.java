package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.MyNumber;
import io.github.mynacard.PinKind;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BuilderTest {

    @Test
    void defaultsHaveAValidMyNumberCheckDigit() {
        assertTrue(MyNumber.isValid(MynaCardEmulator.DEFAULT_MY_NUMBER));
        assertEquals(MyNumber.checkDigit(MynaCardEmulator.DEFAULT_MY_NUMBER.substring(0, 11)),
                MynaCardEmulator.DEFAULT_MY_NUMBER.charAt(11) - '0');
    }

    @Test
    void buildingADefaultCardIsFast() {
        MynaCardEmulator.createDefault(); // warm the per-JVM caches
        long start = System.nanoTime();
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2000, "sanity bound only: " + millis + " ms");
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), card.remainingAttempts(k));
        }
    }

    @Test
    void malformedPinsAreRefusedWithoutQuotingThem() {
        assertRefused(b -> b.userPin("12345"), "12345");
        assertRefused(b -> b.userPin("12a4"), "12a4");
        assertRefused(b -> b.cardInfoPin("１２３４"), "１２３４");
        assertRefused(b -> b.residentRegistryPin(null), null);
        assertRefused(b -> b.signingPin("abc123"), "abc123");
        assertRefused(b -> b.signingPin("ABC12"), "ABC12");
        assertRefused(b -> b.signingPin("ABCDEFGHIJ1234567"), "ABCDEFGHIJ1234567");
        assertRefused(b -> b.myNumber("314159265353"), "314159265353");
        assertRefused(b -> b.myNumber("31415926535"), "31415926535");
    }

    private static void assertRefused(UnaryOperator<MynaCardEmulator.Builder> setting, String secret) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> setting.apply(MynaCardEmulator.builder()).build());
        if (secret != null) {
            assertFalse(e.getMessage().contains(secret));
        }
    }

    @Test
    void wellFormedEdgeValuesAreAccepted() {
        MynaCardEmulator.builder().signingPin("ABC123").userPin("0000").build();
        MynaCardEmulator.builder().signingPin("ABCDEFGHIJ123456").build();
    }

    @Test
    void toStringsHoldNoPin() {
        MynaCardEmulator.Builder b = MynaCardEmulator.builder().userPin("9876");
        assertFalse(b.toString().contains("9876"));
        assertFalse(b.build().toString().contains("9876"));
    }

    @Test
    void freshKeysGiveANewHolderKey() {
        MynaCardEmulator fresh = MynaCardEmulator.builder().freshKeys(true).build();
        assertFalse(fresh.publicKey(io.github.mynacard.JpkiKey.SIGNING)
                .equals(MynaCardEmulator.createDefault().publicKey(io.github.mynacard.JpkiKey.SIGNING)));
    }
}
