package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.dataOf;
import static io.github.mynacard.mock.Apdus.readAll;
import static io.github.mynacard.mock.Apdus.selectEf;
import static io.github.mynacard.mock.Apdus.send;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.Sex;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshCards.class)
class AccessRulesTest {

    @Test
    void signingCertificateNeedsSigningPin(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_JPKI);
        assertEquals("6982", sw(card, "00B0810000"));
        sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
        assertEquals("6982", sw(card, "00B0810000"));
        sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        byte[] file = readAll(card, 0x01);
        byte[] der = card.certificate(JpkiCertificate.SIGNING).getEncoded();
        assertArrayEquals(der, Arrays.copyOf(file, der.length));
    }

    @Test
    void freeFilesNeedNoPin(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_JPKI);
        for (JpkiCertificate c : new JpkiCertificate[] {JpkiCertificate.AUTHENTICATION,
                JpkiCertificate.AUTHENTICATION_CA, JpkiCertificate.SIGNING_CA}) {
            byte[] file = readAll(card, c.fileId());
            byte[] der = card.certificate(c).getEncoded();
            assertEquals(0x30, file[0] & 0xFF);
            assertEquals(0x82, file[1] & 0xFF);
            assertArrayEquals(der, Arrays.copyOf(file, der.length));
            assertEquals(0, file.length % 32);
            for (int i = der.length; i < file.length; i++) {
                assertEquals((byte) 0xFF, file[i]);
            }
        }
        assertArrayEquals(new byte[] {(byte) 0x8F, (byte) 0x8F, 0}, readAll(card, 0x08));
    }

    @Test
    void tokenFileStartsWithTheMyNumberCardLabel(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        byte[] token = readAll(card, 0x06);
        assertEquals(160, token.length);
        assertEquals("JPKIAPICCTOKEN2" + " ".repeat(17), new String(token, 0, 32, StandardCharsets.US_ASCII));
        assertEquals("mynacard emulator" + " ".repeat(15), new String(token, 32, 32, StandardCharsets.US_ASCII));
        assertEquals(" ".repeat(32), new String(token, 64, 32, StandardCharsets.US_ASCII));
        for (int i = 96; i < 160; i++) {
            assertEquals(0, token[i]);
        }
    }

    @Test
    void myNumberNeedsCardInfoPin(MynaCardEmulator card) {
        sw(card, SELECT_TEXT);
        assertEquals("6982", sw(card, "00B0810011"));
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        byte[] r = send(card, "00B0810011");
        assertEquals("9000", Apdus.swOf(r));
        assertEquals("FF100C" + Apdus.ascii(MynaCardEmulator.DEFAULT_MY_NUMBER) + "FFFF", Apdus.hex(dataOf(r)));
    }

    @Test
    void basicFourNeedsCardInfoPin(MynaCardEmulator card) {
        sw(card, SELECT_TEXT);
        assertEquals("6982", sw(card, "00B0820000"));
        sw(card, selectEf(0x02));
        assertEquals("6982", sw(card, "00B0000000"));
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        byte[] f = readAll(card, 0x02);
        BasicFour b = BasicFour.parse(f);
        assertEquals(MynaCardEmulator.DEFAULT_NAME, b.name);
        assertEquals(MynaCardEmulator.DEFAULT_ADDRESS, b.address);
        assertEquals("19900401", b.birth);
        assertEquals("2", b.sex);
    }

    @Test
    void basicFourUsesLongBerLengthsAndAbsoluteOffsets() {
        String longAddress = "東京都千代田区霞が関２丁目１番２号".repeat(6);
        MynaCardEmulator card = MynaCardEmulator.builder().address(longAddress).sex(Sex.MALE)
                .birthDate(LocalDate.of(1980, 2, 17)).build();
        sw(card, SELECT_TEXT);
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        byte[] f = readAll(card, 0x02);
        assertEquals(0x82, f[2] & 0xFF);
        BasicFour b = BasicFour.parse(f);
        assertEquals(longAddress, b.address);
        assertEquals("19800217", b.birth);
        assertEquals("1", b.sex);
    }

    /** A strict reader of EF 0002 that follows the DF21 offsets. */
    static final class BasicFour {
        String name;
        String address;
        String birth;
        String sex;

        static BasicFour parse(byte[] f) {
            assertEquals(0xFF, f[0] & 0xFF);
            assertEquals(0x20, f[1] & 0xFF);
            int[] pos = {2};
            int len = berLength(f, pos);
            int end = pos[0] + len;
            assertEquals(0, f.length % 32);
            assertEquals((byte) 0xFF, f[end]);
            assertEquals(0xDF, f[pos[0]] & 0xFF);
            assertEquals(0x21, f[pos[0] + 1] & 0xFF);
            assertEquals(8, f[pos[0] + 2]);
            int[] offsets = new int[4];
            for (int i = 0; i < 4; i++) {
                offsets[i] = ((f[pos[0] + 3 + 2 * i] & 0xFF) << 8) | (f[pos[0] + 4 + 2 * i] & 0xFF);
            }
            BasicFour b = new BasicFour();
            String[] values = new String[4];
            for (int i = 0; i < 4; i++) {
                int o = offsets[i];
                assertEquals(0xDF, f[o] & 0xFF);
                assertEquals(0x22 + i, f[o + 1] & 0xFF);
                int[] p = {o + 2};
                int l = berLength(f, p);
                values[i] = new String(f, p[0], l, StandardCharsets.UTF_8);
            }
            b.name = values[0];
            b.address = values[1];
            b.birth = values[2];
            b.sex = values[3];
            return b;
        }

        static int berLength(byte[] f, int[] pos) {
            int first = f[pos[0]++] & 0xFF;
            if (first < 0x80) {
                return first;
            }
            if (first == 0x81) {
                int l = f[pos[0]++] & 0xFF;
                assertEquals(true, l >= 0x80, "minimal length form");
                return l;
            }
            assertEquals(0x82, first);
            int l = ((f[pos[0]] & 0xFF) << 8) | (f[pos[0] + 1] & 0xFF);
            pos[0] += 2;
            assertEquals(true, l >= 0x100, "minimal length form");
            return l;
        }
    }

    @Test
    void readingPinOrKeyFileAnswers6981(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        assertEquals("6981", sw(card, "00B0980000"));
        sw(card, selectEf(0x17));
        assertEquals("6981", sw(card, "00B0000000"));
    }

    @Test
    void unknownFilesAndApplicationsAnswer6A82(MynaCardEmulator card) {
        assertEquals("6A82", sw(card, selectEf(0x01)));
        assertEquals("6A82", sw(card, "00A4040C0AD3921000310001010401"));
        sw(card, SELECT_JPKI);
        assertEquals("6A82", sw(card, selectEf(0x03)));
        assertEquals("6A82", sw(card, "00B0830000"));
    }

    @Test
    void selectWithFciRequestIsAccepted(MynaCardEmulator card) {
        assertEquals("9000", sw(card, "00A404000AD392F00026010000000100"));
        assertEquals("9000", sw(card, "00A4020002000600"));
    }
}
