package io.github.mynacard.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.CardDataException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BerTlvTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void readsPrivateClassTagsAndFiller() throws Exception {
        byte[] myNumber = hex("FF 10 0C 353337363836363737313838 FF FF");
        List<BerTlv> all = BerTlv.parseAll(myNumber);
        assertEquals(1, all.size());
        assertEquals(0xFF10, all.get(0).tag());
        assertEquals("537686677188", new String(all.get(0).value()));
        assertEquals(15, all.get(0).encodedLength());
    }

    @Test
    void acceptsNonMinimalLongFormLengths() throws Exception {
        byte[] b = hex("FF40 82 0007 DF41 04 01030E01");
        BerTlv t = BerTlv.parse(b, 0);
        assertEquals(0xFF40, t.tag());
        assertEquals(7, t.length());
        assertArrayEquals(hex("01030E01"), t.child(0xDF41).value());
        assertEquals(b.length, BerTlv.totalLength(b));
        assertEquals(5 + 0x9F, BerTlv.totalLength(hex("FF40 82009F")));
    }

    @Test
    void totalLengthFromHeaderOnly() throws Exception {
        assertEquals(0x0233 + 5, BerTlv.totalLength(hex("7F21 820233")));
        assertEquals(0x05A0 + 4, BerTlv.totalLength(hex("3082 05A0")));
        assertEquals(0x65 + 3, BerTlv.totalLength(hex("FF20 65")));
    }

    @Test
    void refusesMalformedInput() {
        assertThrows(CardDataException.class, () -> BerTlv.parse(hex("FF20 10 DF22"), 0)); // runs past the end
        assertThrows(CardDataException.class, () -> BerTlv.parse(hex("30 80 0000"), 0));   // indefinite
        assertThrows(CardDataException.class, () -> BerTlv.parse(hex("30 85 0000000001 00"), 0));
        assertThrows(CardDataException.class, () -> BerTlv.parse(hex("FF"), 0));
        assertThrows(CardDataException.class, () -> BerTlv.parse(hex("FF8181 01 00"), 0)); // 4-byte tag
        assertThrows(CardDataException.class, () -> BerTlv.totalLength(hex("30")));
        assertThrows(CardDataException.class, () -> BerTlv.parseAll(hex("DF21 02 00")));
    }

    @Test
    void hugeLengthIsRefusedNotAllocated() {
        CardDataException e = assertThrows(CardDataException.class, () -> BerTlv.parse(hex("30 84 7FFFFFFF 00"), 0));
        assertTrue(e.getMessage().contains("runs past"));
    }

    @Test
    void childrenOfConstructedElement() throws Exception {
        BerTlv t = BerTlv.parse(hex("FF20 0B DF21 02 0001 DF25 01 31 FFFF"), 0);
        assertEquals(2, t.children().size());
        assertEquals('1', t.child(0xDF25).value()[0]);
        assertThrows(CardDataException.class, () -> t.child(0xDF99));
    }
}
