package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.readAll;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mynacard.JpkiCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshCards.class)
class TestSupportTest {

    @Test
    void overwriteFileSimulatesACorruptedCard(MynaCardEmulator card) throws Exception {
        byte[] garbage = {0x30, (byte) 0x82, 0x7F, (byte) 0xFF, 0x00};
        card.overwriteFile(MynaCardEmulator.JPKI_AID.toLowerCase(), 0x000A, garbage);
        sw(card, SELECT_JPKI);
        assertArrayEquals(garbage, readAll(card, 0x0A));
        // the access rule stays: the overwritten My Number still needs the PIN
        card.overwriteFile(MynaCardEmulator.CARD_INFO_AID, 0x0001, new byte[] {1, 2, 3});
        sw(card, SELECT_TEXT);
        assertEquals("6982", sw(card, "00B0810000"));
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        assertArrayEquals(new byte[] {1, 2, 3}, readAll(card, 0x01));
        // inspection keeps the issued certificate
        assertEquals(0x30, card.certificate(JpkiCertificate.AUTHENTICATION).getEncoded()[0]);
        assertThrows(IllegalArgumentException.class, () -> card.overwriteFile(MynaCardEmulator.JPKI_AID, 0x0018, new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> card.overwriteFile("D3921000310001010401", 0x0002, new byte[] {1}));
    }

    @Test
    void emulatorPrintsNothing() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            MynaCardEmulator card = MynaCardEmulator.createDefault();
            sw(card, SELECT_JPKI);
            sw(card, verify(0x18, "0000"));
            sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
            sw(card, "802A0097040102030400");
            sw(card, "FFFFFFFF");
            Apdus.sendRaw(card, null);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
