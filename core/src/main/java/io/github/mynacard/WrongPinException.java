package io.github.mynacard;

/**
 * The card refused a PIN ({@code 63C1}–{@code 63CF}): the attempt was spent and
 * {@link #attemptsRemaining()} attempts are left.
 */
public class WrongPinException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /** @serial the PIN that was wrong */
    private final PinKind pinKind;
    /** @serial attempts left */
    private final int attemptsRemaining;

    /**
     * @param pinKind the PIN that was wrong
     * @param attemptsRemaining attempts left, 1..15
     * @param statusWord the card's status word
     */
    public WrongPinException(PinKind pinKind, int attemptsRemaining, int statusWord) {
        super("wrong " + pinKind.englishName() + " (" + pinKind.japaneseName() + "); " + attemptsRemaining
                + (attemptsRemaining == 1 ? " attempt" : " attempts") + " left"
                + (attemptsRemaining == 1 ? ", the next wrong one blocks it" : ""), statusWord);
        this.pinKind = pinKind;
        this.attemptsRemaining = attemptsRemaining;
    }

    /** @return the PIN that was wrong */
    public PinKind pinKind() {
        return pinKind;
    }

    /** @return the attempts left before the card blocks this PIN */
    public int attemptsRemaining() {
        return attemptsRemaining;
    }
}
