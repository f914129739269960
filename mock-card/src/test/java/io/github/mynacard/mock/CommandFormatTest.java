package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.selectEf;
import static io.github.mynacard.mock.Apdus.sendRaw;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.swOf;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshCards.class)
class CommandFormatTest {

    @Test
    void unknownInsAnswers6D00(MynaCardEmulator card) {
        assertEquals("6D00", sw(card, "00CA004200"));
        assertEquals("6D00", sw(card, "002A9E9A00"));
        assertEquals("6D00", sw(card, "80A4040C0AD392F000260100000001"));
        assertEquals("6D00", sw(card, "00880099"));
    }

    @Test
    void badClaAnswers6E00(MynaCardEmulator card) {
        assertEquals("6E00", sw(card, "01A4040C0AD392F000260100000001"));
        assertEquals("6E00", sw(card, "FFB0000000"));
        assertEquals("6E00", sw(card, "A0A4040C0AD392F000260100000001"));
    }

    @Test
    void secureMessagingClaAnswers6882(MynaCardEmulator card) {
        assertEquals("6882", sw(card, "0CA4040C0AD392F000260100000001"));
        assertEquals("6882", sw(card, "08B0000000"));
        assertEquals("6882", sw(card, "8C2A008001AA00"));
    }

    @Test
    void badP1P2Answers6A86(MynaCardEmulator card) {
        assertEquals("6A86", sw(card, "00A4000C023F00"));
        assertEquals("6A86", sw(card, "00A40404" + "0AD392F000260100000001"));
        sw(card, SELECT_JPKI);
        assertEquals("6A86", sw(card, "00200180"));
        assertEquals("6A86", sw(card, "00200000"));
        assertEquals("6A86", sw(card, "0020009F"));
        assertEquals("6A86", sw(card, "00240098043132333"+"4"));
        assertEquals("6A86", sw(card, "002C0198043132333"+"4"));
        assertEquals("6A86", sw(card, "802A01970401020304" + "00"));
        assertEquals("6A86", sw(card, "802A00170401020304" + "00"));
        assertEquals("6A86", sw(card, "0084010008"));
        assertEquals("6A86", sw(card, "0082000004AABBCCDD"));
        assertEquals("6A86", sw(card, "00B0E00001"));
        assertEquals("6A86", sw(card, "00B09F0001"));
        assertEquals(3, card.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void wrongLengthAnswers6700(MynaCardEmulator card) {
        assertEquals("6700", sw(card, "00A4040C"));
        assertEquals("6700", sw(card, "00A4040C0AD392F00026010000000100"));
        assertEquals("6700", sw(card, "00A4040C0BD392F000260100000001")); // Lc says 11, 10 follow
        sw(card, SELECT_JPKI);
        assertEquals("6700", sw(card, "00A4020C0300060000"));
        assertEquals("6700", sw(card, "0020009804313233340"+"0"));
        sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
        assertEquals("6700", sw(card, "802A0097"));
        assertEquals("6700", sw(card, "802A00970401020304")); // no Le
        assertEquals("6700", sw(card, "802A0097040102030480")); // Le 128 < 256
        assertEquals("6700", sw(card, "802A0097F6" + "00".repeat(246) + "00"));
        assertEquals("6700", sw(card, "0084000000".substring(0, 8)));
        assertEquals("6700", sw(card, "00240198"));
        assertEquals("6700", sw(card, "00820081"));
        assertEquals(3, card.remainingAttempts(PinKind.USER_AUTH));
        assertEquals("6700", sw(card, "00B0"));
    }

    @Test
    void malformedInputNeverThrows(MynaCardEmulator card) throws Exception {
        Random random = new Random(20260401L);
        byte[][] prefixes = {{}, {0x00}, {(byte) 0x80}, {0x00, 0x20}, {0x00, (byte) 0xB0}, {(byte) 0x80, 0x2A}};
        for (int i = 0; i < 5000; i++) {
            byte[] apdu = new byte[random.nextInt(301)];
            random.nextBytes(apdu);
            byte[] prefix = prefixes[i % prefixes.length];
            System.arraycopy(prefix, 0, apdu, 0, Math.min(prefix.length, apdu.length));
            if (i % 50 == 0) {
                card.reset();
                sw(card, i % 100 == 0 ? SELECT_JPKI : Apdus.SELECT_TEXT);
            }
            byte[] r = card.transmit(apdu);
            assertTrue(r.length >= 2);
        }
        assertEquals("6700", swOf(card.transmit(null)));
        assertEquals("6700", swOf(card.transmit(new byte[0])));
        assertEquals("6700", swOf(card.transmit(new byte[] {0, (byte) 0xA4, 4})));
        byte[] tooLong = new byte[70000];
        tooLong[1] = (byte) 0xB0;
        assertEquals("6700", swOf(card.transmit(tooLong)));
        byte[] huge = new byte[7 + 65535];
        huge[1] = 0x20;
        huge[3] = (byte) 0x98;
        huge[5] = (byte) 0xFF;
        huge[6] = (byte) 0xFF;
        sw(card, SELECT_JPKI);
        assertEquals("63C", swOf(card.transmit(huge)).substring(0, 3));
    }

    @Test
    void malformedInputChangesNoState(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, selectEf(0x06));
        sw(card, "0084000010");
        sw(card, "00A4040C0BD392F000260100000001");
        sw(card, "0020009804313233"); // Lc 4 but 3 bytes
        assertEquals("9000", swOf(Apdus.send(card, "00B0000001")));
        assertEquals(3, card.remainingAttempts(PinKind.USER_AUTH));
        assertEquals("6700", sw(card, "00820081"));
        // the challenge survived the malformed EXTERNAL AUTHENTICATE: a real one is judged (6300)
        assertEquals("6300", sw(card, "0082008104AABBCCDD"));
    }

    @Test
    void closeDropsSecurityStateAndTheCardStaysUsable(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, "0000"));
        sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        card.close();
        assertEquals("6A82", sw(card, "00B0860001"));
        sw(card, SELECT_JPKI);
        assertEquals("6982", sw(card, "00B0810001"));
        assertEquals(2, card.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void transmitIsSafeFromManyThreads(MynaCardEmulator card) throws Exception {
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    sw(card, SELECT_JPKI);
                    sw(card, "00B0860020");
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(3, card.remainingAttempts(PinKind.USER_AUTH));
    }
}
