package io.github.mynacard.login;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A login nonce: 32 bytes, the moment it was made (8 bytes, milliseconds since the epoch, big
 * endian) followed by 24 random bytes. The time in it lets a verifier refuse a stale nonce without
 * remembering every nonce it issued; the random part makes it unique.
 */
public final class LoginChallenge {

    /** The length of a nonce. */
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private LoginChallenge() {
    }

    /**
     * @param clock the service's clock
     * @return a new nonce
     */
    public static byte[] newNonce(Clock clock) {
        byte[] n = new byte[LENGTH];
        ByteBuffer.wrap(n).putLong(Objects.requireNonNull(clock, "clock").millis());
        byte[] random = new byte[LENGTH - 8];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, n, 8, random.length);
        return n;
    }

    /**
     * @param nonce a nonce made by {@link #newNonce}
     * @return when it was made
     * @throws IllegalArgumentException when it is not {@value #LENGTH} bytes
     */
    public static Instant issuedAt(byte[] nonce) {
        if (nonce == null || nonce.length != LENGTH) {
            throw new IllegalArgumentException("a login nonce is " + LENGTH + " bytes");
        }
        return Instant.ofEpochMilli(ByteBuffer.wrap(nonce).getLong());
    }
}
