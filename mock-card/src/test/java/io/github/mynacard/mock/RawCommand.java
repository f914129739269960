package io.github.mynacard.mock;

import java.util.Arrays;

/**
 * A command APDU as ISO/IEC 7816-4 (5.1) lays it out, decoded from raw bytes for the reference
 * model. Deliberately independent of the library's {@code io.github.mynacard.apdu.CommandApdu}: the
 * model must not borrow the code it is meant to check.
 *
 * <p>After the four header bytes CLA INS P1 P2 the body is one of:
 * <table>
 *   <caption>the cases of a command APDU</caption>
 *   <tr><th>case</th><th>body</th><th>Nc</th><th>Ne</th></tr>
 *   <tr><td>1</td><td>empty</td><td>0</td><td>0 (no Le field)</td></tr>
 *   <tr><td>2S</td><td>Le (1 byte)</td><td>0</td><td>1..255, 00 = 256</td></tr>
 *   <tr><td>3S</td><td>Lc (1 byte, not 00) and Lc data bytes</td><td>1..255</td><td>0</td></tr>
 *   <tr><td>4S</td><td>Lc, data, Le (1 byte)</td><td>1..255</td><td>1..256</td></tr>
 *   <tr><td>2E</td><td>00 and Le (2 bytes)</td><td>0</td><td>1..65535, 0000 = 65536</td></tr>
 *   <tr><td>3E</td><td>00, Lc (2 bytes, not 0000), data</td><td>1..65535</td><td>0</td></tr>
 *   <tr><td>4E</td><td>00, Lc (2 bytes), data, Le (2 bytes)</td><td>1..65535</td><td>1..65536</td></tr>
 * </table>
 * Any other body (a short Lc that does not match the data, a lone 00 byte, an extended Lc of 0000,
 * a short Le after extended data, ...) is no command APDU.
 *
 * @param cla the class byte
 * @param ins the instruction byte
 * @param p1 parameter 1
 * @param p2 parameter 2
 * @param data the command data (empty for cases 1 and 2)
 * @param ne the maximum number of response bytes expected, 0 when there is no Le field
 * @param extended whether the body uses the extended length fields
 */
record RawCommand(int cla, int ins, int p1, int p2, byte[] data, int ne, boolean extended) {

    private static final byte[] NONE = new byte[0];

    /**
     * @param apdu the bytes as sent
     * @return the command, or null when the bytes are no command APDU of any case
     */
    static RawCommand decode(byte[] apdu) {
        if (apdu == null || apdu.length < 4) {
            return null;
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        int body = apdu.length - 4;
        if (body == 0) { // case 1
            return new RawCommand(cla, ins, p1, p2, NONE, 0, false);
        }
        int b1 = apdu[4] & 0xFF;
        if (body == 1) { // case 2S
            return new RawCommand(cla, ins, p1, p2, NONE, b1 == 0 ? 256 : b1, false);
        }
        if (b1 != 0) { // a short Lc: case 3S or 4S
            if (body == 1 + b1) {
                return new RawCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + b1), 0, false);
            }
            if (body == 2 + b1) {
                int le = apdu[apdu.length - 1] & 0xFF;
                return new RawCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + b1), le == 0 ? 256 : le, false);
            }
            return null;
        }
        // b1 == 00 and more follows: the extended length fields
        if (body < 3) {
            return null;
        }
        int l = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (body == 3) { // case 2E
            return new RawCommand(cla, ins, p1, p2, NONE, l == 0 ? 65536 : l, true);
        }
        if (l == 0) {
            return null;
        }
        if (body == 3 + l) { // case 3E
            return new RawCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + l), 0, true);
        }
        if (body == 5 + l) { // case 4E
            int le = ((apdu[apdu.length - 2] & 0xFF) << 8) | (apdu[apdu.length - 1] & 0xFF);
            return new RawCommand(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + l), le == 0 ? 65536 : le, true);
        }
        return null;
    }

    /** @return the number of data bytes */
    int nc() {
        return data.length;
    }

    /** @return whether the command has an Le field */
    boolean hasLe() {
        return ne > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawCommand c && c.cla == cla && c.ins == ins && c.p1 == p1 && c.p2 == p2
                && Arrays.equals(c.data, data) && c.ne == ne && c.extended == extended;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + ((cla << 24) | (ins << 16) | (p1 << 8) | p2);
    }

    @Override
    public String toString() {
        return String.format("%02X %02X %02X %02X, %s, Nc=%d, Ne=%d", cla, ins, p1, p2, extended ? "extended" : "short",
                data.length, ne);
    }
}
