package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the command line keeps its card: $MYNACARD_HOME, else .mynacard in $HOME (not Java's user.home). */
class HomeDirectoryTest {

    @TempDir
    Path tmp;

    private String run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MynacardCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("MYNACARD_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theCardIsInHomeThenInMynacardHome() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        run(Map.of("HOME", home.toString()), "status", "--json");
        assertTrue(Files.isRegularFile(home.resolve(".mynacard/card.state")), "the card in $HOME/.mynacard");

        Path own = tmp.resolve("own");
        String out = run(Map.of("HOME", home.toString(), "MYNACARD_HOME", own.toString()), "status", "--json");
        assertTrue(Files.isRegularFile(own.resolve("card.state")), "the card in $MYNACARD_HOME");
        assertTrue(out.contains(own.resolve("card.state").toString()), out);
    }

    @Test
    void doctorOnAnEmulatedCardSaysWhatTheEmulatorOffers() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        String out = run(Map.of("HOME", home.toString()), "doctor");
        assertTrue(out.contains("'mynacard reset-signing-pin'") && out.contains("--fresh"), out);
        assertFalse(out.contains("MY_NUMBER_CARD"), out);
    }
}
