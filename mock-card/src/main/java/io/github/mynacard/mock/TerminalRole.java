package io.github.mynacard.mock;

/**
 * The role a terminal gains on the emulated card after a successful EXTERNAL AUTHENTICATE.
 *
 * <p>This is the project's own reset model; the card-level procedure of real cards is not public.
 */
public enum TerminalRole {
    /**
     * A convenience-store kiosk: may reset the signing password only after the user-authentication
     * PIN was verified in the same session, and the user-authentication PIN only after the signing
     * password was verified. Nothing else.
     */
    KIOSK,
    /** A municipal office counter: may reset any of the four PINs with no PIN verified. */
    MUNICIPAL_OFFICE
}
