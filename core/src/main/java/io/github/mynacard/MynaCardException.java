package io.github.mynacard;

/**
 * The root of the checked exceptions of card-level failures: the card (or the library, on the
 * card's rules) refused an operation, or the card's data is malformed. A failure of the link to the
 * card is an {@link java.io.IOException} instead (see
 * {@link io.github.mynacard.transport.CardTransportException}).
 *
 * <p>Messages never contain a PIN or personal data.
 */
public class MynaCardException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message a message for people, without PINs or personal data */
    public MynaCardException(String message) {
        super(message);
    }

    /**
     * @param message a message for people, without PINs or personal data
     * @param cause the underlying failure
     */
    public MynaCardException(String message, Throwable cause) {
        super(message, cause);
    }
}
