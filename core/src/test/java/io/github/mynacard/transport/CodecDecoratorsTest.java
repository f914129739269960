package io.github.mynacard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decorators read commands with the codec: every APDU form, and bytes that are none. */
class CodecDecoratorsTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static List<String> trace(String... commands) throws Exception {
        List<String> lines = new ArrayList<>();
        TracingTransport t = new TracingTransport(c -> HEX.parseHex("0102039000"), (c, r, n) -> lines.add(c + " < " + r));
        for (String c : commands) {
            t.transmit(HEX.parseHex(c));
        }
        return lines;
    }

    @Test
    void pinDataIsMaskedAfterTheLengthField() throws Exception {
        List<String> lines = trace("002000800431323334", "00200080000004313233340000");
        assertEquals("00 20 00 80 04 [4 bytes masked] < 01 02 03 90 00", lines.get(0));
        assertEquals("00 20 00 80 00 00 04 [6 bytes masked] < 01 02 03 90 00", lines.get(1));
    }

    @Test
    void bytesThatAreNoApduShowTheirHeaderOnly() throws Exception {
        List<String> lines = trace("00B0000005AABB", "00A4");
        assertEquals("00 B0 00 00 [3 bytes masked] < [3 bytes masked] 90 00", lines.get(0));
        assertEquals("00 A4 < [3 bytes masked] 90 00", lines.get(1));
    }

    @Test
    void leCorrectionKeepsTheDataAndReplacesOrAddsTheLe() throws Exception {
        for (String[] c : new String[][] {
            {"00B0000000", "00B0000011"},             // case 2S: Le replaced
            {"802A00800331323300", "802A008003313233" + "11"}, // case 4S: Le replaced
            {"0022000002AABB", "0022000002AABB11"},   // case 3S: Le added
        }) {
            List<String> sent = new ArrayList<>();
            new LeCorrectionTransport(cmd -> {
                sent.add(HEX.formatHex(cmd));
                return HEX.parseHex(sent.size() == 1 ? "6C11" : "9000");
            }).transmit(HEX.parseHex(c[0]));
            assertEquals(List.of(c[0], c[1]), sent);
        }
    }

    @Test
    void leCorrectionLeavesExtendedAndMalformedCommandsAlone() throws Exception {
        for (String c : new String[] {"00B00000000100", "00A4040C", "00B0000005AABB"}) {
            List<String> sent = new ArrayList<>();
            byte[] r = new LeCorrectionTransport(cmd -> {
                sent.add(HEX.formatHex(cmd));
                return HEX.parseHex("6C11");
            }).transmit(HEX.parseHex(c));
            assertEquals("6C11", HEX.formatHex(r));
            assertEquals(List.of(c), sent);
        }
    }

    @Test
    void aCommandCarryingAPinIsNeverSentTwice() throws Exception {
        for (String c : new String[] {
            "002000800431323334",          // VERIFY with a PIN
            "002401800431323334",          // CHANGE REFERENCE DATA
            "803200800431323334",          // CHANGE KEY
            "002C02800431323334",          // RESET RETRY COUNTER
        }) {
            List<String> sent = new ArrayList<>();
            byte[] r = new LeCorrectionTransport(cmd -> {
                sent.add(HEX.formatHex(cmd));
                return HEX.parseHex("6C00");
            }).transmit(HEX.parseHex(c));
            assertEquals("6C00", HEX.formatHex(r), "the card's answer goes to the caller");
            assertEquals(1, sent.size(), "sent once: " + c);
        }
    }
}
