package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL at a random step of a save (the emulator's autosave inside a
 * VERIFY): the state file then loads as the card before or after that save, never with a counter
 * restored that no successful VERIFY restored, and the next process to open the card removes the
 * temporary file the killed one left (it holds the whole card, PINs and keys).
 *
 * <p>{@code -Dmynacard.kills=N} sets the number of kills (default 24).
 */
class KillDuringSaveTest {

    private static final List<String> STEPS = List.of("temp created", "written", "forced", "renamed", "directory forced");

    @TempDir
    Path dir;

    @Test
    void aKillDuringASaveRestoresNoCounterAndTheNextOpenLeavesNoTemporaryFile() throws Exception {
        int kills = Integer.getInteger("mynacard.kills", 24);
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        Map<String, Integer> seen = new TreeMap<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < kills; i++) {
            int before = MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH);
            if (before <= 1) { // keep the PIN usable: a right PIN restores it (its saves are killed too)
                MynaCardEmulator c = MynaCardEmulator.load(file);
                Apdus.sw(c, Apdus.SELECT_JPKI);
                Apdus.sw(c, Apdus.verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
                before = 3;
            }
            boolean right = r.nextInt(3) == 0;
            String step = STEPS.get(r.nextInt(STEPS.size()));
            int save = right ? 1 + r.nextInt(2) : 1;
            String what = String.format(Locale.ROOT, "kill %d (seed %d): %s PIN, save %d, after '%s', %d left before", i, seed,
                    right ? "right" : "wrong", save, step, before);
            Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    SaveKillWorker.class.getName(), file.toString(), step, Integer.toString(save),
                    right ? MynaCardEmulator.DEFAULT_USER_PIN : "0000").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertEquals("AT " + step, line, what);
                p.destroyForcibly(); // SIGKILL
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), what);
            }
            boolean temporaryLeft = !temporaries().isEmpty();
            assertEquals(!step.equals("renamed") && !step.equals("directory forced"), temporaryLeft,
                    what + ": a kill before the rename leaves the temporary file");
            int after = MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH);
            boolean saved = step.equals("renamed") || step.equals("directory forced");
            int expected;
            if (!right) {
                expected = saved ? before - 1 : before; // the spent attempt is on disk once its save is renamed
            } else if (save == 1) {
                expected = saved ? before - 1 : before;
            } else {
                expected = saved ? 3 : before - 1; // restored only by the second save, after the comparison
            }
            assertEquals(expected, after, what);
            seen.merge(step, 1, Integer::sum);
            List<String> left = temporaries();
            assertTrue(left.isEmpty(), what + ": the next open left " + left);
        }
        System.out.printf(Locale.ROOT, "KillDuringSaveTest: %d kills (seed %d) at %s: no counter restored, no temporary file left%n",
                kills, seed, seen);
    }

    private List<String> temporaries() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }
}
