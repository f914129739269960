package io.github.mynacard.login;

import java.io.IOException;
import java.time.Instant;

/**
 * Where a service keeps the login nonces it issued, so that each is used for one login only, by
 * whichever of its servers receives the answer. A nonce is {@linkplain #issue issued} when it is
 * sent to a holder and {@linkplain #consume consumed} when a login with it is accepted; after its
 * expiry it is refused and may be forgotten.
 *
 * <p>Two stores ship: {@link #inMemory()}, for a service on one JVM, and {@link FileNonceStore},
 * on a file that several processes on one machine (or on a file system with working POSIX locks)
 * share. A service on several machines implements this interface on its database or cache: the
 * one duty is that {@link #consume} is atomic, so that of two servers consuming one nonce at the
 * same moment exactly one sees {@link Use#FIRST_USE}.
 *
 * <p>Nonces are not secrets (they travel in the clear to the holder), but a store need not keep
 * them: the stores here keep the SHA-256 of each.
 */
public interface NonceStore {

    /** What {@link #consume} found. */
    enum Use {
        /** The nonce was issued, had not expired and had not been used: it is now used. */
        FIRST_USE,
        /** The nonce was used before: a replay. */
        ALREADY_USED,
        /** The store has no record of the nonce: never issued here, or forgotten after its expiry. */
        NOT_ISSUED,
        /** The nonce was issued but its time ran out before this use. */
        EXPIRED
    }

    /**
     * Records a nonce as sent to a holder.
     *
     * @param nonce the nonce
     * @param expiresAt after this moment it is refused
     * @throws IOException when the store cannot record it (then the nonce must not be sent)
     * @throws IllegalArgumentException when the nonce was issued before
     */
    void issue(byte[] nonce, Instant expiresAt) throws IOException;

    /**
     * Uses a nonce, atomically: at most one call ever returns {@link Use#FIRST_USE} for a nonce.
     *
     * @param nonce the nonce of a login being accepted
     * @param now the service's time
     * @return what the store found
     * @throws IOException when the store cannot be read or written (then the login must be refused)
     */
    Use consume(byte[] nonce, Instant now) throws IOException;

    /**
     * @return a new store in this JVM's memory; safe for concurrent use, forgets expired nonces as
     *     it goes
     */
    static NonceStore inMemory() {
        return new MemoryNonceStore();
    }
}
