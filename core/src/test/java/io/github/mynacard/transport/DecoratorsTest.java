package io.github.mynacard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoratorsTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void getResponseJoinsTheParts() throws Exception {
        List<String> sent = new ArrayList<>();
        CardTransport card = c -> {
            sent.add(HEX.formatHex(c));
            return sent.size() == 1 ? HEX.parseHex("01026102") : HEX.parseHex("03049000");
        };
        byte[] r = new GetResponseTransport(card).transmit(HEX.parseHex("00B0000000"));
        assertEquals("010203049000", HEX.formatHex(r));
        assertEquals("00C0000002", sent.get(1));
    }

    @Test
    void endless61xxEndsWithATypedException() {
        CardTransport card = c -> HEX.parseHex("AA6101");
        CardTransportException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(CardTransportException.class, () -> new GetResponseTransport(card).transmit(HEX.parseHex("00B0000000"))));
        assertEquals(CardTransportException.Reason.PROTOCOL, e.reason());
    }

    @Test
    void huge61xxChainIsBoundedInMemory() {
        CardTransport card = c -> {
            byte[] r = new byte[258];
            r[256] = 0x61;
            return r;
        };
        assertThrows(CardTransportException.class, () -> new GetResponseTransport(card).transmit(HEX.parseHex("00B0000000")));
    }

    @Test
    void responseWithoutStatusWordIsAProtocolError() {
        CardTransport card = c -> new byte[] {0x61};
        assertEquals(CardTransportException.Reason.PROTOCOL, assertThrows(CardTransportException.class,
                () -> new GetResponseTransport(card).transmit(HEX.parseHex("00B0000000"))).reason());
    }

    @Test
    void wrongLeIsResentOnceWithTheRightLe() throws Exception {
        List<String> sent = new ArrayList<>();
        CardTransport card = c -> {
            sent.add(HEX.formatHex(c));
            return sent.size() == 1 ? HEX.parseHex("6C11") : HEX.parseHex("00".repeat(17) + "9000");
        };
        byte[] r = new LeCorrectionTransport(card).transmit(HEX.parseHex("00B0000000"));
        assertEquals(19, r.length);
        assertEquals("00B0000011", sent.get(1));
    }

    @Test
    void repeated6CxxIsNotLooped() throws Exception {
        int[] calls = {0};
        CardTransport card = c -> {
            calls[0]++;
            return HEX.parseHex("6C05");
        };
        byte[] r = new LeCorrectionTransport(card).transmit(HEX.parseHex("00B0000000"));
        assertEquals("6C05", HEX.formatHex(r));
        assertEquals(2, calls[0]);
    }

    @Test
    void traceMasksPinBearingCommands() throws Exception {
        List<String> lines = new ArrayList<>();
        CardTransport card = c -> HEX.parseHex("9000");
        TracingTransport t = new TracingTransport(card, (c, r, n) -> lines.add(c + " -> " + r));
        t.transmit(HEX.parseHex("0020008004" + HEX.formatHex("4821".getBytes())));
        t.transmit(HEX.parseHex("0024018006" + HEX.formatHex("AB1234".getBytes())));
        t.transmit(HEX.parseHex("002C028004" + HEX.formatHex("9911".getBytes())));
        t.transmit(HEX.parseHex("8032008004" + HEX.formatHex("7733".getBytes())));
        String all = String.join("\n", lines);
        assertFalse(all.contains("34 38 32 31"), all);
        assertFalse(all.contains("41 42 31 32 33 34"), all);
        assertFalse(all.contains("39 39 31 31"), all);
        assertFalse(all.contains("37 37 33 33"), all);
        assertTrue(all.contains("00 20 00 80 04 [4 bytes masked]"), all);
    }

    @Test
    void traceMasksReadsOutsidePublicJpkiFiles() throws Exception {
        List<String> lines = new ArrayList<>();
        CardTransport card = c -> HEX.parseHex("3132339000");
        TracingTransport t = new TracingTransport(card, (c, r, n) -> lines.add(r));
        t.transmit(HEX.parseHex("00A4040C0AD3921000310001010408")); // card-info AP
        t.transmit(HEX.parseHex("00A4020C020001"));
        t.transmit(HEX.parseHex("00B0000011"));
        t.transmit(HEX.parseHex("00A4040C0AD392F000260100000001")); // JPKI
        t.transmit(HEX.parseHex("00A4020C02000A"));                 // auth certificate: public
        t.transmit(HEX.parseHex("00B0000000"));
        t.transmit(HEX.parseHex("00A4020C020001"));                 // signing certificate: names the holder
        t.transmit(HEX.parseHex("00B0000000"));
        t.transmit(HEX.parseHex("00B0860000"));                     // SFI 06: token, public
        assertEquals("[3 bytes masked] 90 00", lines.get(2));
        assertEquals("31 32 33 90 00", lines.get(5));
        assertEquals("[3 bytes masked] 90 00", lines.get(7));
        assertEquals("31 32 33 90 00", lines.get(8));
    }

    @Test
    void traceReportsFailures() {
        List<String> lines = new ArrayList<>();
        CardTransport card = c -> {
            throw new CardTransportException(CardTransportException.Reason.CARD_REMOVED, "gone");
        };
        TracingTransport t = new TracingTransport(card, (c, r, n) -> lines.add(r));
        assertThrows(CardTransportException.class, () -> t.transmit(HEX.parseHex("00A4040C")));
        assertEquals("failed: CardTransportException (CARD_REMOVED)", lines.get(0));
    }

    @Test
    void traceSaysWhenTheReaderCannotCarryAnExtendedApdu() {
        List<String> lines = new ArrayList<>();
        CardTransport reader = c -> {
            throw new CardTransportException(CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED, "too long");
        };
        TracingTransport t = new TracingTransport(reader, (c, r, n) -> lines.add(c + " -> " + r));
        assertThrows(CardTransportException.class, () -> t.transmit(HEX.parseHex("00B08A00000000")));
        assertEquals("00 B0 8A 00 00 00 00 -> failed: the reader cannot carry extended-length APDUs "
                + "(EXTENDED_APDU_UNSUPPORTED); the library goes on with short APDUs", lines.get(0));
    }

    @Test
    void everyDecoratorForwardsTheTransactionOfTheTransportItWraps() throws Exception {
        CardTransaction shared = new CardTransaction() {
            @Override
            public boolean shared() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        CardTransport card = new CardTransport() {
            @Override
            public byte[] transmit(byte[] command) {
                return new byte[] {(byte) 0x90, 0x00};
            }

            @Override
            public CardTransaction beginTransaction() {
                return shared;
            }
        };
        CardTransport stacked = new TracingTransport(new LeCorrectionTransport(new GetResponseTransport(card)), (c, r, n) -> { });
        assertTrue(stacked.beginTransaction() == shared, "the guard must see that the card is shared");
        assertFalse(((CardTransport) c -> new byte[] {(byte) 0x90, 0x00}).beginTransaction().shared(),
                "a transport that says nothing has its card to itself");
    }
}
