package io.github.mynacard.cert;

import io.github.mynacard.CardDataException;
import io.github.mynacard.apdu.TlvHeader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A tiny DER reader: one TLV at a time over a byte range, with every length checked. */
final class Der {

    static final int SEQUENCE = 0x30;
    static final int OID = 0x06;
    static final int CONTEXT_0 = 0xA0;
    static final int UTF8_STRING = 0x0C;
    static final int PRINTABLE_STRING = 0x13;
    static final int IA5_STRING = 0x16;

    /** One decoded TLV: its tag and the range of its value. */
    record Tlv(int tag, byte[] source, int valueOffset, int valueLength) {
        Der contents() {
            return new Der(source, valueOffset, valueOffset + valueLength);
        }

        byte[] value() {
            byte[] out = new byte[valueLength];
            System.arraycopy(source, valueOffset, out, 0, valueLength);
            return out;
        }
    }

    private final byte[] data;
    private int pos;
    private final int end;

    Der(byte[] data) {
        this(data, 0, data.length);
    }

    private Der(byte[] data, int start, int end) {
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** Reads the next TLV (single-byte tags only, definite lengths of up to four bytes). */
    Tlv next() throws CardDataException {
        TlvHeader h = TlvHeader.read(data, pos, end, TlvHeader.Rules.DER);
        int valueOffset = pos + h.headerLength();
        if (h.valueLength() > end - valueOffset) {
            throw new CardDataException("DER: value runs past its container");
        }
        Tlv t = new Tlv(h.tag(), data, valueOffset, (int) h.valueLength());
        pos = valueOffset + t.valueLength();
        return t;
    }

    /** Reads the next TLV and checks its tag. */
    Tlv expect(int tag, String what) throws CardDataException {
        Tlv t = next();
        if (t.tag() != tag) {
            throw new CardDataException(String.format("DER: expected %s (tag %02X), found tag %02X", what, tag, t.tag()));
        }
        return t;
    }

    /** The dotted form of an OBJECT IDENTIFIER's value. */
    static String oid(Tlv t) throws CardDataException {
        if (t.valueLength() == 0) {
            throw new CardDataException("DER: empty OID");
        }
        StringBuilder sb = new StringBuilder();
        long value = 0;
        boolean first = true;
        int count = 0;
        for (int i = 0; i < t.valueLength(); i++) {
            int b = t.source()[t.valueOffset() + i] & 0xFF;
            if (count == 0 && b == 0x80) {
                throw new CardDataException("DER: non-minimal OID arc");
            }
            value = (value << 7) | (b & 0x7F);
            count++;
            if (count > 8) {
                throw new CardDataException("DER: OID arc too large");
            }
            if ((b & 0x80) == 0) {
                if (first) {
                    int top = value < 40 ? 0 : value < 80 ? 1 : 2;
                    sb.append(top).append('.').append(value - 40L * top);
                    first = false;
                } else {
                    sb.append('.').append(value);
                }
                value = 0;
                count = 0;
            }
        }
        if (count != 0) {
            throw new CardDataException("DER: truncated OID");
        }
        return sb.toString();
    }

    /** The text of a UTF8String, PrintableString or IA5String, strictly decoded. */
    static String string(Tlv t) throws CardDataException {
        Charset cs;
        switch (t.tag()) {
            case UTF8_STRING:
                cs = StandardCharsets.UTF_8;
                break;
            case PRINTABLE_STRING:
            case IA5_STRING:
                cs = StandardCharsets.US_ASCII;
                break;
            default:
                throw new CardDataException(String.format("DER: expected a string, found tag %02X", t.tag()));
        }
        try {
            return cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(t.source(), t.valueOffset(), t.valueLength()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CardDataException("DER: invalid characters in a string", e);
        }
    }
}
