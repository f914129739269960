package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file's SHA-256 is the JDK's, for every length around the block boundaries and for a real state file. */
class Sha256Test {

    @TempDir
    Path dir;

    @Test
    void sameAsTheJdk() throws Exception {
        Random r = new Random(20261207);
        for (int len = 0; len < 300; len++) {
            byte[] d = new byte[len];
            r.nextBytes(d);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(d), Sha256.of(d), "length " + len);
        }
        byte[] big = new byte[1 << 20];
        r.nextBytes(big);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(big), Sha256.of(big));
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        byte[] state = Files.readAllBytes(file);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(state), Sha256.of(state));
        assertArrayEquals(new byte[] {(byte) 0xe3, (byte) 0xb0, (byte) 0xc4, 0x42}, java.util.Arrays.copyOf(Sha256.of(new byte[0]), 4));
    }
}
