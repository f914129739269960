package io.github.mynacard.mock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small strict BER-TLV reader for the tests, apart from the emulator's writer and the library's
 * codec: one- or two-byte tags ({@code 5F}, {@code 7F}, {@code DF}, {@code FF} start two-byte tags),
 * short lengths and the long forms {@code 81}, {@code 82}, {@code 83} (non-minimal accepted).
 */
record Ber(int tag, int start, int valueStart, int length, byte[] source) {

    static Ber at(byte[] data, int offset) {
        int p = offset;
        int first = data[p++] & 0xFF;
        int tag = first;
        if ((first & 0x1F) == 0x1F) {
            tag = (first << 8) | (data[p++] & 0xFF);
        }
        int l = data[p++] & 0xFF;
        int len;
        if (l < 0x80) {
            len = l;
        } else {
            int n = l & 0x7F;
            if (n < 1 || n > 3) {
                throw new AssertionError("unsupported length form " + Integer.toHexString(l));
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (data[p++] & 0xFF);
            }
        }
        if (p + len > data.length) {
            throw new AssertionError("element runs past the data");
        }
        return new Ber(tag, offset, p, len, data);
    }

    int end() {
        return valueStart + length;
    }

    byte[] value() {
        return Arrays.copyOfRange(source, valueStart, end());
    }

    /** @return the whole element: tag, length and value */
    byte[] encoded() {
        return Arrays.copyOfRange(source, start, end());
    }

    /** @return the elements inside this (constructed) one */
    List<Ber> children() {
        List<Ber> out = new ArrayList<>();
        for (int p = valueStart; p < end(); ) {
            Ber b = at(source, p);
            out.add(b);
            p = b.end();
        }
        return out;
    }

    Ber child(int tag) {
        for (Ber b : children()) {
            if (b.tag == tag) {
                return b;
            }
        }
        throw new AssertionError("no element " + Integer.toHexString(tag));
    }
}
