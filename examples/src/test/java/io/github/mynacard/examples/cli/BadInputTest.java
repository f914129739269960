package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bad input is refused with one clear line and exit code 2 (6 for a missing reader), spending nothing. */
class BadInputTest extends CliTestBase {

    private void assertNothingSpent() throws Exception {
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), loadCard().remainingAttempts(k), k.name());
        }
    }

    private static void assertOneLine(Result r) {
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void malformedPins() throws Exception {
        newCard().close();
        Result lower = stdin("myna2026\n", "verify", "--pin", "signing", "--card", card.toString(), "--pin-stdin");
        assertEquals(2, lower.code());
        assertTrue(lower.err().contains("lower case is not accepted"), lower.err());
        assertOneLine(lower);
        Result five = stdin("MYNA2\n", "verify", "--pin", "signing", "--card", card.toString(), "--pin-stdin");
        assertEquals(2, five.code());
        assertTrue(five.err().contains("6 to 16 characters"), five.err());
        Result three = stdin("482\n", "fields", "--card", card.toString(), "--pin-stdin");
        assertEquals(2, three.code());
        assertTrue(three.err().contains("exactly 4 digits"), three.err());
        assertNotShown(three, "482");
        assertNothingSpent();
    }

    @Test
    void pinGivenAsAnArgument() throws Exception {
        newCard().close();
        String[][] cases = {
            {"verify", "--pin", "4821"},
            {"verify", "--pin=MYNA2026"},
            {"verify", "--pin", "user", "4821"},
            {"fields", "7364"},
            {"fields", "--pin", "7364"},
            {"sign", "x.txt", "--pin=MYNA2026"},
            {"change-pin", "--pin", "user", "--new-pin", "2580"},
            {"status", "--password", "MYNA2026"},
        };
        for (String[] args : cases) {
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--card";
            all[args.length + 1] = card.toString();
            Result r = run(all);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().contains("a PIN was given on the command line"), String.join(" ", args) + ": " + r.err());
            for (String a : args) {
                if (Names.looksLikePin(a)) {
                    assertNotShown(r, a);
                }
            }
            assertOneLine(r);
        }
        assertNothingSpent();
    }

    @Test
    void corruptedStateFileIsLeftAsItWas() throws Exception {
        newCard().close();
        byte[] bytes = Files.readAllBytes(card);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(card, bytes);
        for (String cmd : new String[] {"status", "doctor", "fields"}) {
            Result r = stdin("7364\n", cmd, "--card", card.toString(), "--json");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("cannot use the card state file"), r.err());
            assertArrayEquals(bytes, Files.readAllBytes(card));
        }
        Result serve = run("emulator", "serve", "--card", card.toString(), "--port", "1");
        assertEquals(2, serve.code());
        assertArrayEquals(bytes, Files.readAllBytes(card));
    }

    @Test
    void unknownReader() {
        Result r = run("status", "--reader", "No Such Reader 42");
        assertEquals(6, r.code(), r.err());
        assertOneLine(r);
        Result both = run("status", "--reader", "x", "--card", card.toString());
        assertEquals(2, both.code());
    }

    @Test
    void noTerminalAndNoScriptOption() throws Exception {
        newCard().close();
        Result r = run("fields", "--card", card.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--pin-stdin"), r.err());
        Result env = run("fields", "--card", card.toString(), "--pin-env", "NOT_SET_ANYWHERE");
        assertEquals(2, env.code());
        assertNothingSpent();
    }

    @Test
    void usageErrorsAndHelp() {
        assertEquals(2, run().code());
        Result unknown = run("stauts");
        assertEquals(2, unknown.code());
        assertFalse(unknown.err().contains("PIN was given"), unknown.err());
        Result noPinOption = run("status", "--pin-stdin");
        assertEquals(2, noPinOption.code());
        assertTrue(noPinOption.err().contains("unknown option '--pin-stdin' for 'mynacard status'"), noPinOption.err());
        Result help = run("status", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes: see 'mynacard --help'."), help.out());
        assertFalse(help.out().contains("last attempt refused by the guard"), "the table is in the main help only");
        Result main = run("--help");
        assertEquals(0, main.code());
        assertTrue(main.out().contains("last attempt refused by the guard"), main.out());
        Result unknownHelp = run("nosuch", "--help");
        assertEquals(2, unknownHelp.code());
        assertEquals("mynacard: error: unknown command 'nosuch' (see 'mynacard --help')", unknownHelp.err().strip());
        Result typo = run("stauts");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("did you mean 'status'?"), typo.err());
        newCard().close();
        Result before = run("--json", "status", "--card", card.toString());
        assertEquals(0, before.code(), before.err());
        assertTrue(before.out().startsWith("{\"ok\":true,\"command\":\"status\""), before.out());
        Result date = run("emulator", "init", "--card", tmp.resolve("x.state").toString(), "--birth-date", "31/12/1975");
        assertEquals("mynacard: error: invalid value for option '--birth-date': '31/12/1975' is not a date as YYYY-MM-DD "
                + "(see 'mynacard emulator init --help')", date.err().strip());
        Result newPinEnv = run("verify", "--pin", "user", "--new-pin-env", "X", "--card", card.toString());
        assertEquals(2, newPinEnv.code());
        assertTrue(newPinEnv.err().contains("unknown option '--new-pin-env'"), newPinEnv.err());
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.state"), "garbage\n");
        Result quiet = run("status", "--card", bad.toString());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        Result verbose = run("status", "--card", bad.toString(), "--verbose");
        assertTrue(verbose.err().contains("\tat "), verbose.err());
        Result json = run("status", "--card", bad.toString(), "--json");
        assertTrue(json.out().startsWith("{\"ok\":false,\"command\":\"status\",\"exitCode\":2,\"reason\":\"bad_input\",\"error\":"), json.out());
    }
}
