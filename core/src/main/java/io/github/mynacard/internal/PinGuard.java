package io.github.mynacard.internal;

import io.github.mynacard.CardDataException;
import io.github.mynacard.CardRefusedException;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.LastAttemptException;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinBlockedException;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinPolicy;
import io.github.mynacard.PinStatus;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.apdu.ResponseApdu;
import io.github.mynacard.apdu.StatusWords;
import io.github.mynacard.transport.CardTransaction;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the library knows of the PIN counters in one session, and the lockout guard built on it:
 * the status query (an empty VERIFY), the VERIFY of a PIN, and the typed exceptions for the
 * card's answers about PINs. Not thread-safe; {@code MynaCard} serialises calls.
 */
public final class PinGuard {

    private final CardChannel ch;
    private final Map<PinKind, Integer> knownRemaining = new EnumMap<>(PinKind.class);

    /** @param ch the session's channel */
    public PinGuard(CardChannel ch) {
        this.ch = ch;
    }

    /**
     * Asks the card for a PIN's counter with an empty VERIFY, which spends no attempt.
     *
     * @param kind the PIN
     * @return the status
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses or answers nonsense
     */
    public PinStatus queryStatus(PinKind kind) throws IOException, MynaCardException {
        ResponseApdu r = pinCommand(kind, null);
        int sw = r.sw();
        if (r.length() > 0) {
            knownRemaining.remove(kind);
            throw new CardDataException("card answered a VERIFY with " + r.length() + " bytes of data; VERIFY returns none");
        }
        int left;
        if (StatusWords.isRetryCounter(sw)) {
            left = sw & 0x0F;
        } else if (sw == StatusWords.SUCCESS) {
            left = kind.maxAttempts(); // some cards answer 9000 while the PIN is verified
        } else if (sw == StatusWords.AUTH_METHOD_BLOCKED || sw == StatusWords.REFERENCE_DATA_BLOCKED) {
            left = 0;
        } else {
            throw Refusals.of(r, "read the " + kind.englishName() + " counter");
        }
        if (left > kind.maxAttempts()) {
            throw new CardDataException("card reports " + left + " attempts for a PIN that has at most " + kind.maxAttempts());
        }
        knownRemaining.put(kind, left);
        return new PinStatus(kind, left, kind.maxAttempts());
    }

    /**
     * Verifies a PIN under the lockout guard: the format is checked first; a blocked PIN is refused
     * and a call that would spend the last attempt is refused unless allowed, both without sending
     * the PIN. The decision and the VERIFY are one step in a {@link CardTransaction}; on a shared
     * card the decision rests on a counter read inside it.
     *
     * @param kind the PIN
     * @param pin the PIN; not modified, not kept; every byte array made from it is wiped
     * @param lastAttempt whether the last attempt may be spent
     * @throws IOException when the link fails
     * @throws MynaCardException wrong PIN, blocked, guard, format, or another refusal
     */
    public void verify(PinKind kind, char[] pin, LastAttempt lastAttempt) throws IOException, MynaCardException {
        PinPolicy.checkFormat(kind, pin);
        try (CardTransaction t = ch.beginTransaction()) {
            // on a card that other sessions use between commands, a counter read earlier may be
            // stale: read it again inside the transaction, so the decision and the PIN are one step
            Integer known = t.shared() ? null : knownRemaining.get(kind);
            if (known == null && lastAttempt != LastAttempt.ALLOW) {
                known = queryStatus(kind).remaining(); // once per exclusive session; later answers keep it current
            }
            if (known != null && known == 0) {
                throw new PinBlockedException(kind, CardRefusedException.NO_STATUS_WORD);
            }
            if (known != null && known == 1 && lastAttempt != LastAttempt.ALLOW) {
                throw new LastAttemptException(kind);
            }
            ResponseApdu r = pinCommand(kind, pin);
            verifyResult(kind, r, "verify the " + kind.englishName());
        }
    }

    /**
     * Records that a PIN was set anew (changed or reset), so it has its full count.
     *
     * @param kind the PIN
     */
    public void renewed(PinKind kind) {
        knownRemaining.put(kind, kind.maxAttempts());
    }

    /**
     * The typed exception for a card's refusal of a new PIN: {@code 6A80} means the card rejected
     * the PIN's format.
     *
     * @param kind the PIN
     * @param r the answer
     * @param action what was being done
     * @return the exception to throw
     */
    static MynaCardException newPinRefused(PinKind kind, ResponseApdu r, String action) {
        if (r.sw() == StatusWords.WRONG_DATA) {
            return new PinFormatException(kind, PinFormatException.Problem.REFUSED_BY_CARD,
                    "the card refused the new PIN's format", r.sw());
        }
        return Refusals.of(r, action);
    }

    /**
     * VERIFY of a PIN, empty (the status query) or with the PIN, in the PIN's application: on the
     * fast path with the PIN's short EF identifier in P2, else after selecting the PIN's file.
     */
    private ResponseApdu pinCommand(PinKind kind, char[] pin) throws IOException, MynaCardException {
        ch.select(PinSlot.application(kind));
        return ch.sendForFile(PinSlot.fileId(kind), kind.englishName(),
                sfi -> pin == null ? Commands.verifyStatus(0x80 | sfi) : Commands.verify(0x80 | sfi, pin));
    }

    /** Interprets the answer to a VERIFY with data and records the counter it reveals. */
    private void verifyResult(PinKind kind, ResponseApdu r, String action) throws MynaCardException {
        int sw = r.sw();
        if (r.length() > 0) {
            knownRemaining.remove(kind); // unknown outcome: ask again next time
            throw new CardDataException("card answered a VERIFY with " + r.length() + " bytes of data; VERIFY returns none");
        }
        if (sw == StatusWords.SUCCESS) {
            knownRemaining.put(kind, kind.maxAttempts());
            return;
        }
        if (StatusWords.isRetryCounter(sw)) {
            int left = sw & 0x0F;
            if (left > kind.maxAttempts()) {
                knownRemaining.remove(kind);
                throw new CardDataException("card reports " + left + " attempts for a PIN that has at most " + kind.maxAttempts());
            }
            knownRemaining.put(kind, left);
            if (left == 0) {
                throw new PinBlockedException(kind, sw);
            }
            throw new WrongPinException(kind, left, sw);
        }
        if (sw == StatusWords.AUTH_METHOD_BLOCKED || sw == StatusWords.REFERENCE_DATA_BLOCKED) {
            knownRemaining.put(kind, 0);
            throw new PinBlockedException(kind, sw);
        }
        knownRemaining.remove(kind); // unknown outcome: ask again next time
        throw Refusals.of(r, action);
    }
}
