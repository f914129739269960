package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * The state file as the user set it up: a symbolic link stays a link (its target is what changes),
 * a chosen file mode is kept across writes, and a temporary file that an interrupted save left next
 * to the state file is cleaned up by the next command.
 */
class StateFileLinksAndModesTest extends CliTestBase {

    private Result wrongUserPin(Path file) {
        return stdin("0000\n", "verify", "--pin", "user", "--card", file.toString(), "--pin-stdin");
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetTakesTheChange() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("cards")).resolve("mine.state");
        MynaCardEmulator.builder().stateFile(real).build().close();
        Path link = Files.createSymbolicLink(tmp.resolve("link.state"), Path.of("cards", "mine.state"));

        Result r = wrongUserPin(link);
        assertEquals(ExitCodes.WRONG_PIN, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertEquals(Path.of("cards", "mine.state"), Files.readSymbolicLink(link), "the link points where it pointed");
        assertEquals(2, MynaCardEmulator.load(real).remainingAttempts(PinKind.USER_AUTH), "the target took the change");
        assertEquals(2, MynaCardEmulator.load(link).remainingAttempts(PinKind.USER_AUTH), "the link reads the same card");

        Result right = stdin("4821\n", "verify", "--pin", "user", "--card", link.toString(), "--pin-stdin");
        assertEquals(0, right.code(), right.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(3, MynaCardEmulator.load(real).remainingAttempts(PinKind.USER_AUTH));
        try (var listing = Files.list(tmp)) {
            assertFalse(listing.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file beside the link");
        }
    }

    @Test
    void aLinkThroughALinkedFolderIsResolvedAsTheKernelResolvesIt() throws Exception {
        // sl/alias -> ../elsewhere/inner (a folder); sl/alias/link -> ../card.state, which the
        // kernel reads as elsewhere/card.state; read lexically it would be sl/card.state
        Path inner = Files.createDirectories(tmp.resolve("elsewhere").resolve("inner"));
        Path sl = Files.createDirectories(tmp.resolve("sl"));
        Files.createSymbolicLink(sl.resolve("alias"), Path.of("..", "elsewhere", "inner"));
        Files.createSymbolicLink(inner.resolve("link"), Path.of("..", "card.state"));
        Path kernels = tmp.resolve("elsewhere").resolve("card.state");
        Path lexical = sl.resolve("card.state");
        MynaCardEmulator.builder().stateFile(kernels).build().close();
        MynaCardEmulator.builder().stateFile(lexical).build().close();
        Path given = sl.resolve("alias").resolve("link");
        assertEquals(kernels.toRealPath(), given.toRealPath(), "the kernel's reading of the path");

        Result r = wrongUserPin(given);
        assertEquals(ExitCodes.WRONG_PIN, r.code(), r.err());
        assertEquals(2, MynaCardEmulator.load(kernels).remainingAttempts(PinKind.USER_AUTH), "the kernel's card took the attempt");
        assertEquals(3, MynaCardEmulator.load(lexical).remainingAttempts(PinKind.USER_AUTH), "the other card is untouched");
        assertEquals(2, MynaCardEmulator.load(given).remainingAttempts(PinKind.USER_AUTH), "loading the path reads the same card");
        assertTrue(Files.isSymbolicLink(inner.resolve("link")), "the link stays a link");
    }

    @Test
    void aSymbolicLinkLoopIsRefusedAsBadInputInOneLine() throws Exception {
        Path a = tmp.resolve("loop-a.state");
        Path b = tmp.resolve("loop-b.state");
        Files.createSymbolicLink(a, b.getFileName());
        Files.createSymbolicLink(b, a.getFileName());
        for (String[] args : new String[][] {{"status", "--card", a.toString()}, {"emulator", "init", "--card", a.toString()}}) {
            Result r = run(args);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("symbolic links"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertTrue(Files.isSymbolicLink(a) && Files.isSymbolicLink(b), "the links are left as they are");
    }

    @Test
    void theStateFilesModeIsKeptWhenTheCardIsWritten() throws Exception {
        newCard().close();
        Files.setPosixFilePermissions(card, PosixFilePermissions.fromString("rw-r-----"));
        Result r = wrongUserPin(card);
        assertEquals(ExitCodes.WRONG_PIN, r.code(), r.err());
        assertEquals(2, loadCard().remainingAttempts(PinKind.USER_AUTH), "the card was written");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(card)));

        Files.setPosixFilePermissions(card, PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(0, stdin("4821\n", "verify", "--pin", "user", "--card", card.toString(), "--pin-stdin").code());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(card)));
    }

    @Test
    void aNewStateFileIsReadableByItsOwnerOnly() throws Exception {
        Result r = run("status", "--card", card.toString(), "--fresh");
        assertEquals(0, r.code(), r.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(card)));
    }

    @Test
    void aTemporaryFileLeftByAnInterruptedSaveIsRemovedByTheNextCommand() throws Exception {
        newCard().close();
        Path leftover = Files.writeString(tmp.resolve(".card.state.12345.tmp"), "half a state file");
        Path unrelated = Files.writeString(tmp.resolve(".notes.txt.12345.tmp"), "someone else's");
        byte[] state = Files.readAllBytes(card);

        Result r = run("status", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(leftover), "the leftover temporary file is gone");
        assertTrue(Files.exists(unrelated), "another file's temporary file is kept");
        assertArrayEquals(state, Files.readAllBytes(card), "the card is as it was");
    }
}
