package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.dataOf;
import static io.github.mynacard.mock.Apdus.selectEf;
import static io.github.mynacard.mock.Apdus.send;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.swOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshCards.class)
class ReadBinaryTest {

    @Test
    void readPastEndAnswers6B00(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, selectEf(0x06));
        assertEquals("6B00", sw(card, "00B000A001")); // offset 160 = size
        assertEquals("6B00", sw(card, "00B07FFF01"));
        assertEquals("6B00", sw(card, "00B086A001"));
    }

    @Test
    void readAtEndReturnsFewerBytes(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, selectEf(0x06));
        byte[] r = send(card, "00B0009000"); // offset 144, Le 256
        assertEquals("9000", swOf(r));
        assertEquals(16, dataOf(r).length);
        byte[] three = send(card, "00B0000803");
        assertArrayEquals(new byte[] {(byte) 0x8F, (byte) 0x8F, 0}, dataOf(send(card, "00B0880003")));
        assertEquals(3, dataOf(three).length);
    }

    @Test
    void sfiReadSelectsTheFile(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        assertEquals("6986", sw(card, "00B0000001"));
        assertEquals("9000", swOf(send(card, "00B0860004")));
        byte[] next = send(card, "00B0000404"); // offset form now reads EF 0006
        assertEquals("JPKI", new String(dataOf(send(card, "00B0000004")), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("APIC", new String(dataOf(next), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void extendedLeReadsWholeFile(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_JPKI);
        byte[] whole = dataOf(send(card, "00B08A00000000"));
        assertEquals(0, whole.length % 32);
        // the same bytes read in short chunks
        sw(card, selectEf(0x0A));
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int off = 0; ; off += 256) {
            byte[] r = send(card, String.format("00B0%04X00", off));
            if (!swOf(r).equals("9000")) {
                assertEquals("6B00", swOf(r));
                break;
            }
            chunks.writeBytes(dataOf(r));
        }
        assertArrayEquals(whole, chunks.toByteArray());
        byte[] part = dataOf(send(card, "00B0000000012C")); // extended Le 300
        assertEquals(300, part.length);
    }

    @Test
    void readBinaryWithoutLeOrWithDataAnswers6700(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, selectEf(0x06));
        assertEquals("6700", sw(card, "00B00000"));
        assertEquals("6700", sw(card, "00B000000101"));
        assertEquals("6700", sw(card, "00B0000001AA00"));
    }
}
