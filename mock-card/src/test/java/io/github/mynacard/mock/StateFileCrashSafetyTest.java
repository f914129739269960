package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.PinKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the emulator's state file: a crash at any step of a save leaves a file that loads
 * as the old state or the new one, never a counter restored without a successful VERIFY; a
 * truncated or corrupted file is refused with a clear {@link CardStateException} and left as it was.
 */
class StateFileCrashSafetyTest {

    private static final Pattern CLEAR = Pattern.compile(".*(truncated|corrupted|not a mynacard|malformed|unsupported|incomplete|invalid).*");

    @TempDir
    Path dir;

    /** What a crash at one moment leaves: the step's name and every file of the directory. */
    record Crash(String step, Map<String, byte[]> files) {
    }

    private final List<Crash> crashes = new ArrayList<>();

    @AfterEach
    void removeHook() {
        StateFiles.stepObserver = null;
    }

    private void recordEveryStep(Path directory) {
        StateFiles.stepObserver = (step, tmp) -> {
            Map<String, byte[]> files = new TreeMap<>();
            try (var list = Files.list(directory)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            crashes.add(new Crash(step, files));
        };
    }

    /** Restores a crash's files in a fresh directory and loads the state file there. */
    private MynaCardEmulator recover(Crash c, int n) throws IOException {
        Path d = Files.createDirectory(dir.resolve("recovered-" + n));
        for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
            Files.write(d.resolve(f.getKey()), f.getValue());
        }
        return MynaCardEmulator.load(d.resolve("card.state"));
    }

    @Test
    void crashAtEveryStepOfASaveLeavesTheOldOrTheNewCounterNeverARestoredOne() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        Path file = live.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().stateFile(file).build();
        sw(card, SELECT_JPKI);
        recordEveryStep(live);

        // a wrong PIN: the save of 2 must be on disk before 63C2 leaves the card
        assertEquals("63C2", sw(card, verify(0x18, "0000")));
        int afterWrong = crashes.size();
        assertEquals(2, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
        // the right PIN: 1 (spent) is saved, then 3 (restored)
        assertEquals("9000", sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN)));
        StateFiles.stepObserver = null;
        assertTrue(afterWrong >= 4 && crashes.size() >= 3 * afterWrong - 2, "steps recorded: " + crashes.size());

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < crashes.size(); i++) {
            Crash c = crashes.get(i);
            int save = i < afterWrong ? 0 : i < 2 * afterWrong ? 1 : 2;
            int old = new int[] {3, 2, 1}[save];
            int neu = new int[] {2, 1, 3}[save];
            boolean renamed = c.step().equals("renamed") || c.step().equals("directory forced");
            int left = recover(c, i).remainingAttempts(PinKind.USER_AUTH);
            seen.add(c.step() + "=" + left);
            assertEquals(renamed ? neu : old, left, "crash after step '" + c.step() + "' of save " + save);
        }
        // a crash during a write leaves a partial temporary file next to the old state: it loads as the old
        // one, and the card saves again over it
        byte[] oldState = crashes.get(0).files().get("card.state");
        byte[] newState = crashes.get(afterWrong - 1).files().get("card.state");
        assertFalse(Arrays.equals(oldState, newState));
        for (int cut = 0; cut <= newState.length; cut += 61) {
            Path d = Files.createDirectory(dir.resolve("torn-" + cut));
            Files.write(d.resolve("card.state"), oldState);
            Files.write(d.resolve(".card.state.12345.tmp"), Arrays.copyOf(newState, cut));
            MynaCardEmulator loaded = MynaCardEmulator.load(d.resolve("card.state"));
            assertEquals(3, loaded.remainingAttempts(PinKind.USER_AUTH), "torn write of " + cut + " bytes");
            if (cut == 0) {
                sw(loaded, SELECT_JPKI);
                assertEquals("63C2", sw(loaded, verify(0x18, "0000")));
                assertEquals(2, MynaCardEmulator.load(d.resolve("card.state")).remainingAttempts(PinKind.USER_AUTH));
            }
        }
        System.out.println("StateFileCrashSafetyTest: " + crashes.size() + " crash points " + seen);
    }

    @Test
    void everyTruncationOfARealStateFileIsRefusedAndLeftByteIdentical() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().stateFile(file).build();
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, "0000"));
        byte[] full = Files.readAllBytes(file);
        Path victim = dir.resolve("truncated.state");
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            Files.write(victim, cut);
            expectRefused(victim, cut, "truncated to " + len + " of " + full.length + " bytes");
        }
    }

    @Test
    void everySingleByteFlipIsRefusedAndLeftByteIdentical() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.createDefault().save(file);
        byte[] full = Files.readAllBytes(file);
        Path victim = dir.resolve("flipped.state");
        for (int i = 0; i < full.length; i++) {
            int mask = new int[] {0x01, 0x20, 0xFF}[i % 3]; // one bit, the letter case, every bit
            byte[] bad = full.clone();
            bad[i] ^= (byte) mask;
            Files.write(victim, bad);
            expectRefused(victim, bad, "byte " + i + " xor " + Integer.toHexString(mask));
        }
    }

    private static void expectRefused(Path victim, byte[] content, String what) throws IOException {
        try {
            MynaCardEmulator.load(victim);
            fail("loaded a state file " + what);
        } catch (CardStateException e) {
            assertNotNull(e.getMessage(), what);
            assertTrue(CLEAR.matcher(e.getMessage()).matches(), what + ": unclear message " + e.getMessage());
            for (String pin : new String[] {MynaCardEmulator.DEFAULT_USER_PIN, MynaCardEmulator.DEFAULT_SIGNING_PIN}) {
                assertFalse(e.getMessage().contains(pin), what);
            }
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + ": refused with " + e + " instead of a CardStateException", e);
        }
        assertArrayEquals(content, Files.readAllBytes(victim), what + ": the file was modified");
        assertEquals(new String(content, StandardCharsets.ISO_8859_1), Files.readString(victim, StandardCharsets.ISO_8859_1));
    }
}
