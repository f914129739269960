package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DemoCommandTest extends CliTestBase {

    @Test
    void tellsTheWholeStoryOnTheDefaultCardAndStatusShowsItsEnd() throws Exception {
        long start = System.nanoTime();
        Result r = run("demo");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.code(), r.err());
        assertTrue(millis < 10_000, "demo took " + millis + " ms");
        String out = r.out();
        assertTrue(out.contains("署名用電子証明書 暗証番号"), out);
        assertTrue(out.contains("************"), out);
        assertFalse(out.contains(MynaCardEmulator.DEFAULT_MY_NUMBER), "My Number must be masked");
        assertTrue(out.contains("the guard stops"), out);
        assertTrue(out.contains("0/5  BLOCKED"), out);
        assertTrue(out.contains("kiosk"), out);
        assertTrue(out.contains("(JDK SHA256withRSA): valid"), out);
        assertNotShown(r, MynaCardEmulator.DEFAULT_SIGNING_PIN);

        // the default state file holds the story's end
        assertTrue(Files.exists(home.resolve(".mynacard/card.state")));
        Result s1 = run("status", "--json");
        Result s2 = run("status", "--json");
        assertEquals(0, s1.code(), s1.err());
        assertEquals(s1.out(), s2.out(), "status spends nothing");
        assertTrue(s1.out().contains("\"pin\":\"signing\",\"name\":\"signing password\",\"japaneseName\":\"署名用電子証明書 暗証番号\",\"remaining\":5"), s1.out());
        // the new password works: the card really was reset
        Result v = stdin(DemoCommand.NEW_SIGNING_PIN + "\n", "verify", "--pin", "signing", "--pin-stdin");
        assertEquals(0, v.code(), v.err());
    }

    @Test
    void showsTheMyNumberOnlyWhenAskedAndSignsAGivenFile() throws Exception {
        Files.writeString(tmp.resolve("doc.txt"), "contract");
        Result r = run("demo", "--card", card.toString(), "--show-my-number", "--file", tmp.resolve("doc.txt").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(MynaCardEmulator.DEFAULT_MY_NUMBER));
        assertTrue(r.out().contains("doc.txt"));
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void temporaryLeavesTheStateFileAlone() {
        Result r = run("demo", "--temporary", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\"ok\":true,\"command\":\"demo\""), r.out());
        assertTrue(r.out().contains("\"signatureVerified\":true"), r.out());
        assertFalse(Files.exists(home.resolve(".mynacard/card.state")));
        assertTrue(r.out().contains("\"card\":{\"kind\":\"emulated\",\"stateFile\":null}"), r.out());
    }

    @Test
    void temporaryLeavesNothingBehindInTheTemporaryFolder() throws Exception {
        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<String> before = demoLeftovers(tmpdir);
        Result r = run("demo", "--temporary");
        assertEquals(0, r.code(), r.err());
        java.util.Set<String> after = demoLeftovers(tmpdir);
        after.removeAll(before);
        assertEquals(java.util.Set.of(), after, "left by demo --temporary (state, lock or save files)");
    }

    private static java.util.Set<String> demoLeftovers(Path dir) throws Exception {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("mynacard-demo"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    @Test
    void refusesAMissingFile() {
        Result r = run("demo", "--temporary", "--file", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    /** The demo refuses {@code file} (exit 2, the file byte for byte as it was), then replaces it with --force. */
    private void assertKeptUnlessForced(Path file, String says) throws Exception {
        byte[] before = Files.readAllBytes(file);
        Result r = run("demo", "--card", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(says), r.err());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertArrayEquals(before, Files.readAllBytes(file), "the demo changed a file it did not make");
        Result json = run("demo", "--card", file.toString(), "--json");
        assertEquals(ExitCodes.BAD_INPUT, json.code());
        assertArrayEquals(before, Files.readAllBytes(file));

        Result forced = run("demo", "--card", file.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Arrays.equals(before, Files.readAllBytes(file)), "--force replaces it");
        assertEquals(5, MynaCardEmulator.load(file).remainingAttempts(PinKind.SIGNING), "a new card");
    }

    @Test
    void keepsACorruptedStateFileUnlessForced() throws Exception {
        newCard().close();
        byte[] bytes = Files.readAllBytes(card);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(card, bytes);
        assertKeptUnlessForced(card, "is not a usable card state file");
    }

    @Test
    void keepsAnUnrelatedFileUnlessForced() throws Exception {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "shopping: milk, eggs\n");
        assertKeptUnlessForced(notes, "is not a usable card state file");
    }

    @Test
    void keepsACardWithASpentAttemptUnlessForced() throws Exception {
        for (PinKind k : PinKind.holderPins()) {
            newCard().close();
            spend(k, 1);
            assertKeptUnlessForced(card, "attempts left");
        }
    }

    @Test
    void replacesACardWithEveryCounterFullWithoutForce() throws Exception {
        newCard().close();
        byte[] before = Files.readAllBytes(card);
        Result r = run("demo", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Arrays.equals(before, Files.readAllBytes(card)), "the card was re-initialised");
        Result v = stdin(DemoCommand.NEW_SIGNING_PIN + "\n", "verify", "--pin", "signing", "--card", card.toString(), "--pin-stdin");
        assertEquals(0, v.code(), "the card is the one the story left: " + v.err());
    }

    @Test
    void saysTheNewSigningPasswordAndTheCardTakesItAfterwards() throws Exception {
        Result text = run("demo", "--card", card.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("its signing password is now DEMO2026"), text.out());
        Result json = run("demo", "--card", card.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"newSigningPassword\":\"DEMO2026\""), json.out());

        Result old = stdin("MYNA2026\n", "verify", "--pin", "signing", "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.WRONG_PIN, old.code(), old.err());
        assertEquals(4, loadCard().remainingAttempts(PinKind.SIGNING));
        Result now = stdin("DEMO2026\n", "verify", "--pin", "signing", "--card", card.toString(), "--pin-stdin");
        assertEquals(0, now.code(), now.err());
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }
}
