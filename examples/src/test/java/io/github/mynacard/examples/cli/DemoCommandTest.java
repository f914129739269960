package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
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
        assertFalse(out.contains(MynaCardEmulator.DEFAULT_SIGNING_PIN), "no PIN printed");

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
    }

    @Test
    void refusesAMissingFile() {
        Result r = run("demo", "--temporary", "--file", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
