package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A state file the emulator cannot use or cannot write is said in one plain line, without Java's
 * names: a tampered field (checksum made to match), a file-size limit ({@code ulimit -f}) at
 * {@code emulator init}, and a save that fails in the middle of a command (the card's {@code 6581}
 * explained, the file left as it was).
 */
class StateFileFailuresTest extends CliTestBase {

    private static void assertPlainOneLine(String err) {
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("Exception") || err.contains("java."), err);
    }

    /** Rewrites one line of the body and makes the checksum match again, as a careful tamperer would. */
    private static void tamper(Path card, String from, String to) throws Exception {
        String text = Files.readString(card, StandardCharsets.UTF_8);
        String body = text.substring(0, text.lastIndexOf("sha256="));
        assertTrue(body.contains(from), "the state file has " + from);
        body = body.replace(from, to);
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(card, body + "sha256=" + HexFormat.of().formatHex(sum) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void aTamperedNumberInTheStateFileIsSaidInWords() throws Exception {
        newCard().close();
        tamper(card, "attempts.USER_AUTH=3", "attempts.USER_AUTH=3x");
        byte[] before = Files.readAllBytes(card);
        Result r = run("status", "--card", card.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertPlainOneLine(r.err());
        assertTrue(r.err().contains("a number that does not parse"), r.err());
        assertArrayEquals(before, Files.readAllBytes(card), "the file is left as it is");
    }

    /** Runs the command line in a shell with a file-size limit of {@code blocks} KiB. */
    private Result underFileSizeLimit(int blocks, String stdin, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("ulimit -f " + blocks + "; exec \"$0\" -cp \"$1\" " + MynacardCli.class.getName());
        for (int i = 0; i < args.length; i++) {
            cmd.append(" \"$").append(i + 2).append('"');
        }
        List<String> argv = new java.util.ArrayList<>(List.of("bash", "-c", cmd.toString(), java,
                System.getProperty("java.class.path")));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("MYNACARD_HOME", tmp.toString());
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ended");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void initUnderAFileSizeLimitSaysSoAndLeavesNothing() throws Exception {
        Path target = tmp.resolve("limited.state");
        Result r = underFileSizeLimit(4, "", "emulator", "init", "--card", target.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("File too large") && r.err().contains("ulimit -f"), r.err());
        assertPlainOneLine(r.err());
        assertFalse(Files.exists(target), "no card file");
        try (var listing = Files.list(tmp)) {
            assertFalse(listing.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aSaveThatFailsMidCommandIsExplainedAndChangesNothing() throws Exception {
        newCard().close();
        byte[] before = Files.readAllBytes(card);
        Result r = underFileSizeLimit(4, "0000\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString());
        assertEquals(ExitCodes.CARD_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("could not save its state file") && r.err().contains("File too large")
                && r.err().contains("6581"), r.err());
        assertPlainOneLine(r.err());
        assertArrayEquals(before, Files.readAllBytes(card), "the file holds the card as it was");
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH), "no attempt spent");
    }
}
