package io.github.mynacard;

/**
 * The card answered a status word that the operation does not expect; the message names it.
 */
public class UnexpectedStatusException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the operation that failed
     * @param statusWord the card's status word
     */
    public UnexpectedStatusException(String message, int statusWord) {
        super(message, statusWord);
    }
}
