package io.github.mynacard.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.CardDataException;
import io.github.mynacard.apdu.TlvHeader.Rules;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The one TLV header decoder behind {@link BerTlv} and the certificate reader. */
class TlvHeaderTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static TlvHeader read(String s, Rules rules) throws CardDataException {
        byte[] b = hex(s);
        return TlvHeader.read(b, 0, b.length, rules);
    }

    @Test
    void readsTagsOfOneToThreeBytesUnderBer() throws Exception {
        assertEquals(new TlvHeader(0x30, true, 2, 5), read("30 05", Rules.BER));
        assertEquals(new TlvHeader(0xFF20, true, 3, 0x65), read("FF20 65", Rules.BER));
        assertEquals(new TlvHeader(0x5F8101, false, 4, 1), read("5F8101 01", Rules.BER));
        assertThrows(CardDataException.class, () -> read("FF818101 01", Rules.BER));
        assertThrows(CardDataException.class, () -> read("FF81", Rules.BER));
    }

    @Test
    void acceptsNonMinimalLengthsUnderBothRules() throws Exception {
        for (Rules rules : Rules.values()) {
            TlvHeader h = read("04 82 009F", rules);
            assertEquals(4, h.headerLength());
            assertEquals(0x9F, h.valueLength());
            assertEquals(4 + 0x9F, h.totalLength());
        }
        assertEquals(0xFFFFFFFFL, read("04 84 FFFFFFFF", Rules.BER).valueLength());
    }

    @Test
    void derTakesOneByteTagsOnly() throws Exception {
        assertFalse(read("0C 02", Rules.DER).constructed());
        CardDataException e = assertThrows(CardDataException.class, () -> read("DF21 01 00", Rules.DER));
        assertTrue(e.getMessage().startsWith("DER: "), e.getMessage());
    }

    @Test
    void refusesIncompleteOrIndefiniteHeaders() {
        for (Rules rules : Rules.values()) {
            assertThrows(CardDataException.class, () -> read("", rules));
            assertThrows(CardDataException.class, () -> read("30", rules));
            assertThrows(CardDataException.class, () -> read("30 80", rules));
            assertThrows(CardDataException.class, () -> read("30 82 01", rules));
            assertThrows(CardDataException.class, () -> read("30 85 0000000001", rules));
        }
    }

    @Test
    void readsOnlyBeforeTheEnd() throws Exception {
        byte[] b = hex("00 30 82 0100");
        assertEquals(new TlvHeader(0x30, true, 4, 0x100), TlvHeader.read(b, 1, b.length, Rules.BER));
        assertThrows(CardDataException.class, () -> TlvHeader.read(b, 1, 4, Rules.BER));
    }
}
