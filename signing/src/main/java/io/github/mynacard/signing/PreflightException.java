package io.github.mynacard.signing;

import java.util.Objects;

/**
 * A signature must not be attempted: {@link SigningPreflight} found the signing certificate
 * expired or revoked, or a service the level needs unavailable. No card operation has been made.
 */
public class PreflightException extends SigningException {

    private static final long serialVersionUID = 1L;

    /** Why signing is refused. */
    public enum Reason {
        /** The signing certificate's validity has not begun. */
        CERTIFICATE_NOT_YET_VALID,
        /** The signing certificate's validity has ended: a signature made now would not be valid. */
        CERTIFICATE_EXPIRED,
        /** The revocation checker says the signing certificate is revoked. */
        CERTIFICATE_REVOKED,
        /** Revocation could not be checked (no answer, or no checker while the level needs one). */
        REVOCATION_UNAVAILABLE,
        /** The time-stamp authority the level needs did not give a verified time-stamp. */
        TSA_UNAVAILABLE
    }

    /** Why. */
    private final Reason reason;

    /**
     * @param reason why
     * @param message one sentence for people
     * @param cause the underlying failure, or null
     */
    public PreflightException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why signing is refused */
    public Reason reason() {
        return reason;
    }

    /** @return the time-stamp failure's reason for {@link Reason#TSA_UNAVAILABLE}, else null */
    public TimestampException.Reason timestampReason() {
        return getCause() instanceof TimestampException t ? t.reason() : null;
    }
}
