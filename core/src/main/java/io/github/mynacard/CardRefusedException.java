package io.github.mynacard;

import io.github.mynacard.apdu.StatusWords;

/**
 * The card answered and refused the command. {@link #statusWord()} is the card's status word, or
 * {@link #NO_STATUS_WORD} when the library refused on the card's rules before sending anything.
 */
public class CardRefusedException extends MynaCardException {

    private static final long serialVersionUID = 1L;

    /** The value of {@link #statusWord()} when nothing was sent to the card. */
    public static final int NO_STATUS_WORD = -1;

    /** @serial the card's status word, or NO_STATUS_WORD */
    private final int statusWord;

    /**
     * @param message a message for people, without PINs or personal data
     * @param statusWord the card's status word, or {@link #NO_STATUS_WORD}
     */
    public CardRefusedException(String message, int statusWord) {
        super(statusWord == NO_STATUS_WORD ? message : message + " [SW " + StatusWords.describe(statusWord) + "]");
        this.statusWord = statusWord;
    }

    /** @return the card's status word, for example {@code 0x6982}, or {@link #NO_STATUS_WORD} */
    public int statusWord() {
        return statusWord;
    }
}
