package io.github.mynacard.apdu;

import io.github.mynacard.CardDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One BER-TLV element, as the My Number Card lays out its files.
 *
 * <p>The reader accepts what the card writes: one- to three-byte tags including the private class
 * ({@code FF 20}, {@code DF 21}), long-form lengths that are not minimal ({@code 82 00 9F}), and
 * {@code FF} (or {@code 00}) filler after the last element. It refuses indefinite lengths, lengths
 * of more than four bytes, and any length that runs past the data, with a {@link CardDataException}.
 * The tag is an unsigned {@code int} of its raw bytes, for example {@code 0xFF20} or {@code 0x30}.
 */
public final class BerTlv {

    private final int tag;
    private final boolean constructed;
    private final byte[] value;
    private final int encodedLength;

    private BerTlv(int tag, boolean constructed, byte[] value, int encodedLength) {
        this.tag = tag;
        this.constructed = constructed;
        this.value = value;
        this.encodedLength = encodedLength;
    }

    /**
     * Parses the element that starts at {@code offset}.
     *
     * @param data the bytes
     * @param offset where the tag starts
     * @return the element
     * @throws CardDataException when the bytes are not a complete BER-TLV element
     */
    public static BerTlv parse(byte[] data, int offset) throws CardDataException {
        return parse(data, offset, data.length);
    }

    private static BerTlv parse(byte[] data, int offset, int end) throws CardDataException {
        TlvHeader h = TlvHeader.read(data, offset, end, TlvHeader.Rules.BER);
        int p = offset + h.headerLength();
        if (h.valueLength() > end - p) {
            throw new CardDataException("TLV: length " + h.valueLength() + " runs past the data (" + (end - p)
                    + " bytes left) at offset " + offset);
        }
        byte[] value = Arrays.copyOfRange(data, p, p + (int) h.valueLength());
        return new BerTlv(h.tag(), h.constructed(), value, h.headerLength() + value.length);
    }

    /**
     * Parses consecutive elements until the end of the data or until only filler ({@code FF} or
     * {@code 00} bytes) is left.
     *
     * @param data the bytes
     * @return the elements in order
     * @throws CardDataException when an element is malformed
     */
    public static List<BerTlv> parseAll(byte[] data) throws CardDataException {
        return parseAll(data, 0, data.length);
    }

    private static List<BerTlv> parseAll(byte[] data, int from, int end) throws CardDataException {
        List<BerTlv> out = new ArrayList<>();
        int p = from;
        while (p < end && !onlyFiller(data, p, end)) {
            BerTlv t = parse(data, p, end);
            out.add(t);
            p += t.encodedLength;
        }
        return out;
    }

    /**
     * The number of bytes a file needs to hold its first TLV element, learnt from the first bytes
     * of the file (tag and length). Lets a reader ask for exactly the rest.
     *
     * @param head the first bytes of the file (at least the tag and the length field)
     * @return the total size of the first element, header included
     * @throws CardDataException when the header is malformed or incomplete
     */
    public static int totalLength(byte[] head) throws CardDataException {
        long total = TlvHeader.read(head, 0, head.length, TlvHeader.Rules.BER).totalLength();
        if (total > Integer.MAX_VALUE) {
            throw new CardDataException("TLV: length too large");
        }
        return (int) total;
    }

    private static boolean onlyFiller(byte[] data, int from, int end) {
        byte f = data[from];
        if (f != (byte) 0xFF && f != 0) {
            return false;
        }
        for (int i = from; i < end; i++) {
            if (data[i] != f) {
                return false;
            }
        }
        return true;
    }

    /** @return the tag as an unsigned int of its raw bytes */
    public int tag() {
        return tag;
    }

    /** @return whether the tag is of the constructed form */
    public boolean isConstructed() {
        return constructed;
    }

    /** @return a copy of the value */
    public byte[] value() {
        return value.clone();
    }

    /** @return the length of the value */
    public int length() {
        return value.length;
    }

    /** @return the size of the whole element: tag, length field and value */
    public int encodedLength() {
        return encodedLength;
    }

    /**
     * The elements inside the value. Private-class files put primitive data under constructed tags
     * and the other way round, so this parses the value whatever the constructed bit says.
     *
     * @return the elements of the value, in order
     * @throws CardDataException when the value is not a sequence of TLV elements
     */
    public List<BerTlv> children() throws CardDataException {
        return Collections.unmodifiableList(parseAll(value, 0, value.length));
    }

    /**
     * The first child with the given tag.
     *
     * @param childTag the tag
     * @return the child
     * @throws CardDataException when the value is malformed or has no such child
     */
    public BerTlv child(int childTag) throws CardDataException {
        for (BerTlv t : children()) {
            if (t.tag == childTag) {
                return t;
            }
        }
        throw new CardDataException(String.format("TLV: no element %X inside %X", childTag, tag));
    }

    /** @return the tag and length, never the value (which may be personal data) */
    @Override
    public String toString() {
        return String.format("BerTlv[tag=%X, length=%d]", tag, value.length);
    }
}
