package io.github.mynacard.apdu;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable ISO 7816-4 command APDU, in any of the four cases, short or extended.
 *
 * <p>{@code ne} is the number of response bytes expected (Le as a count): 0 means no Le field,
 * 1..256 fit a short Le (256 is encoded {@code 00}), up to 65536 need an extended Le. The data
 * field holds up to 255 bytes in the short form and up to 65535 in the extended form. All
 * values are validated on construction and exposed as unsigned {@code int}s.
 *
 * <p>{@link #toString()} never shows the data field: it may hold a PIN.
 */
public final class CommandApdu {

    /** The largest Ne of a short APDU. */
    public static final int MAX_SHORT_NE = 256;
    /** The largest Ne of an extended APDU. */
    public static final int MAX_EXTENDED_NE = 65536;

    private final int cla;
    private final int ins;
    private final int p1;
    private final int p2;
    private final byte[] data;
    private final int ne;
    private final boolean extended;

    /**
     * Case 1: header only.
     *
     * @param cla class byte (0..255)
     * @param ins instruction byte (0..255)
     * @param p1 parameter 1 (0..255)
     * @param p2 parameter 2 (0..255)
     */
    public CommandApdu(int cla, int ins, int p1, int p2) {
        this(cla, ins, p1, p2, null, 0);
    }

    /**
     * Case 2: header and Le.
     *
     * @param cla class byte
     * @param ins instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @param ne expected response length, 1..65536 (extended encoding above 256)
     */
    public CommandApdu(int cla, int ins, int p1, int p2, int ne) {
        this(cla, ins, p1, p2, null, ne);
    }

    /**
     * Case 3: header and data.
     *
     * @param cla class byte
     * @param ins instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @param data command data, copied; null or empty means none
     */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data) {
        this(cla, ins, p1, p2, data, 0);
    }

    /**
     * Any case; the encoding is short when it fits and extended otherwise.
     *
     * @param cla class byte
     * @param ins instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @param data command data, copied; null or empty means none
     * @param ne expected response length, 0 (no Le) to 65536
     * @throws IllegalArgumentException when a value is out of range
     */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        this(cla, ins, p1, p2, data, ne, false);
    }

    /**
     * Any case, with the extended encoding forced when {@code forceExtended} is set.
     *
     * @param cla class byte
     * @param ins instruction byte
     * @param p1 parameter 1
     * @param p2 parameter 2
     * @param data command data, copied; null or empty means none
     * @param ne expected response length, 0 (no Le) to 65536
     * @param forceExtended use extended Lc/Le even when short would fit (ignored for case 1)
     * @throws IllegalArgumentException when a value is out of range
     */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne, boolean forceExtended) {
        checkByte("CLA", cla);
        checkByte("INS", ins);
        checkByte("P1", p1);
        checkByte("P2", p2);
        byte[] d = data == null ? new byte[0] : data.clone();
        if (d.length > 65535) {
            throw new IllegalArgumentException("data field too long: " + d.length + " bytes (max 65535)");
        }
        if (ne < 0 || ne > MAX_EXTENDED_NE) {
            throw new IllegalArgumentException("Ne out of range: " + ne + " (0..65536)");
        }
        this.cla = cla;
        this.ins = ins;
        this.p1 = p1;
        this.p2 = p2;
        this.data = d;
        this.ne = ne;
        boolean needsExtended = d.length > 255 || ne > MAX_SHORT_NE;
        this.extended = (forceExtended && (d.length > 0 || ne > 0)) || needsExtended;
    }

    /**
     * Decodes an APDU in any of the seven ISO 7816-4 encodings (case 1, 2S, 3S, 4S, 2E, 3E, 4E).
     *
     * @param apdu the encoded APDU
     * @return the decoded command
     * @throws IllegalArgumentException when the bytes are not a well-formed APDU
     */
    public static CommandApdu parse(byte[] apdu) {
        if (apdu == null || apdu.length < 4) {
            throw new IllegalArgumentException("APDU shorter than its 4-byte header");
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        int n = apdu.length;
        if (n == 4) {
            return new CommandApdu(cla, ins, p1, p2);
        }
        int b0 = apdu[4] & 0xFF;
        if (n == 5) { // case 2S
            return new CommandApdu(cla, ins, p1, p2, null, b0 == 0 ? 256 : b0);
        }
        if (b0 != 0) { // short: case 3S or 4S
            int lc = b0;
            if (n == 5 + lc) {
                return withData(cla, ins, p1, p2, apdu, 5, lc, 0, false);
            }
            if (n == 6 + lc) {
                int le = apdu[n - 1] & 0xFF;
                return withData(cla, ins, p1, p2, apdu, 5, lc, le == 0 ? 256 : le, false);
            }
            throw new IllegalArgumentException("short APDU length does not match Lc");
        }
        // extended: byte 4 is 00
        if (n < 7) {
            throw new IllegalArgumentException("truncated extended length field");
        }
        int l = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (n == 7) { // case 2E
            return new CommandApdu(cla, ins, p1, p2, null, l == 0 ? 65536 : l, true);
        }
        if (l == 0) {
            throw new IllegalArgumentException("extended Lc of zero");
        }
        if (n == 7 + l) { // case 3E
            return withData(cla, ins, p1, p2, apdu, 7, l, 0, true);
        }
        if (n == 9 + l) { // case 4E
            int le = ((apdu[n - 2] & 0xFF) << 8) | (apdu[n - 1] & 0xFF);
            return withData(cla, ins, p1, p2, apdu, 7, l, le == 0 ? 65536 : le, true);
        }
        throw new IllegalArgumentException("extended APDU length does not match Lc");
    }

    /** A decoded command with data; the constructor keeps its own copy, so the one made here is wiped. */
    private static CommandApdu withData(int cla, int ins, int p1, int p2, byte[] apdu, int from, int nc, int ne,
            boolean extended) {
        byte[] data = Arrays.copyOfRange(apdu, from, from + nc);
        try {
            return new CommandApdu(cla, ins, p1, p2, data, ne, extended);
        } finally {
            Arrays.fill(data, (byte) 0); // it may be a PIN
        }
    }

    /** @return the class byte, 0..255 */
    public int cla() {
        return cla;
    }

    /** @return the instruction byte, 0..255 */
    public int ins() {
        return ins;
    }

    /** @return parameter 1, 0..255 */
    public int p1() {
        return p1;
    }

    /** @return parameter 2, 0..255 */
    public int p2() {
        return p2;
    }

    /** @return a copy of the data field (empty when there is none) */
    public byte[] data() {
        return data.clone();
    }

    /** @return the length of the data field (Nc) */
    public int nc() {
        return data.length;
    }

    /** @return the expected response length (Ne), 0 when there is no Le field */
    public int ne() {
        return ne;
    }

    /** @return whether the encoding uses extended Lc/Le */
    public boolean isExtended() {
        return extended;
    }

    /**
     * Whether the data field is a PIN: a VERIFY ({@code INS 20}), CHANGE REFERENCE DATA
     * ({@code 24}), RESET RETRY COUNTER ({@code 2C}) or CHANGE KEY ({@code 32}) with data, whatever
     * the class byte. Such a command is wiped after use, and its data is never shown.
     *
     * @return whether this command carries a PIN
     */
    public boolean carriesPin() {
        return data.length > 0 && (ins == 0x20 || ins == 0x24 || ins == 0x2C || ins == 0x32);
    }

    /**
     * Returns this command with another Ne, keeping the header and data.
     *
     * @param newNe the new expected length, 0..65536
     * @return a new command
     */
    public CommandApdu withNe(int newNe) {
        return new CommandApdu(cla, ins, p1, p2, data, newNe, extended && newNe > 0);
    }

    /** @return the encoded APDU, a new array on every call */
    public byte[] encode() {
        int nc = data.length;
        int size = 4;
        if (extended) {
            size += (nc > 0 ? 3 + nc : 0) + (ne > 0 ? (nc > 0 ? 2 : 3) : 0);
        } else {
            size += (nc > 0 ? 1 + nc : 0) + (ne > 0 ? 1 : 0);
        }
        byte[] out = new byte[size];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int i = 4;
        if (extended) {
            if (nc > 0) {
                out[i++] = 0;
                out[i++] = (byte) (nc >> 8);
                out[i++] = (byte) nc;
                System.arraycopy(data, 0, out, i, nc);
                i += nc;
            } else if (ne > 0) {
                out[i++] = 0;
            }
            if (ne > 0) {
                int le = ne == 65536 ? 0 : ne;
                out[i++] = (byte) (le >> 8);
                out[i] = (byte) le;
            }
        } else {
            if (nc > 0) {
                out[i++] = (byte) nc;
                System.arraycopy(data, 0, out, i, nc);
                i += nc;
            }
            if (ne > 0) {
                out[i] = (byte) (ne == 256 ? 0 : ne);
            }
        }
        return out;
    }

    /** Overwrites this command's private copy of the data field with zeros (used for PIN-bearing commands). */
    public void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommandApdu)) {
            return false;
        }
        CommandApdu c = (CommandApdu) o;
        return cla == c.cla && ins == c.ins && p1 == c.p1 && p2 == c.p2 && ne == c.ne
                && extended == c.extended && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return ((cla * 31 + ins) * 31 + p1) * 31 + p2 + 17 * Arrays.hashCode(data) + ne;
    }

    /** @return the header, Nc and Ne; never the data, which may be a PIN */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.of().withUpperCase();
        return "CommandApdu[" + hex.toHexDigits((byte) cla) + " " + hex.toHexDigits((byte) ins) + " "
                + hex.toHexDigits((byte) p1) + " " + hex.toHexDigits((byte) p2) + ", Nc=" + data.length
                + ", Ne=" + ne + (extended ? ", extended" : "") + "]";
    }

    private static void checkByte(String name, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(name + " out of range: " + v);
        }
    }
}
