package io.github.mynacard.apdu;

import io.github.mynacard.CardDataException;

/**
 * The header of one TLV element: its tag, the size of the tag and length fields, and the length
 * of the value. One decoder serves the card's BER-TLV files ({@link BerTlv}) and the DER values the
 * certificate reader decodes.
 *
 * <p>Under both {@link Rules} a length is definite and has at most four length bytes; long forms
 * that are not minimal ({@code 82 00 9F}) are accepted, as the card writes them, and an indefinite
 * length ({@code 80}) is refused. The decoder reads the header only: whether the value fits in the
 * data is the caller's check.
 *
 * @param tag the tag as an unsigned int of its raw bytes, for example {@code 0xFF20} or {@code 0x30}
 * @param constructed whether the tag is of the constructed form
 * @param headerLength the size of the tag and length fields
 * @param valueLength the length of the value, 0 to {@code 0xFFFFFFFF}
 */
public record TlvHeader(int tag, boolean constructed, int headerLength, long valueLength) {

    /** Which tags a header may have; the rules also name the format in messages. */
    public enum Rules {
        /** The card's files: tags of one to three bytes, including the private class ({@code FF 20}, {@code DF 21}). */
        BER("TLV", 3),
        /** The values inside a certificate that the library decodes: one-byte tags only. */
        DER("DER", 1);

        private final String label;
        private final int maxTagBytes;

        Rules(String label, int maxTagBytes) {
            this.label = label;
            this.maxTagBytes = maxTagBytes;
        }
    }

    /**
     * Decodes the header of the element that starts at {@code offset}.
     *
     * @param data the bytes
     * @param offset where the tag starts
     * @param end where the data ends (exclusive); the header must lie before it
     * @param rules the tags allowed
     * @return the header
     * @throws CardDataException when the bytes before {@code end} are not a complete, allowed header
     */
    public static TlvHeader read(byte[] data, int offset, int end, Rules rules) throws CardDataException {
        int p = offset;
        if (p >= end) {
            throw malformed(rules, "no tag", offset);
        }
        int first = data[p++] & 0xFF;
        int tag = first;
        if ((first & 0x1F) == 0x1F) {
            if (rules.maxTagBytes == 1) {
                throw malformed(rules, "multi-byte tags are not expected here", offset);
            }
            int b;
            do {
                if (p >= end) {
                    throw malformed(rules, "truncated tag", offset);
                }
                b = data[p++] & 0xFF;
                tag = (tag << 8) | b;
                if (p - offset > rules.maxTagBytes) {
                    throw malformed(rules, "tag longer than three bytes", offset);
                }
            } while ((b & 0x80) != 0);
        }
        if (p >= end) {
            throw malformed(rules, "missing length", offset);
        }
        int l0 = data[p++] & 0xFF;
        long length;
        if (l0 < 0x80) {
            length = l0;
        } else if (l0 == 0x80) {
            throw malformed(rules, "indefinite length", offset);
        } else {
            int n = l0 & 0x7F;
            if (n > 4) {
                throw malformed(rules, "length field of " + n + " bytes", offset);
            }
            if (p + n > end) {
                throw malformed(rules, "truncated length", offset);
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (data[p++] & 0xFF);
            }
        }
        return new TlvHeader(tag, (first & 0x20) != 0, p - offset, length);
    }

    /** @return the size of the whole element: header and value */
    public long totalLength() {
        return headerLength + valueLength;
    }

    private static CardDataException malformed(Rules rules, String problem, int offset) {
        return new CardDataException(rules.label + ": " + problem + " at offset " + offset);
    }
}
