package io.github.mynacard.cert;

import io.github.mynacard.revocation.RevocationStatus;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A certificate chain could not be built to a trust anchor, or the built chain is not valid.
 * {@link #reason()} says why in a form a program can act on; the message says it for people.
 */
public class ChainValidationException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    /** Why validation failed. */
    public enum Reason {
        /** No anchor or intermediate has the key that signed a certificate of the chain. */
        NO_ISSUER_FOUND,
        /** A certificate of the chain has expired at the validation time. */
        EXPIRED,
        /** A certificate of the chain is not valid yet at the validation time. */
        NOT_YET_VALID,
        /** A certificate was revoked at the validation time (only with a revocation checker). */
        REVOKED,
        /** The revocation status could not be determined (only with revocation checking on). */
        UNDETERMINED_REVOCATION_STATUS,
        /** Any other PKIX failure: key usage, basic constraints, names, policies, a bad signature. */
        INVALID
    }

    /** Why validation failed. */
    private final Reason reason;
    /** The revocation answer behind {@link Reason#REVOKED} or {@link Reason#UNDETERMINED_REVOCATION_STATUS}. */
    private final transient RevocationStatus revocation;

    /**
     * @param reason why validation failed
     * @param message a message for people
     * @param cause the underlying failure, or null
     */
    public ChainValidationException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    /**
     * @param reason why validation failed
     * @param message a message for people
     * @param cause the underlying failure, or null
     * @param revocation the revocation answer that made it fail, or null
     */
    public ChainValidationException(Reason reason, String message, Throwable cause, RevocationStatus revocation) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.revocation = revocation;
    }

    /**
     * @return the revocation answer for {@link Reason#REVOKED} (with its time and reason) and
     *     {@link Reason#UNDETERMINED_REVOCATION_STATUS} (with why), else null
     */
    public RevocationStatus revocation() {
        return revocation;
    }

    /** @return why validation failed */
    public Reason reason() {
        return reason;
    }
}
