package io.github.mynacard.login;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** What the two stores share: the key a nonce is kept under, and when a record may be forgotten. */
final class NonceRecords {

    /**
     * How long after its expiry a record is kept, so that a late answer is told EXPIRED (or
     * ALREADY_USED) rather than NOT_ISSUED; after that any answer with it is NOT_ISSUED.
     */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofMinutes(10);

    private NonceRecords() {
    }

    /** @return the lower-case hex of the nonce's SHA-256 */
    static String key(byte[] nonce) {
        if (nonce == null || nonce.length == 0) {
            throw new IllegalArgumentException("a nonce has at least one byte");
        }
        return HexFormat.of().formatHex(LoginResponse.sha256(nonce));
    }

    static boolean forgettable(Instant expiresAt, Instant now) {
        return now.isAfter(expiresAt.plus(KEPT_AFTER_EXPIRY));
    }
}
