package io.github.mynacard.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/**
 * A shipped pool of {@value #SIZE} pre-generated 1024-bit primes (resource {@value #RESOURCE}, made
 * once by the test-scoped {@code PrimePoolGenerator}), from which the emulator makes each card's
 * RSA-2048 keys in microseconds instead of the hundreds of milliseconds a key generation takes:
 * a key is {@code n = p·q} of two distinct primes of the pool, {@code e = 65537}, with its CRT
 * parameters. Every prime has its two top bits set, so {@code n} always has exactly 2048 bits.
 *
 * <p>A card draws the eight primes of its four keys, all distinct, from its seed
 * ({@link SeedStream}); so two cards share a given key with probability 1/C(512,2) = 1/130,816 and
 * all their keys with a vanishing one, and the same seed always gives the same keys (for as long as
 * the pool is the same: a card's keys are kept in its state file, not re-made from its seed). The
 * primes are public: these are test keys, as every key of the emulator.
 */
final class PrimePool {

    /** The number of primes. */
    static final int SIZE = 512;
    /** The length of each prime in bytes (big-endian, unsigned). */
    static final int BYTES = 128;
    /** The resource, next to this class. */
    static final String RESOURCE = "primes-1024.bin";

    private static final BigInteger E = BigInteger.valueOf(65537);
    private static volatile BigInteger[] primes;

    private PrimePool() {
    }

    /** @return the pool, read once per JVM */
    static BigInteger[] primes() {
        BigInteger[] p = primes;
        if (p == null) {
            p = load();
            primes = p;
        }
        return p;
    }

    private static BigInteger[] load() {
        try (InputStream in = PrimePool.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            byte[] all = in.readAllBytes();
            if (all.length != SIZE * BYTES) {
                throw new IllegalStateException("resource " + RESOURCE + " has " + all.length + " bytes, not " + SIZE * BYTES);
            }
            BigInteger[] p = new BigInteger[SIZE];
            for (int i = 0; i < SIZE; i++) {
                p[i] = new BigInteger(1, Arrays.copyOfRange(all, i * BYTES, (i + 1) * BYTES));
                if (p[i].bitLength() != BYTES * 8 || !p[i].testBit(BYTES * 8 - 2) || !p[i].testBit(0)) {
                    throw new IllegalStateException("resource " + RESOURCE + " holds a number of the wrong shape at " + i);
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Draws distinct primes for {@code count} keys and makes the keys.
     *
     * @param stream the card's seed stream for its keys
     * @param count how many keys
     * @return the key pairs, in order
     */
    static KeyPair[] keys(SeedStream stream, int count) {
        BigInteger[] pool = primes();
        int[] picked = new int[2 * count];
        for (int i = 0; i < picked.length; i++) {
            int candidate;
            boolean taken;
            do {
                candidate = stream.nextInt(SIZE);
                taken = false;
                for (int j = 0; j < i; j++) {
                    taken |= picked[j] == candidate;
                }
            } while (taken);
            picked[i] = candidate;
        }
        KeyPair[] keys = new KeyPair[count];
        for (int k = 0; k < count; k++) {
            keys[k] = keyPair(pool[picked[2 * k]], pool[picked[2 * k + 1]]);
        }
        return keys;
    }

    /** The RSA key pair of two distinct primes, with e = 65537 and its CRT parameters (p the larger). */
    static KeyPair keyPair(BigInteger a, BigInteger b) {
        BigInteger p = a.max(b);
        BigInteger q = a.min(b);
        BigInteger n = p.multiply(q);
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        BigInteger lambda = p1.divide(p1.gcd(q1)).multiply(q1);
        BigInteger d = E.modInverse(lambda);
        try {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            PrivateKey priv = kf.generatePrivate(new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p1), d.mod(q1), q.modInverse(p)));
            PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(n, E));
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }
}
