package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.readAll;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file's version 2 and the migration of version 1 files. {@code state/v1-card.state} was
 * saved by the emulator before version 2 (user PIN 1357; one wrong user PIN, two wrong signing
 * passwords, one wrong resident-registry PIN; EF 0008 overwritten with {@code 00 8F 00}).
 */
class StateFileVersionTest {

    @TempDir
    Path dir;

    private Path v1Copy() throws Exception {
        Path file = dir.resolve("v1.state");
        try (InputStream in = getClass().getResourceAsStream("/state/v1-card.state")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private static String field(String stateText, String key) {
        for (String line : stateText.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key);
    }

    @Test
    void aVersion1FileLoadsWithEveryPinCounterKeyAndCertificateAsItWas() throws Exception {
        Path file = v1Copy();
        String text = Files.readString(file);
        assertTrue(text.contains("\nversion=1\n"));
        MynaCardEmulator card = MynaCardEmulator.load(file);
        assertEquals(3, card.remainingAttempts(PinKind.SIGNING));
        assertEquals(2, card.remainingAttempts(PinKind.USER_AUTH));
        assertEquals(2, card.remainingAttempts(PinKind.RESIDENT_REGISTRY));
        assertEquals(3, card.remainingAttempts(PinKind.CARD_INFO_INPUT));
        assertEquals("1357", EmulatorHooks.pinValue(card, PinKind.USER_AUTH));
        assertEquals(MynaCardEmulator.DEFAULT_SIGNING_PIN, EmulatorHooks.pinValue(card, PinKind.SIGNING));
        assertArrayEquals(Base64.getDecoder().decode(field(text, "cert.signing")), card.certificate(JpkiCertificate.SIGNING).getEncoded());
        assertArrayEquals(Base64.getDecoder().decode(field(text, "cert.authentication")),
                card.certificate(JpkiCertificate.AUTHENTICATION).getEncoded());
        sw(card, SELECT_JPKI);
        assertArrayEquals(new byte[] {0, (byte) 0x8F, 0}, readAll(card, 0x08), "the overwritten file stays");
        assertEquals("9000", sw(card, verify(0x18, "1357")));
    }

    @Test
    void aVersion1FileGainsTheNewDataDeterministically() throws Exception {
        MynaCardEmulator a = MynaCardEmulator.load(v1Copy());
        for (PinKind k : new PinKind[] {PinKind.CARD_INFO_NUMBER_A, PinKind.CARD_INFO_NUMBER_B, PinKind.CARD_FACE_NUMBER_A,
            PinKind.CARD_FACE_NUMBER_B}) {
            assertEquals(10, a.remainingAttempts(k), k + " starts full");
        }
        assertEquals(MynaCardEmulator.DEFAULT_MY_NUMBER, EmulatorHooks.pinValue(a, PinKind.CARD_FACE_NUMBER_A));
        // issued 2024-10-01, born 1990-04-01: the tenth birthday after issue
        assertEquals(LocalDate.of(2034, 4, 1), a.cardExpiryDate());
        Path other = dir.resolve("other");
        Files.createDirectory(other);
        Files.copy(v1Copy(), other.resolve("v1.state"));
        MynaCardEmulator b = MynaCardEmulator.load(other.resolve("v1.state"));
        assertArrayEquals(a.securityCode(), b.securityCode());
        sw(a, SELECT_TEXT);
        sw(b, SELECT_TEXT);
        assertArrayEquals(readAll(a, 0x04), readAll(b, 0x04), "the same card-info key from the same file");
        sw(a, VerificationNumberRulesTest.SELECT_FACE);
        sw(b, VerificationNumberRulesTest.SELECT_FACE);
        assertArrayEquals(readAll(a, 0x04), readAll(b, 0x04), "the same face key from the same file");
    }

    @Test
    void aVersion1FileIsRewrittenAsVersion2OnItsNextChangeAndStaysTheSameCard() throws Exception {
        Path file = v1Copy();
        MynaCardEmulator card = MynaCardEmulator.load(file);
        sw(card, SELECT_TEXT);
        byte[] cvcBefore = readAll(card, 0x04);
        sw(card, verify(0x15, "00000000000000"));
        String text = Files.readString(file);
        assertTrue(text.contains("\nversion=2\n"), "written as version 2");
        assertTrue(text.contains("\nattempts.CARD_INFO_NUMBER_B=9\n"));
        MynaCardEmulator again = MynaCardEmulator.load(file);
        assertEquals(2, again.remainingAttempts(PinKind.USER_AUTH));
        assertEquals(9, again.remainingAttempts(PinKind.CARD_INFO_NUMBER_B));
        sw(again, SELECT_TEXT);
        assertArrayEquals(cvcBefore, readAll(again, 0x04));
        sw(card, SELECT_TEXT);
        assertEquals("63C8", sw(card, verify(0x15, "00000000000000")), "the first session still sees the same card");
    }

    @Test
    void aVersion2FileKeepsTheNewHolderDataAndCounters() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().seed(5).securityCode("0420").municipalityCode("01100")
                .cardExpiryDate(LocalDate.of(2031, 12, 24)).stateFile(file).build();
        sw(card, VerificationNumberRulesTest.SELECT_FACE);
        sw(card, verify(0x13, "000000000000"));
        String text = Files.readString(file);
        assertTrue(text.contains("\nversion=2\ncard.seed=0000000000000005\n"), text.substring(0, 80));
        assertTrue(text.contains("\nholder.cardExpiryDate=2031-12-24\n"));
        assertTrue(text.contains("\nholder.municipalityCode=01100\n"));
        assertFalse(text.contains("=0420\n"), "the security code is not in plain text");
        assertFalse(text.contains("pin.CARD_FACE_NUMBER_A"), "the numbers' values are made from the holder data");
        MynaCardEmulator loaded = MynaCardEmulator.load(file);
        assertEquals(9, loaded.remainingAttempts(PinKind.CARD_FACE_NUMBER_A));
        assertArrayEquals("0420".toCharArray(), loaded.securityCode());
        assertEquals(LocalDate.of(2031, 12, 24), loaded.cardExpiryDate());
        assertArrayEquals(card.certificate(JpkiCertificate.AUTHENTICATION).getEncoded(),
                loaded.certificate(JpkiCertificate.AUTHENTICATION).getEncoded());
    }

    /** A state file with one line replaced and its checksum made right again. */
    private static byte[] withLine(String text, String key, String value) {
        String body = text.substring(0, text.lastIndexOf("sha256="));
        body = body.replaceFirst("(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$", key + "=" + value);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (body + "sha256=" + HexFormat.of().formatHex(StateCodec.sha256(b)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void badNewFieldsAreRefusedClearlyWithoutQuotingThem() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().securityCode("8642").build().save(file);
        String text = Files.readString(file);
        String[][] cases = {
            {"holder.securityCode", Base64.getEncoder().encodeToString("86421".getBytes(StandardCharsets.US_ASCII))},
            {"holder.municipalityCode", "1310"},
            {"holder.cardExpiryDate", "2199-01-01"},
            {"attempts.CARD_FACE_NUMBER_B", "11"},
            {"version", "3"},
        };
        for (String[] c : cases) {
            byte[] bad = withLine(text, c[0], c[1]);
            Files.write(file, bad);
            CardStateException e = assertThrows(CardStateException.class, () -> MynaCardEmulator.load(file), c[0]);
            assertTrue(e.getMessage().matches(".*(invalid|unsupported).*"), e.getMessage());
            assertFalse(e.getMessage().contains("8642") || e.getMessage().contains(MynaCardEmulator.DEFAULT_MY_NUMBER),
                    e.getMessage());
            assertArrayEquals(bad, Files.readAllBytes(file), "left as it was");
        }
        for (String missing : new String[] {"card.seed", "key.cardFace", "holder.securityCode"}) {
            Files.writeString(file, text);
            byte[] bad = new String(withLine(text, missing, "x"), StandardCharsets.UTF_8).replace(missing + "=x\n", "")
                    .getBytes(StandardCharsets.UTF_8);
            String body = new String(bad, StandardCharsets.UTF_8);
            body = body.substring(0, body.lastIndexOf("sha256="));
            Files.writeString(file, body + "sha256=" + HexFormat.of().formatHex(StateCodec.sha256(body.getBytes(StandardCharsets.UTF_8))) + "\n");
            CardStateException e = assertThrows(CardStateException.class, () -> MynaCardEmulator.load(file), missing);
            assertTrue(e.getMessage().contains("missing " + missing), e.getMessage());
        }
    }
}
