package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static io.github.mynacard.mock.Apdus.withAscii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {

    @TempDir
    Path dir;

    @Test
    void savedAndLoadedCardKeepsSpentCounters() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.builder().userPin("1111").build();
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, "0000"));
        sw(card, verify(0x1B, "WRONGPW"));
        sw(card, verify(0x1B, "WRONGPW"));
        card.overwriteFile(MynaCardEmulator.JPKI_AID, 0x0008, new byte[] {0, (byte) 0x8F, 0});
        Path file = dir.resolve("card.state");
        card.save(file);
        MynaCardEmulator loaded = MynaCardEmulator.load(file);
        assertEquals(2, loaded.remainingAttempts(PinKind.USER_AUTH));
        assertEquals(3, loaded.remainingAttempts(PinKind.SIGNING));
        assertArrayEquals(card.certificate(JpkiCertificate.SIGNING).getEncoded(),
                loaded.certificate(JpkiCertificate.SIGNING).getEncoded());
        assertEquals(card.publicKey(JpkiKey.SIGNING), loaded.publicKey(JpkiKey.SIGNING));
        // starts as after a reset: nothing selected, nothing verified
        assertEquals("6A82", sw(loaded, "00B0880003"));
        sw(loaded, SELECT_JPKI);
        assertEquals("00" + "8F" + "00" + "9000", Apdus.hex(Apdus.send(loaded, "00B0880003")));
        assertEquals("9000", sw(loaded, verify(0x18, "1111")));
        // the loaded card autosaves to the same file
        assertEquals(3, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
        assertEquals("9000", Apdus.swOf(Apdus.send(loaded, "0084000010")));
        assertEquals("9000", ResetModelTest.authenticate(loaded, TestTerminals.municipalOffice()));
    }

    @Test
    void truncatedStateFileIsRefusedAndLeftByteIdentical() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.createDefault().save(file);
        byte[] full = Files.readAllBytes(file);
        for (int cut : new int[] {0, 10, full.length / 2, full.length - 1, full.length - 30}) {
            byte[] truncated = Arrays.copyOf(full, cut);
            Files.write(file, truncated);
            CardStateException e = assertThrows(CardStateException.class, () -> MynaCardEmulator.load(file));
            assertFalse(e.getMessage().contains(MynaCardEmulator.DEFAULT_USER_PIN));
            assertArrayEquals(truncated, Files.readAllBytes(file));
        }
    }

    @Test
    void corruptedStateFileIsRefusedAndLeftByteIdentical() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.createDefault().save(file);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.indexOf("attempts.USER_AUTH=3") + "attempts.USER_AUTH=".length();
        bytes[at] = '2';
        Files.write(file, bytes);
        CardStateException e = assertThrows(CardStateException.class, () -> MynaCardEmulator.load(file));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void foreignFileIsRefused() throws Exception {
        Path file = dir.resolve("other.txt");
        Files.writeString(file, "hello\nworld\n");
        CardStateException e = assertThrows(CardStateException.class, () -> MynaCardEmulator.load(file));
        assertTrue(e.getMessage().contains("not a mynacard"));
        assertEquals("hello\nworld\n", Files.readString(file));
    }

    @Test
    void stateFileHoldsNoPlainPin() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().signingPin("PLAINTEXT9").build().save(file);
        assertFalse(Files.readString(file).contains("PLAINTEXT9"));
    }

    /** Makes every later save fail as a full disk would, until {@link #removeHook()}. */
    private static void failEverySave() {
        StateFiles.stepObserver = (step, tmp) -> {
            throw new UncheckedIOException(new IOException("No space left on device"));
        };
    }

    @AfterEach
    void removeHook() {
        StateFiles.stepObserver = null;
    }

    @Test
    void failedSaveAnswers6581AndTheFileKeepsTheOldCard() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().stateFile(file).build();
        sw(card, SELECT_JPKI);
        failEverySave();
        // the attempt cannot be made durable, so the PIN is never compared
        assertEquals("6581", sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN)));
        assertEquals("6982", sw(card, "802A0097040102030400"));
        removeHook();
        assertEquals(3, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(".card.state.lock", "card.state"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void failedSaveOfAPinChangeChangesNothing() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().stateFile(file).build();
        sw(card, SELECT_TEXT);
        assertEquals("9000", sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN)));
        failEverySave();
        assertEquals("6581", sw(card, withAscii("00240191", "1234")));
        removeHook();
        sw(card, SELECT_TEXT);
        assertEquals("9000", sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN)));
        MynaCardEmulator other = MynaCardEmulator.load(file);
        sw(other, SELECT_TEXT);
        assertEquals("9000", sw(other, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN)));
    }

    @Test
    void aDeletedStateFileIsACardTakenOutNotACardReborn() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().stateFile(file).build();
        sw(card, SELECT_JPKI);
        Files.delete(file);
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> card.transmit(HexFormat.of().parseHex(verify(0x18, "0000"))));
        assertEquals(CardTransportException.Reason.CARD_REMOVED, e.reason());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertFalse(Files.exists(file), "the card must not write itself back");
    }

    @Test
    void atomicSaveLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().stateFile(file).build();
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, "0000"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(".card.state.lock", "card.state"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(0, Files.size(dir.resolve(".card.state.lock")), "the lock file holds nothing");
        String last = Files.readAllLines(file).get(Files.readAllLines(file).size() - 1);
        assertTrue(last.matches("sha256=[0-9a-f]{64}"));
        assertEquals("MYNACARD-EMULATOR-STATE", Files.readAllLines(file).get(0));
        HexFormat.of().parseHex(last.substring(7));
    }
}
