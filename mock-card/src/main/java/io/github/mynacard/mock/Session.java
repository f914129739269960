package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * The security state of one session on the card (one connection of a reader, or one emulator
 * object on a shared state file): the selected application and EF, the PINs verified, the role of
 * an authenticated terminal and a pending challenge. Nothing of it is saved.
 *
 * <p>Selecting an application (even the current one), a card reset and the end of a session drop
 * all of it; see {@link #dropSecurityState()} and {@link #reset()}.
 */
final class Session {

    /** The selected application's AID (upper-case hex), or null at the MF. */
    String application;
    /** The current EF, or null. */
    ElementaryFile ef;
    final Set<PinKind> verified = EnumSet.noneOf(PinKind.class);
    /** The role of the terminal authenticated in this session, or null. */
    TerminalRole role;
    /** The challenge waiting for its EXTERNAL AUTHENTICATE, or null. */
    byte[] challenge;

    /** What selecting an application drops: verified PINs, terminal role, challenge, current EF. */
    void dropSecurityState() {
        verified.clear();
        role = null;
        challenge = null;
        ef = null;
    }

    /** A card reset (power cycle) or the end of the session: everything, the application too. */
    void reset() {
        dropSecurityState();
        application = null;
    }

    /** @return this state as the reference model sees it */
    EmulatorHooks.SessionView view() {
        return new EmulatorHooks.SessionView(application, ef == null ? null : ef.aid, ef == null ? -1 : ef.fid,
                Set.copyOf(verified), role, challenge != null);
    }
}
