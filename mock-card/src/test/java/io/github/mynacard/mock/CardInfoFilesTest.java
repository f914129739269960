package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.dataOf;
import static io.github.mynacard.mock.Apdus.readAll;
import static io.github.mynacard.mock.Apdus.selectEf;
import static io.github.mynacard.mock.Apdus.send;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.swOf;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The card-info AP's free files: AP basic information (EF 0005) and the CVC of the card's own card-info key (EF 0004). */
class CardInfoFilesTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void apBasicInformationIsReadInOne256ByteReadWithoutAPin() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        byte[] bySfi = send(card, "00B0850000");
        assertEquals("9000", swOf(bySfi));
        assertEquals(256, dataOf(bySfi).length);
        sw(card, selectEf(0x05));
        byte[] byOffset = send(card, "00B0000000");
        assertEquals("9000", swOf(byOffset));
        assertArrayEquals(dataOf(bySfi), dataOf(byOffset));
        assertEquals("6B00", sw(card, "00B0010000"), "the file ends at 256 bytes");
    }

    @Test
    void apBasicInformationHasTheReferenceLayoutWithItsNonMinimalLengths() {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        byte[] f = dataOf(send(card, "00B0850000"));
        assertEquals("FF4082009F" + "DF410401030E01" + "DF4210", HEX.formatHex(f, 0, 15));
        Ber outer = Ber.at(f, 0);
        assertEquals(0x9F, outer.length());
        List<Ber> c = outer.children();
        assertEquals(List.of(0xDF41, 0xDF42, 0xDF43), c.stream().map(Ber::tag).toList());
        assertEquals(16, c.get(1).length());
        assertEquals("DF4382008" + "0", HEX.formatHex(c.get(2).encoded(), 0, 5));
        byte[] opaque = c.get(2).value();
        assertEquals(128, opaque.length);
        for (int i = 0; i < 32; i++) {
            assertNotEquals((byte) 0xFF, opaque[i], "32 non-FF bytes first");
        }
        for (int i = 32; i < 128; i++) {
            assertEquals((byte) 0xFF, opaque[i]);
        }
        for (int i = outer.end(); i < 256; i++) {
            assertEquals((byte) 0xFF, f[i], "FF filler to 256 bytes");
        }
        assertEquals(164, outer.end());
    }

    @Test
    void theCardInfoCvcNamesTheAuthorityAsCertifierAndTheCardsOwnKeyAsSubject() throws Exception {
        MynaCardEmulator a = MynaCardEmulator.createDefault();
        MynaCardEmulator b = MynaCardEmulator.createDefault();
        sw(a, SELECT_TEXT);
        sw(b, SELECT_TEXT);
        Cvc cvcA = Cvc.parse(readAll(a, 0x04));
        Cvc cvcB = Cvc.parse(readAll(b, 0x04));
        assertEquals("6000033", new String(cvcA.certifyingId(), 0, 7, StandardCharsets.US_ASCII));
        assertEquals("0805303031" + "00000000", HEX.formatHex(cvcA.certifyingId(), 7, 16));
        assertArrayEquals(cvcA.certifyingId(), cvcB.certifyingId());
        assertTrue(new String(cvcA.subjectId(), 0, 7, StandardCharsets.US_ASCII).matches("6[0-9]{6}"));
        assertFalse(Arrays.equals(cvcA.subjectId(), cvcB.subjectId()));
        assertNotEquals(cvcA.key(), cvcB.key(), "each card certifies its own card-info key");
        assertTrue(cvcA.signedBy(a.cardInfoCvcAuthorityKey()) && cvcB.signedBy(a.cardInfoCvcAuthorityKey()));
    }

    @Test
    void theIntegrityRecordIsSignedByTheCardsOwnCertifiedKey() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        sw(card, SELECT_TEXT);
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        Cvc cvc = Cvc.parse(readAll(card, 0x04));
        Ber record = Ber.at(readAll(card, 0x03), 0);
        List<Ber> c = record.children();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(cvc.key());
        s.update(CardFaceTest.concat(c.get(0).encoded(), c.get(1).encoded()));
        assertTrue(s.verify(c.get(2).value()));
    }
}
