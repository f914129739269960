package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The cautious setting refuses short EF identifiers and extended lengths, changing nothing. */
class CautiousCardTest {

    private static int sw(MynaCardEmulator card, String hex) throws Exception {
        byte[] r = card.transmit(HexFormat.of().parseHex(hex));
        return ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
    }

    @Test
    void cautiousCardRefusesShortEfIdsWith6A86AndSpendsNothing() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        card.setCautious(true);
        assertEquals(0x9000, sw(card, "00A4040C0AD392F000260100000001"));
        assertEquals(0x6A86, sw(card, "00B08A0000"));
        assertEquals(0x6A86, sw(card, "002000980430303030"));
        assertEquals(3, card.remainingAttempts(io.github.mynacard.PinKind.USER_AUTH));
        assertEquals(0x6A86, sw(card, "00200098"));
    }

    @Test
    void cautiousCardRefusesExtendedLengthWith6700() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        card.setCautious(true);
        assertEquals(0x9000, sw(card, "00A4040C0AD392F000260100000001"));
        assertEquals(0x9000, sw(card, "00A4020C02000A"));
        assertEquals(0x6700, sw(card, "00B00000000000"));
        assertEquals(0x9000, sw(card, "00B0000000"));
    }

    @Test
    void ordinaryCardAcceptsBoth() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        assertEquals(0x9000, sw(card, "00A4040C0AD392F000260100000001"));
        assertEquals(0x9000, sw(card, "00B08A00000000"));
    }
}
