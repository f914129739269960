package io.github.mynacard.transport;

import java.io.IOException;

/**
 * The link to the card failed: the card did not get the command, or its answer did not come back.
 * Kept apart from a card that answered and refused (see
 * {@link io.github.mynacard.CardRefusedException}).
 */
public class CardTransportException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the link failed, for callers that react differently to each case. */
    public enum Reason {
        /** No card reader is attached, or no reader matches the requested name. */
        NO_READER,
        /** The reader is there but holds no card (or none that answers as a My Number Card). */
        NO_CARD,
        /** The card was taken out of the reader during the session. */
        CARD_REMOVED,
        /** The card was reset by another program or by the reader; its security state is gone. */
        CARD_RESET,
        /** Another program holds the card exclusively. */
        SHARING_VIOLATION,
        /** The smart-card service (for example pcscd) is not running or stopped. */
        SERVICE_UNAVAILABLE,
        /** No answer came within the allowed time. */
        TIMEOUT,
        /** The card broke the transmission protocol (no status word, endless {@code 61xx}). */
        PROTOCOL,
        /**
         * The reader (or its driver) cannot carry an extended-length APDU, so the card never saw
         * the command: many readers, most contactless ones among them, exchange short APDUs only.
         * {@code MynaCard} then goes on with short APDUs for the rest of the session.
         */
        EXTENDED_APDU_UNSUPPORTED,
        /** The transport was closed before the call. */
        CLOSED,
        /** Any other link failure. */
        OTHER
    }

    /** @serial why the link failed */
    private final Reason reason;

    /**
     * @param reason why the link failed
     * @param message a message for people; it must never contain PINs or personal data
     */
    public CardTransportException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * @param reason why the link failed
     * @param message a message for people; it must never contain PINs or personal data
     * @param cause the underlying failure
     */
    public CardTransportException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why the link failed */
    public Reason reason() {
        return reason;
    }
}
