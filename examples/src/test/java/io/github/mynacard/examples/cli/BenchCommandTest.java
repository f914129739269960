package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code bench apdus}: the APDU-economy report, on in-process emulators only. */
class BenchCommandTest extends CliTestBase {

    @Test
    void printsTheTableWithoutTouchingAnyCard() {
        Result r = run("bench", "apdus");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("operation"), r.out());
        assertTrue(r.out().contains("readCardFields"), r.out());
        assertTrue(r.out().contains("sign (signing key)"), r.out());
        assertTrue(r.out().contains("NFC: 212 kbit/s"), r.out());
        assertFalse(Files.exists(home.resolve(".mynacard")), "no state file is created");
    }

    @Test
    void printsOneJsonObjectOnOneLine() {
        Result r = run("bench", "apdus", "--json");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("{\"ok\":true,\"command\":\"bench apdus\",\"operations\":[{\"operation\":\"readCardFields\",\"minimumApdus\":4,\"fast\":{\"apdus\":"), line);
        assertTrue(line.endsWith("}]}"), line);
        assertEquals(9, line.split("\"operation\":").length - 1, line);
    }
}
