package io.github.mynacard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The card report's script and file, against a scripted card that answers every command with a
 * certificate-like file: what is sent, what is kept, and what a report file may not hold.
 */
class CardReportTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** A card whose every file is a 300-byte DER SEQUENCE of private values, answering reads at any offset. */
    static final class FileCard implements CardTransport {
        final List<String> sent = new ArrayList<>();
        final byte[] file = new byte[300];
        boolean refuseExtendedAtTheLink;

        FileCard() {
            file[0] = 0x30;
            file[1] = (byte) 0x82;
            file[2] = 0x01;
            file[3] = 0x28; // 296 bytes follow
            file[4] = 0x04; // OCTET STRING of the "personal" bytes
            file[5] = (byte) 0x82;
            file[6] = 0x01;
            file[7] = 0x24;
            for (int i = 8; i < file.length; i++) {
                file[i] = (byte) ("SECRET-HOLDER-DATA".charAt(i % 18));
            }
        }

        @Override
        public byte[] transmit(byte[] c) throws CardTransportException {
            sent.add(HEX.formatHex(c));
            int ins = c[1] & 0xFF;
            if (refuseExtendedAtTheLink && c.length == 7 && c[4] == 0) {
                throw new CardTransportException(CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED, "short only");
            }
            if (ins == 0xA4) {
                return new byte[] {(byte) 0x90, 0};
            }
            if (ins == 0x20) {
                return new byte[] {0x63, (byte) 0xC3};
            }
            if (ins == 0xB0) {
                int offset = (c[2] & 0x80) != 0 ? 0 : ((c[2] & 0xFF) << 8) | (c[3] & 0xFF);
                int ne = c.length == 7 ? 65536 : (c[4] == 0 ? 256 : c[4] & 0xFF);
                int n = Math.max(0, Math.min(ne, file.length - offset));
                byte[] r = new byte[n + 2];
                System.arraycopy(file, Math.min(offset, file.length), r, 0, n);
                r[n] = (byte) 0x90;
                return r;
            }
            return new byte[] {0x6D, 0};
        }
    }

    @Test
    void theScriptSendsNoPinNoDataButSelectsAndChangesNothing() throws Exception {
        FileCard card = new FileCard();
        CardReport r = CardReporter.run(card, new CardReport.Reader("Some Reader (1234567) 00 00", "3B00", "T=1", ""),
                false, "test");
        assertEquals(card.sent.size(), r.exchanges().size());
        for (String c : card.sent) {
            String ins = c.substring(2, 4);
            assertTrue(List.of("A4", "B0", "20", "C0").contains(ins), "only SELECT, READ BINARY, VERIFY, GET RESPONSE: " + c);
            if (ins.equals("20")) {
                assertEquals(8, c.length(), "VERIFY without data: " + c);
            }
            if (ins.equals("B0") || ins.equals("C0")) {
                assertTrue(c.length() <= 14, "a read carries no data: " + c);
            }
        }
        assertEquals("Some Reader 00 00", r.reader().name(), "the part in parentheses (a serial number) is removed");
    }

    @Test
    void noByteOfAnAnswersDataIsKept() throws Exception {
        FileCard card = new FileCard();
        String json = CardReporter.run(card, new CardReport.Reader("r", "", "", ""), false, "test").toJson();
        assertFalse(json.contains("SECRET"), "no value in clear");
        String valueHex = HEX.formatHex("SECRET-HOLDER-DATA".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 6);
        assertFalse(json.contains(valueHex), "no value in hex");
        assertTrue(json.contains("30(296)[04(292)]"), "the structure is kept: " + json.substring(0, 400));
        assertTrue(json.contains("30(296+)"), "a cut element is marked");
    }

    @Test
    void aReportIsReadBackAsItWasWritten() throws Exception {
        CardReport r = CardReporter.run(new FileCard(), new CardReport.Reader("r", "3BE000FF8131FE4514", "T=1", "none"),
                true, "test");
        CardReport back = CardReport.parse(r.toJson());
        assertEquals(r.exchanges(), back.exchanges());
        assertEquals(r.reader(), back.reader());
        assertTrue(back.shortApdusOnly());
        assertEquals(r.toJson(), back.toJson());
        assertTrue(r.exchanges().stream().noneMatch(e -> e.form().extended()), "short APDUs only: no extended form");
    }

    @Test
    void aLinkThatCannotCarryExtendedLengthsIsRecordedAndTheScriptGoesOn() throws Exception {
        FileCard card = new FileCard();
        card.refuseExtendedAtTheLink = true;
        CardReport r = CardReporter.run(card, new CardReport.Reader("r", "", "", ""), false, "test");
        assertTrue(r.exchanges().stream().anyMatch(e -> e.form().extended() && e.linkError().equals("EXTENDED_APDU_UNSUPPORTED")));
        assertTrue(r.exchanges().stream().anyMatch(e -> e.form() == CardReport.Form.READ_PAST_END), "the script went on");
    }

    @Test
    void aCardPulledEndsTheScriptWithTheTypedError() {
        CardTransport gone = c -> {
            throw new CardTransportException(CardTransportException.Reason.CARD_REMOVED, "removed");
        };
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> CardReporter.run(gone, new CardReport.Reader("r", "", "", ""), false, "test"));
        assertEquals(CardTransportException.Reason.CARD_REMOVED, e.reason());
    }

    @Test
    void aFileThatHoldsMoreThanAReportMayIsRefused() throws Exception {
        String good = CardReporter.run(new FileCard(), new CardReport.Reader("r", "", "", ""), false, "test").toJson();
        // a VERIFY with data (a PIN) in a command
        String withPin = good.replaceFirst("\"command\": \"00200098\"", "\"command\": \"002000980431323334\"");
        assertTrue(!withPin.equals(good));
        assertTrue(assertThrows(CardReportFormatException.class, () -> CardReport.parse(withPin)).getMessage()
                .contains("never holds"));
        // a value smuggled into a skeleton
        String withValue = good.replaceFirst("\"skeleton\": \"30\\(296\\+\\)\"", "\"skeleton\": \"SUZUKI TARO\"");
        assertTrue(!withValue.equals(good));
        assertThrows(CardReportFormatException.class, () -> CardReport.parse(withValue));
        // not JSON, another format, another version
        assertThrows(CardReportFormatException.class, () -> CardReport.parse("{\"format\": \"x\""));
        assertThrows(CardReportFormatException.class, () -> CardReport.parse("{\"format\": \"other\", \"version\": 1}"));
        CardReportFormatException v = assertThrows(CardReportFormatException.class,
                () -> CardReport.parse(good.replace("\"version\": 1,", "\"version\": 2,")));
        assertTrue(v.getMessage().contains("version 2"), v.getMessage());
        assertThrows(CardReportFormatException.class, () -> CardReport.parse(good + "x"));
    }

    @Test
    void dataOfAnotherShapeIsNotTakenForTagsAndLengths() {
        byte[] token = "JPKIAPICCTOKEN2                 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("raw(32)", CardReporter.skeleton(token, token.length));
        byte[] bad = {0x30, 0x05, 0x01};
        assertEquals("30(5+)", CardReporter.skeleton(bad, 3));
        assertEquals("", CardReporter.skeleton(new byte[] {(byte) 0x90, 0}, 0));
    }
}
