package io.github.mynacard.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandApduTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @ParameterizedTest
    @ValueSource(strings = {
        "00A4040C",                    // case 1
        "00B0000000",                  // case 2S, Le=256
        "00B0000011",                  // case 2S
        "00A4040C0AD392F000260100000001", // case 3S
        "802A00800331323300",          // case 4S
        "00B0810000000000",            // not valid: checked below
    })
    void shortFormsRoundTrip(String hex) {
        if (hex.equals("00B0810000000000")) {
            assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(HEX.parseHex(hex)));
            return;
        }
        CommandApdu c = CommandApdu.parse(HEX.parseHex(hex));
        assertEquals(hex, HEX.formatHex(c.encode()));
    }

    @Test
    void extendedLeOf65536EncodesAsZeroes() {
        CommandApdu c = new CommandApdu(0x00, 0xB0, 0x81, 0x00, 65536);
        assertTrue(c.isExtended());
        assertEquals("00B08100000000", HEX.formatHex(c.encode()));
        CommandApdu back = CommandApdu.parse(c.encode());
        assertEquals(65536, back.ne());
        assertTrue(back.isExtended());
    }

    @Test
    void extendedCase4RoundTrips() {
        byte[] data = new byte[300];
        data[299] = 7;
        CommandApdu c = new CommandApdu(0x80, 0xA2, 0, 0, data, 1000);
        CommandApdu back = CommandApdu.parse(c.encode());
        assertEquals(c, back);
        assertEquals(300, back.nc());
        assertEquals(1000, back.ne());
        assertEquals(4 + 3 + 300 + 2, c.encode().length);
    }

    @Test
    void extendedCase3HasNoLe() {
        byte[] data = new byte[256];
        CommandApdu c = new CommandApdu(0x00, 0x2A, 0, 0, data);
        assertEquals(4 + 3 + 256, c.encode().length);
        assertEquals(0, CommandApdu.parse(c.encode()).ne());
    }

    @Test
    void forcedExtendedUsesThreeByteLe() {
        CommandApdu c = new CommandApdu(0x00, 0xB0, 0, 0, null, 256, true);
        assertEquals("00B00000000100", HEX.formatHex(c.encode()));
    }

    @Test
    void unsignedAccessors() {
        CommandApdu c = CommandApdu.parse(HEX.parseHex("80FFFEFD"));
        assertEquals(0x80, c.cla());
        assertEquals(0xFF, c.ins());
        assertEquals(0xFE, c.p1());
        assertEquals(0xFD, c.p2());
    }

    @Test
    void validationRejectsOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> new CommandApdu(256, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CommandApdu(0, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CommandApdu(0, 0, 0, 0, 65537));
        assertThrows(IllegalArgumentException.class, () -> new CommandApdu(0, 0, 0, 0, new byte[65536]));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(HEX.parseHex("0020008004313233")));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(HEX.parseHex("002000800000")));
    }

    @Test
    void dataIsCopiedBothWays() {
        byte[] d = {1, 2, 3};
        CommandApdu c = new CommandApdu(0, 0x20, 0, 0x80, d);
        d[0] = 9;
        assertEquals(1, c.data()[0]);
        c.data()[1] = 9;
        assertEquals(2, c.data()[1]);
    }

    @Test
    void toStringNeverShowsData() {
        CommandApdu c = new CommandApdu(0, 0x20, 0, 0x80, "4821".getBytes());
        assertFalse(c.toString().contains("34383231"));
        assertFalse(c.toString().contains("4821"));
    }

    @Test
    void wipeZeroesTheData() {
        CommandApdu c = new CommandApdu(0, 0x20, 0, 0x80, "4821".getBytes());
        c.wipe();
        assertArrayEquals(new byte[4], c.data());
    }

    @Test
    void responseSplitsStatusWord() {
        ResponseApdu r = new ResponseApdu(HEX.parseHex("0102639C"));
        assertEquals(0x639C, r.sw());
        assertEquals(0x63, r.sw1());
        assertEquals(0x9C, r.sw2());
        assertArrayEquals(new byte[] {1, 2}, r.data());
        assertEquals(0x9000, new ResponseApdu(HEX.parseHex("9000")).sw());
        assertThrows(IllegalArgumentException.class, () -> new ResponseApdu(new byte[1]));
        assertFalse(r.toString().contains("0102"));
    }

    @Test
    void pinBearingCommandsAreKnownByTheirInstructionAndData() {
        assertTrue(CommandApdu.parse(HEX.parseHex("002000800431323334")).carriesPin());
        assertTrue(CommandApdu.parse(HEX.parseHex("002401800431323334")).carriesPin());
        assertTrue(CommandApdu.parse(HEX.parseHex("002C02800431323334")).carriesPin());
        assertTrue(CommandApdu.parse(HEX.parseHex("803200800431323334")).carriesPin());
        assertFalse(CommandApdu.parse(HEX.parseHex("00200080")).carriesPin());
        assertFalse(CommandApdu.parse(HEX.parseHex("00A4020C020018")).carriesPin());
    }
}
