package io.github.mynacard.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Both stores keep the same rules: issued once, used once, expired refused, forgotten later. */
class NonceStoreTest {

    private static final Instant T0 = Instant.parse("2027-03-01T01:00:00Z");

    @TempDir
    static Path dir;

    private static int made;

    static Stream<NonceStore> stores() throws IOException {
        return Stream.of(NonceStore.inMemory(), FileNonceStore.open(dir.resolve("store-" + (made++))));
    }

    private static byte[] nonce(int i) {
        byte[] n = new byte[LoginChallenge.LENGTH];
        n[0] = (byte) i;
        n[31] = (byte) (i >> 8);
        return n;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aNonceIsUsedOnceAndOnlyWhenIssued(NonceStore store) throws Exception {
        assertEquals(NonceStore.Use.NOT_ISSUED, store.consume(nonce(1), T0));
        store.issue(nonce(1), T0.plusSeconds(300));
        assertThrows(IllegalArgumentException.class, () -> store.issue(nonce(1), T0.plusSeconds(300)));
        assertEquals(NonceStore.Use.FIRST_USE, store.consume(nonce(1), T0.plusSeconds(10)));
        assertEquals(NonceStore.Use.ALREADY_USED, store.consume(nonce(1), T0.plusSeconds(11)));
        assertEquals(NonceStore.Use.NOT_ISSUED, store.consume(nonce(2), T0.plusSeconds(12)));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anExpiredNonceIsRefusedThenForgotten(NonceStore store) throws Exception {
        store.issue(nonce(3), T0.plusSeconds(300));
        store.issue(nonce(4), T0.plusSeconds(300));
        assertEquals(NonceStore.Use.FIRST_USE, store.consume(nonce(4), T0.plusSeconds(300)));
        assertEquals(NonceStore.Use.EXPIRED, store.consume(nonce(3), T0.plusSeconds(301)));
        Instant muchLater = T0.plusSeconds(300).plus(NonceRecords.KEPT_AFTER_EXPIRY).plusSeconds(1);
        assertEquals(NonceStore.Use.NOT_ISSUED, store.consume(nonce(3), muchLater));
        assertEquals(NonceStore.Use.NOT_ISSUED, store.consume(nonce(4), muchLater));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void ofManyThreadsUsingOneNonceExactlyOneIsFirst(NonceStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                byte[] n = nonce(100 + round);
                store.issue(n, T0.plusSeconds(300));
                List<Future<NonceStore.Use>> uses = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    uses.add(pool.submit(() -> store.consume(n, T0)));
                }
                int first = 0;
                for (Future<NonceStore.Use> f : uses) {
                    NonceStore.Use u = f.get(30, TimeUnit.SECONDS);
                    first += u == NonceStore.Use.FIRST_USE ? 1 : 0;
                    assertTrue(u == NonceStore.Use.FIRST_USE || u == NonceStore.Use.ALREADY_USED, u.toString());
                }
                assertEquals(1, first, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileStoreIsSharedByTwoOpeningsAndKeepsNoNonceInTheClear() throws Exception {
        Path f = dir.resolve("shared");
        FileNonceStore a = FileNonceStore.open(f);
        FileNonceStore b = FileNonceStore.open(f);
        byte[] n = nonce(7);
        a.issue(n, T0.plusSeconds(300));
        assertEquals(NonceStore.Use.FIRST_USE, b.consume(n, T0));
        assertEquals(NonceStore.Use.ALREADY_USED, a.consume(n, T0));
        String text = Files.readString(f, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith(FileNonceStore.HEADER + "\n"), text);
        assertTrue(text.contains(NonceRecords.key(n) + " " + T0.plusSeconds(300).toEpochMilli() + " used\n"), text);
        assertTrue(!text.contains(java.util.HexFormat.of().formatHex(n)), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedAndLeftAsItIs() throws Exception {
        for (String bad : new String[] {"", "hello\n", FileNonceStore.HEADER, FileNonceStore.HEADER + "\nxyz 1 used\n",
            FileNonceStore.HEADER + "\n" + "a".repeat(64) + " 12 spent\n", FileNonceStore.HEADER + "\n" + "a".repeat(64) + " x used\n",
            FileNonceStore.HEADER + "\n" + "a".repeat(64) + " 1 used\n" + "a".repeat(64) + " 2 issued\n"}) {
            Path f = dir.resolve("bad-" + (made++));
            Files.writeString(f, bad);
            IOException e = assertThrows(IOException.class, () -> FileNonceStore.open(f), bad);
            assertTrue(e.getMessage().contains("not a mynacard nonce store"), e.getMessage());
            assertEquals(bad, Files.readString(f));
        }
        assertThrows(IOException.class, () -> FileNonceStore.open(dir.resolve("no-such-dir").resolve("store")));
        assertThrows(IOException.class, () -> FileNonceStore.open(dir));
    }

    @Test
    void aStoreThatBreaksAfterOpeningFailsTheLoginNotTheCaller() throws Exception {
        Path f = dir.resolve("breaks");
        FileNonceStore store = FileNonceStore.open(f);
        byte[] n = nonce(9);
        store.issue(n, T0.plusSeconds(300));
        Files.writeString(f, "garbage\n");
        assertThrows(IOException.class, () -> store.consume(n, T0));
        assertEquals("garbage\n", Files.readString(f));
    }

    @Test
    void whatAWriterKilledBeforeItsRenameLeftIsCleanedUp() throws Exception {
        Path f = dir.resolve("killed");
        FileNonceStore store = FileNonceStore.open(f);
        Path left = Files.createFile(dir.resolve(".killed.12345.tmp"));
        store.issue(nonce(11), T0.plusSeconds(Duration.ofMinutes(5).toSeconds()));
        assertTrue(Files.notExists(left));
        assertEquals(NonceStore.Use.FIRST_USE, store.consume(nonce(11), T0));
    }
}
