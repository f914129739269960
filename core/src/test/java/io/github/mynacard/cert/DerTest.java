package io.github.mynacard.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mynacard.CardDataException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The tiny DER reader that decodes the signing certificate's otherName values. */
class DerTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void readsAnOtherNameWithAUtf8String() throws Exception {
        // SEQUENCE { OID 1.2.392.200149.8.5.5.1, [0] { UTF8String "名" } }
        Der der = new Der(hex("30 13 06 0a 2a 83 08 8c 9b 55 08 05 05 01 a0 05 0c 03 e5 90 8d"));
        Der.Tlv seq = der.expect(Der.SEQUENCE, "otherName");
        assertFalse(der.hasMore());
        Der body = seq.contents();
        assertEquals("1.2.392.200149.8.5.5.1", Der.oid(body.expect(Der.OID, "oid")));
        Der.Tlv value = body.expect(Der.CONTEXT_0, "value");
        assertEquals("名", Der.string(value.contents().next()));
    }

    @Test
    void acceptsNonMinimalLongFormLengths() throws Exception {
        Der.Tlv t = new Der(hex("0c 82 00 02 41 42")).next();
        assertEquals("AB", Der.string(t));
    }

    @Test
    void refusesAValueRunningPastItsContainer() {
        assertThrows(CardDataException.class, () -> new Der(hex("0c 05 41 42")).next());
    }

    @Test
    void refusesTruncatedHeadersAndBadLengths() {
        assertThrows(CardDataException.class, () -> new Der(hex("0c")).next());
        assertThrows(CardDataException.class, () -> new Der(hex("0c 80 00")).next());
        assertThrows(CardDataException.class, () -> new Der(hex("0c 85 00 00 00 00 01 00")).next());
    }

    @Test
    void refusesInvalidUtf8() {
        assertThrows(CardDataException.class, () -> Der.string(new Der(hex("0c 02 c3 28")).next()));
    }

    @Test
    void refusesATruncatedOid() {
        assertThrows(CardDataException.class, () -> Der.oid(new Der(hex("06 02 2a 83")).next()));
    }

    @Test
    void refusesAnUnexpectedTag() {
        assertThrows(CardDataException.class, () -> new Der(hex("04 01 00")).expect(Der.SEQUENCE, "a sequence"));
    }
}
