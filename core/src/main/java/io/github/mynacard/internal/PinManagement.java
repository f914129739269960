package io.github.mynacard.internal;

import io.github.mynacard.CardDataException;
import io.github.mynacard.CardRefusedException;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinResetUnavailableException;
import io.github.mynacard.TerminalAuthenticator;
import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.apdu.ResponseApdu;
import io.github.mynacard.apdu.StatusWords;
import io.github.mynacard.transport.CardTransaction;
import java.io.IOException;
import java.util.Arrays;

/**
 * Changing and resetting PINs, in any application.
 *
 * <p>Change: VERIFY the current PIN, then CHANGE REFERENCE DATA {@code 00 24 01 80} with the new
 * one (CHANGE KEY {@code 80 32 00 80} for the resident-registry PIN, a JICSAP command reported by
 * one public implementation). Reset (this project's model, see {@code TerminalAuthenticator}):
 * GET CHALLENGE, EXTERNAL AUTHENTICATE, then RESET RETRY COUNTER {@code 00 2C 02 80} with the new PIN.
 */
public final class PinManagement {

    private final CardChannel ch;
    private final PinGuard pins;

    /**
     * @param ch the session's channel
     * @param pins the session's PIN guard
     */
    public PinManagement(CardChannel ch, PinGuard pins) {
        this.ch = ch;
        this.pins = pins;
    }

    /**
     * Changes a PIN. The caller has checked both PINs' formats and the new PIN's strength.
     *
     * @param kind the PIN
     * @param current the current PIN
     * @param newPin the new PIN
     * @param lastAttempt whether the last attempt may be spent verifying the current PIN
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses
     */
    public void change(PinKind kind, char[] current, char[] newPin, LastAttempt lastAttempt)
            throws IOException, MynaCardException {
        ResponseApdu r;
        try (CardTransaction t = ch.beginTransaction()) { // the VERIFY of the current PIN and the change, as one step
            pins.verify(kind, current, lastAttempt);
            ch.selectFile(PinSlot.fileId(kind), kind.englishName()); // a short-EF-id VERIFY leaves another file current
            r = ch.send(kind == PinKind.RESIDENT_REGISTRY ? Commands.changeKey(0x80, newPin)
                    : Commands.changeReferenceData(0x80, newPin));
        }
        if (r.sw() != StatusWords.SUCCESS) {
            throw PinGuard.newPinRefused(kind, r, "change the " + kind.englishName());
        }
        pins.renewed(kind);
    }

    /**
     * Authenticates a terminal in the PIN's application, then resets the PIN. When
     * {@code verifyFirst} is given, that PIN is verified after selecting the application and
     * before the terminal authenticates (the kiosk procedure).
     *
     * @param kind the PIN to reset
     * @param newPin the new PIN (format and strength already checked)
     * @param terminal the terminal, or null
     * @param verifyFirst the PIN to verify first, or null
     * @param verifyPin that PIN's value, or null
     * @param lastAttempt whether the last attempt of {@code verifyFirst} may be spent
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses
     */
    public void reset(PinKind kind, char[] newPin, TerminalAuthenticator terminal, PinKind verifyFirst, char[] verifyPin,
            LastAttempt lastAttempt) throws IOException, MynaCardException {
        if (terminal == null) {
            throw new PinResetUnavailableException("no terminal was given to authorise the reset",
                    CardRefusedException.NO_STATUS_WORD);
        }
        int ref = terminal.keyReference();
        if (ref < 1 || ref > 127) {
            throw new IllegalArgumentException("terminal key reference must be 1..127");
        }
        Application app = PinSlot.application(kind);
        // a fresh selection, so no state of an earlier operation carries into the reset
        ch.forceSelect(app);
        if (verifyFirst != null) {
            pins.verify(verifyFirst, verifyPin, lastAttempt);
        }
        ResponseApdu challenge = ch.send(Commands.getChallenge(0x10));
        if (challenge.sw() != StatusWords.SUCCESS || challenge.length() == 0) {
            throw new PinResetUnavailableException("the card does not offer terminal authentication", challenge.sw());
        }
        if (challenge.length() > 0x10) {
            throw new CardDataException("card returned a " + challenge.length() + "-byte challenge for a GET CHALLENGE of 16");
        }
        byte[] signature = terminal.authenticate(challenge.data());
        if (signature == null || signature.length == 0 || signature.length > 65535) {
            throw new PinResetUnavailableException("the terminal produced no usable authentication",
                    CardRefusedException.NO_STATUS_WORD);
        }
        CommandApdu authenticate = Commands.externalAuthenticate(0x80 | ref, signature);
        Arrays.fill(signature, (byte) 0);
        ResponseApdu auth = ch.send(authenticate);
        if (auth.sw() != StatusWords.SUCCESS) {
            throw new PinResetUnavailableException("the card did not accept the terminal", auth.sw());
        }
        ch.selectFile(PinSlot.fileId(kind), kind.englishName());
        ResponseApdu r = ch.send(Commands.resetRetryCounter(0x80, newPin));
        if (r.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
            throw new PinResetUnavailableException("the terminal is not allowed to reset the " + kind.englishName(), r.sw());
        }
        if (r.sw() != StatusWords.SUCCESS) {
            throw PinGuard.newPinRefused(kind, r, "reset the " + kind.englishName());
        }
        pins.renewed(kind);
    }
}
