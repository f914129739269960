package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/** The emulator's test hooks, for this package's tests: what a reference model or a fuzzer needs to see of the card. */
final class EmulatorHooks {

    private EmulatorHooks() {
    }

    /**
     * Test hook: a copy of this card (PINs, counters, overwritten files; keys, certificates and
     * trusted terminals shared, they never change) with no state file, as after {@link #reset()}.
     * Much cheaper than building a card, for tests that need thousands of fresh cards.
     */
    static MynaCardEmulator copyForTest(MynaCardEmulator card) {
        synchronized (card) {
            card.os.sync();
            MynaCardEmulator c = new MynaCardEmulator(card.os.memory.image(), null);
            c.os.cautious = card.os.cautious;
            c.os.endOfFileWarning = card.os.endOfFileWarning;
            return c;
        }
    }

    /**
     * Test hook: a digest of everything {@link #save(Path)} keeps that a command can change (every
     * PIN's value and counter, every file's content, the overwritten files), without the disk.
     * Equal digests mean the persistent card is unchanged.
     */
    static String persistentFingerprint(MynaCardEmulator card) {
        synchronized (card) {
            return card.os.memory.fingerprint();
        }
    }

    /**
     * Test hook: the session as a reference model sees it.
     *
     * @param application the selected application's AID (upper-case hex), or null
     * @param efApplication the AID of the current EF's application, or null when no EF is current
     * @param efId the current EF's ID, or -1
     * @param verified the PINs verified in this session
     * @param role the terminal role granted in this session, or null
     * @param challengePending whether a GET CHALLENGE is waiting for its EXTERNAL AUTHENTICATE
     */
    record SessionView(String application, String efApplication, int efId, Set<PinKind> verified, TerminalRole role,
            boolean challengePending) {
    }

    /** Test hook: this session's state. */
    static SessionView sessionView(MynaCardEmulator card) {
        synchronized (card) {
            return card.os.session.view();
        }
    }

    /** Test hook: a PIN's value as the card holds it (ASCII). */
    static String pinValue(MynaCardEmulator card, PinKind pin) {
        synchronized (card) {
            card.os.sync();
            return new String(card.os.pin(pin).value(), StandardCharsets.US_ASCII);
        }
    }

    /** Test hook: called with the state file after every successful autosave, inside the command. */
    static void saveObserver(MynaCardEmulator card, Consumer<Path> observer) {
        synchronized (card) {
            card.os.saveObserver = observer;
        }
    }
}
