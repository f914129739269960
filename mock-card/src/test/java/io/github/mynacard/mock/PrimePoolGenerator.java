package io.github.mynacard.mock;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Makes the emulator's pool of RSA primes ({@link PrimePool}), once: run only when asked,
 * {@code mvn -o test -pl core,mock-card -am -Dtest=PrimePoolGenerator -Dmynacard.regenerate.primes=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, then commit the resource it writes. Each prime has
 * 1024 bits with the two top bits set (so that a product of two has exactly 2048 bits) and
 * {@code p - 1} prime to 65537 (so that 65537 is a valid public exponent).
 */
class PrimePoolGenerator {

    @Test
    @EnabledIfSystemProperty(named = "mynacard.regenerate.primes", matches = "true")
    void writeThePool() throws Exception {
        SecureRandom random = new SecureRandom();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        Set<BigInteger> primes = new LinkedHashSet<>();
        try {
            while (primes.size() < PrimePool.SIZE) {
                java.util.List<Future<BigInteger>> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    batch.add(pool.submit(() -> onePrime(random)));
                }
                for (Future<BigInteger> f : batch) {
                    if (primes.size() < PrimePool.SIZE) {
                        primes.add(f.get());
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BigInteger p : primes) {
            out.writeBytes(Tlv.unsigned(p.toByteArray(), PrimePool.BYTES));
        }
        Path file = Path.of("src/main/resources/io/github/mynacard/mock/" + PrimePool.RESOURCE);
        Files.write(file, out.toByteArray());
        System.out.println("PrimePoolGenerator: wrote " + primes.size() + " primes to " + file);
    }

    static BigInteger onePrime(SecureRandom random) {
        BigInteger e = BigInteger.valueOf(65537);
        while (true) {
            BigInteger p = BigInteger.probablePrime(PrimePool.BYTES * 8, random);
            if (p.testBit(PrimePool.BYTES * 8 - 2) && p.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE)) {
                return p;
            }
        }
    }
}
