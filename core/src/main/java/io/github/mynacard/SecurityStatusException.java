package io.github.mynacard;

/**
 * The card answered {@code 6982} (security status not satisfied): the PIN that guards the file or
 * key was not verified in this session, or the application was selected again since.
 */
public class SecurityStatusException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused and which PIN it needs
     * @param statusWord the card's status word
     */
    public SecurityStatusException(String message, int statusWord) {
        super(message, statusWord);
    }
}
