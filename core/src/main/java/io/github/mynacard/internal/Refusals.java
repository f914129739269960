package io.github.mynacard.internal;

import io.github.mynacard.CardFileNotFoundException;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.SecurityStatusException;
import io.github.mynacard.UnexpectedStatusException;
import io.github.mynacard.apdu.ResponseApdu;
import io.github.mynacard.apdu.StatusWords;

/** The typed exception for a status word the operation did not expect. PIN answers are {@link PinGuard}'s. */
final class Refusals {

    private Refusals() {
    }

    /**
     * Throws the typed exception for an unexpected status word unless it is {@code 9000}.
     *
     * @param r the answer
     * @param action what was being done, for the message
     * @throws MynaCardException unless the answer is success
     */
    static void check(ResponseApdu r, String action) throws MynaCardException {
        if (r.sw() != StatusWords.SUCCESS) {
            throw of(r, action);
        }
    }

    /**
     * The typed exception for a refusal.
     *
     * @param r the answer
     * @param action what was being done
     * @return the exception to throw
     */
    static MynaCardException of(ResponseApdu r, String action) {
        int sw = r.sw();
        String msg = "card refused to " + action;
        switch (sw) {
            case StatusWords.SECURITY_STATUS_NOT_SATISFIED:
                return new SecurityStatusException(msg + ": the PIN that guards it is not verified in this session", sw);
            case StatusWords.FILE_NOT_FOUND:
                return new CardFileNotFoundException(msg + ": not found", sw);
            default:
                return new UnexpectedStatusException(msg, sw);
        }
    }
}
