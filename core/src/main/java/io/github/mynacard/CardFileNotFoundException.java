package io.github.mynacard;

/**
 * The card has no such application or file ({@code 6A82}): for example not a My Number Card, or a
 * card without a signing certificate.
 */
public class CardFileNotFoundException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was not found
     * @param statusWord the card's status word
     */
    public CardFileNotFoundException(String message, int statusWord) {
        super(message, statusWord);
    }
}
