package io.github.mynacard.signing;

import java.util.Objects;

/**
 * A time-stamp authority (RFC 3161) gave no usable time-stamp, or a time-stamp token did not
 * verify. {@link #reason()} says which; the message is one sentence for people.
 */
public class TimestampException extends SigningException {

    private static final long serialVersionUID = 1L;

    /** Why there is no usable time-stamp. */
    public enum Reason {
        /** The authority could not be reached (no route, connection refused, unknown host). */
        UNREACHABLE,
        /** The authority did not answer within the time allowed. */
        TIMEOUT,
        /** The authority answered but refused: an HTTP error or a status other than granted. */
        REFUSED,
        /** The answer is not a time-stamp response, or it is too large. */
        MALFORMED,
        /** The token does not carry the nonce of the request. */
        WRONG_NONCE,
        /** The token time-stamps other data than the data sent (its message imprint differs). */
        WRONG_IMPRINT,
        /** The token's signature does not verify with the authority's certificate. */
        BAD_SIGNATURE,
        /** The authority's certificate is not for time-stamping, or does not lead to a trust anchor. */
        UNTRUSTED
    }

    /** Why. */
    private final Reason reason;

    /**
     * @param reason why
     * @param message one sentence for people
     * @param cause the underlying failure, or null
     */
    public TimestampException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why there is no usable time-stamp */
    public Reason reason() {
        return reason;
    }
}
