package io.github.mynacard.mock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The emulator's own writer of the card's data objects: BER-TLV with two-byte private tags and
 * minimal (or, where the card writes them so, non-minimal) long-form lengths, {@code FF} filler,
 * and the 16-byte key ids of the card-verifiable certificates. The emulator is the library's test
 * oracle, so it shares no codec with the library.
 */
final class Tlv {

    private Tlv() {
    }

    /** A two-byte tag (or a one-byte tag below 0x100), its minimal BER length and the value. */
    static byte[] of(int tag, byte[] value) {
        byte[] t = tag > 0xFF ? new byte[] {(byte) (tag >> 8), (byte) tag} : new byte[] {(byte) tag};
        return concat(t, length(value.length), value);
    }

    /** A minimal BER length: one byte below 0x80, else {@code 81 xx} or {@code 82 xx xx}. */
    static byte[] length(int len) {
        if (len < 0x80) {
            return new byte[] {(byte) len};
        }
        if (len < 0x100) {
            return new byte[] {(byte) 0x81, (byte) len};
        }
        if (len < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
        }
        return new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
    }

    /** A two-byte tag, the three-byte long form {@code 82 xx xx} of the length (minimal or not), and the value. */
    static byte[] ofLong(int tag, byte[] value) {
        int n = value.length;
        return concat(new byte[] {(byte) (tag >> 8), (byte) tag, (byte) 0x82, (byte) (n >> 8), (byte) n}, value);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The TLV followed by FF filler up to the next multiple of 32, at least one FF. */
    static byte[] padded(byte[] tlv) {
        int pad = 32 - tlv.length % 32;
        return paddedTo(tlv, tlv.length + pad);
    }

    /** The bytes followed by FF filler up to {@code size}. */
    static byte[] paddedTo(byte[] tlv, int size) {
        byte[] out = Arrays.copyOf(tlv, size);
        Arrays.fill(out, tlv.length, out.length, (byte) 0xFF);
        return out;
    }

    /** A two's-complement big integer's magnitude, right-aligned in {@code size} bytes. */
    static byte[] unsigned(byte[] twos, int size) {
        int start = twos.length > size && twos[0] == 0 ? twos.length - size : 0;
        byte[] out = new byte[size];
        int n = twos.length - start;
        System.arraycopy(twos, start, out, size - n, n);
        return out;
    }

    /** A key id: 7 ASCII digits, {@code 08 05}, {@code "001"}, 4 zero bytes (16 bytes). */
    static byte[] keyId(String sevenDigits) {
        byte[] id = new byte[16];
        System.arraycopy(sevenDigits.getBytes(StandardCharsets.US_ASCII), 0, id, 0, 7);
        id[7] = 0x08;
        id[8] = 0x05;
        System.arraycopy("001".getBytes(StandardCharsets.US_ASCII), 0, id, 9, 3);
        return id;
    }
}
