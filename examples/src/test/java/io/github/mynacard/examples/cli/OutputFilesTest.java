package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Output files: never written through a link, never opened when a FIFO, new ones 0600, no temporary left. */
class OutputFilesTest extends CliTestBase {

    private String numberB() throws Exception {
        MynaCardEmulator c = loadCard();
        return new String(VerificationNumbers.numberB(c.holderBirthDate(), c.cardExpiryDate().getYear(), c.securityCode()));
    }

    private Result face(Path dir) throws Exception {
        return stdin(numberB() + "\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", dir.toString());
    }

    @Test
    void linksPlantedInTheOutputDirectoryAreNotFollowedAndCostNoAttempt() throws Exception {
        newCard().close();
        Path dir = Files.createDirectories(tmp.resolve("face"));
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        Files.createSymbolicLink(dir.resolve("name.png"), victim);
        Result r = face(dir);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("symbolic link"), r.err());
        assertEquals("keep me", Files.readString(victim));
        Files.delete(dir.resolve("name.png"));
        Path outside = tmp.resolve("outside.png");
        Files.createSymbolicLink(dir.resolve("address.png"), outside);
        Result d = face(dir);
        assertEquals(ExitCodes.BAD_INPUT, d.code(), d.err());
        assertFalse(Files.exists(outside, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(outside));
        assertFalse(Files.exists(outside), "a file was created through the dangling link");
        assertEquals(10, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
    }

    @Test
    void aFifoInTheOutputDirectoryFailsAtOnce() throws Exception {
        newCard().close();
        Path dir = Files.createDirectories(tmp.resolve("face"));
        Process p = new ProcessBuilder("mkfifo", dir.resolve("photo.jp2").toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> face(dir));
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("not a regular file"), r.err());
    }

    @Test
    void aSymbolicLinkAsSignOrCertExportOutIsRefused() throws Exception {
        newCard().close();
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "contract");
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        Path link = Files.createSymbolicLink(tmp.resolve("doc.sig"), victim);
        Result s = stdin("MYNA2026\n", "sign", doc.toString(), "--out", link.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, s.code(), s.err());
        Result c = run("cert", "export", "auth", "--out", link.toString(), "--card", card.toString());
        assertEquals(ExitCodes.BAD_INPUT, c.code(), c.err());
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void newOutputsAreReadableByTheirOwnerOnlyAndNoTemporaryIsLeft() throws Exception {
        newCard().close();
        Path dir = tmp.resolve("face");
        Result r = face(dir);
        assertEquals(0, r.code(), r.err());
        Path pem = tmp.resolve("auth.pem");
        assertEquals(0, run("cert", "export", "auth", "--out", pem.toString(), "--card", card.toString()).code());
        for (Path f : new Path[] {dir.resolve("photo.png"), dir.resolve("name.png"), pem}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        try (var l = Files.list(dir); var t = Files.list(tmp)) {
            assertFalse(l.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
            assertFalse(t.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
