package io.github.mynacard;

/**
 * The library refused to send a PIN because only one attempt is left and a wrong PIN would block
 * it. Nothing was sent and nothing was spent. Call the overload with {@link LastAttempt#ALLOW} to
 * spend the last attempt knowingly.
 */
public class LastAttemptException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /** @serial the PIN with one attempt left */
    private final PinKind pinKind;

    /** @param pinKind the PIN with one attempt left */
    public LastAttemptException(PinKind pinKind) {
        super("only one attempt is left for the " + pinKind.englishName() + " (" + pinKind.japaneseName()
                + "); a wrong PIN now would block it, so nothing was sent. Pass LastAttempt.ALLOW to use it.",
                NO_STATUS_WORD);
        this.pinKind = pinKind;
    }

    /** @return the PIN with one attempt left */
    public PinKind pinKind() {
        return pinKind;
    }
}
