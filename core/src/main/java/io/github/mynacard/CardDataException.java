package io.github.mynacard;

/**
 * The card answered with data the library cannot accept: truncated, oversized, a broken TLV,
 * invalid text, a wrong check digit, or a response without a status word. Messages describe the
 * structure only, never the personal data.
 */
public class CardDataException extends MynaCardException {

    private static final long serialVersionUID = 1L;

    /** @param message what is malformed (no personal data) */
    public CardDataException(String message) {
        super(message);
    }

    /**
     * @param message what is malformed (no personal data)
     * @param cause the underlying failure
     */
    public CardDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
