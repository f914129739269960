package io.github.mynacard.mock;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * A deterministic stream of bytes from a card's seed and a label: SHA-256 of
 * ({@code "mynacard-emulator"}, the seed's 8 bytes, the label, a block counter), block after block.
 * Each thing a card draws from its seed (its keys' primes, its certificates' serials, its security
 * code, ...) has its own label, so that one never shifts another.
 */
final class SeedStream {

    private final long seed;
    private final byte[] label;
    private long block;
    private byte[] buffer = new byte[0];
    private int used;

    SeedStream(long seed, String label) {
        this.seed = seed;
        this.label = label.getBytes(StandardCharsets.UTF_8);
    }

    byte[] nextBytes(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            if (used == buffer.length) {
                refill();
            }
            out[i] = buffer[used++];
        }
        return out;
    }

    private void refill() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("mynacard-emulator".getBytes(StandardCharsets.US_ASCII));
            md.update(longBytes(seed));
            md.update(label);
            md.update(longBytes(block++));
            buffer = md.digest();
            used = 0;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    long nextLong() {
        byte[] b = nextBytes(8);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    /** @return a number in [0, bound), without bias (rejection) */
    int nextInt(int bound) {
        long limit = (1L << 32) - ((1L << 32) % bound);
        while (true) {
            long v = nextLong() >>> 32;
            if (v < limit) {
                return (int) (v % bound);
            }
        }
    }

    /** @return {@code n} ASCII decimal digits */
    String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + nextInt(10)));
        }
        return s.toString();
    }
}
