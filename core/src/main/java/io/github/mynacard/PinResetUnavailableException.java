package io.github.mynacard;

/**
 * A PIN reset could not be done: no terminal was given, or the card did not accept the terminal.
 * Real cards accept only the keys of convenience-store kiosks and municipal offices, which are not
 * public, so this is what a reset from a PC always ends in. The message explains the real procedure.
 */
public class PinResetUnavailableException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /** The real procedure, for messages. */
    public static final String PROCEDURE = "A PIN reset needs a terminal the card trusts. For the signing password: do the "
            + "face check in the JPKI PIN-reset app (JPKI暗証番号リセットアプリ) with the user-authentication PIN, then "
            + "within 24 hours reset it at a convenience-store kiosk. Any other PIN, or without the other JPKI PIN: the "
            + "municipal office, with the card and an identity document.";

    /**
     * @param reason why the reset could not be done (no PIN in it)
     * @param statusWord the card's status word, or {@link CardRefusedException#NO_STATUS_WORD}
     */
    public PinResetUnavailableException(String reason, int statusWord) {
        super(reason + ". " + PROCEDURE, statusWord);
    }
}
