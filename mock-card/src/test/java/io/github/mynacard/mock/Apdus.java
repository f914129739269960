package io.github.mynacard.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Raw-APDU helpers for the emulator tests. */
final class Apdus {

    static final String SELECT_JPKI = "00A4040C0AD392F000260100000001";
    static final String SELECT_TEXT = "00A4040C0AD3921000310001010408";
    static final String SELECT_COMMON = "00A4040C0AD3921000310001010100";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Apdus() {
    }

    /** Sends a hex APDU (spaces allowed) and returns the whole response. */
    static byte[] send(MynaCardEmulator card, String hex) {
        return sendRaw(card, HEX.parseHex(hex.replace(" ", "")));
    }

    static byte[] sendRaw(MynaCardEmulator card, byte[] apdu) {
        try {
            return card.transmit(apdu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends and returns the status word as 4 hex digits. */
    static String sw(MynaCardEmulator card, String hex) {
        return swOf(send(card, hex));
    }

    static String swOf(byte[] response) {
        return HEX.formatHex(response, response.length - 2, response.length);
    }

    static byte[] dataOf(byte[] response) {
        return Arrays.copyOf(response, response.length - 2);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** ASCII text as hex. */
    static String ascii(String s) {
        return HEX.formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** A case-3 APDU with the data given as ASCII text. */
    static String withAscii(String header, String text) {
        return header + String.format("%02X", text.length()) + ascii(text);
    }

    static String selectEf(int fid) {
        return String.format("00A4020C02%04X", fid);
    }

    static String verify(int fid, String pin) {
        return withAscii(String.format("002000%02X", 0x80 | fid), pin);
    }

    static String verifyStatus(int fid) {
        return String.format("002000%02X", 0x80 | fid);
    }

    /** Reads a whole binary EF of the current AP with an extended Le. */
    static byte[] readAll(MynaCardEmulator card, int sfi) {
        byte[] r = send(card, String.format("00B0%02X00000000", 0x80 | sfi));
        if (!swOf(r).equals("9000")) {
            throw new AssertionError("read failed: " + swOf(r));
        }
        return dataOf(r);
    }
}
