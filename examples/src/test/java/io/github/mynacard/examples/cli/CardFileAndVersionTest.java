package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What every command does with {@code --card FILE} that is missing, {@code --version} and {@code --help --json}. */
class CardFileAndVersionTest extends CliTestBase {

    @Test
    void aMissingCardFileIsAnErrorAndNothingIsMade() {
        java.nio.file.Path typo = tmp.resolve("no-such-dir").resolve("x.card");
        for (String[] args : new String[][] {{"status", "--card", typo.toString()},
            {"verify", "--pin", "user", "--pin-stdin", "--card", typo.toString()},
            {"emulator", "serve", "--card", typo.toString(), "--port", "1"}}) {
            Result r = stdin("4821\n", args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("no card state file " + typo + "; nothing was created (is the path mistyped?)"), r.err());
            assertTrue(r.err().contains("'mynacard emulator init --card " + typo + "' or add --fresh"), r.err());
        }
        assertFalse(java.nio.file.Files.exists(typo.getParent()), "not even the directory was made");
        Result asked = run("status", "--card", typo.toString(), "--fresh");
        assertEquals(0, asked.code(), asked.err());
        assertTrue(java.nio.file.Files.exists(typo));
        Result forceAlone = run("status", "--card", typo.toString(), "--force");
        assertEquals(2, forceAlone.code());
        assertTrue(forceAlone.err().contains("--force goes with --fresh"), forceAlone.err());
    }

    @Test
    void versionAndHelpOnEverySubcommand() {
        for (String name : MynacardCli.commandNames()) {
            String[] words = name.split(" ");
            for (String flag : new String[] {"--version", "-V"}) {
                String[] args = java.util.Arrays.copyOf(words, words.length + 1);
                args[words.length] = flag;
                Result r = run(args);
                assertEquals(0, r.code(), name + " " + flag + ": " + r.err());
                assertEquals(MynacardCli.VERSION, r.out().strip(), name + " " + flag);
            }
            String[] json = java.util.Arrays.copyOf(words, words.length + 2);
            json[words.length] = "--help";
            json[words.length + 1] = "--json";
            Result h = run(json);
            assertEquals(0, h.code(), name + " --help --json: " + h.err());
            assertTrue(h.out().startsWith("{\"ok\":true,\"command\":\"" + name + "\",\"help\":\""), name + ": " + h.out());
            assertTrue(h.out().contains("Usage: mynacard " + name), name + " --help --json: " + h.out());
            assertEquals(1, h.out().strip().lines().count(), "one line of JSON");
            json[words.length] = "--version";
            Result v = run(json);
            assertEquals("{\"ok\":true,\"command\":\"" + name + "\",\"version\":\"0.1.0-SNAPSHOT\"}", v.out().strip());
        }
        Result top = run("--help", "--json");
        assertTrue(top.out().startsWith("{\"ok\":true,\"command\":null,\"help\":\"Usage: mynacard [-hV] [COMMAND]"), top.out());
        Result topVersion = run("-V");
        assertEquals(MynacardCli.VERSION, topVersion.out().strip());
    }
}
