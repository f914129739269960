package io.github.mynacard;

/**
 * A PIN does not have its kind's format, or a new PIN is too easy to guess. Raised before any APDU
 * is sent, so a malformed PIN never costs an attempt; also raised when the card answers {@code 6A80}
 * to a new PIN.
 */
public class PinFormatException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the PIN. */
    public enum Problem {
        /** Shorter than the kind allows. */
        TOO_SHORT,
        /** Longer than the kind allows. */
        TOO_LONG,
        /** A character outside the kind's alphabet (digits; or {@code A–Z0–9} for the signing password). */
        BAD_CHARACTER,
        /** A new signing password needs at least one letter and one digit. */
        NEEDS_LETTER_AND_DIGIT,
        /** A new PIN is trivially guessable (one repeated character, or an ascending or descending run). */
        TRIVIAL,
        /** A new PIN is the holder's birth date (MMDD, YYMM or YYYY). */
        BIRTH_DATE,
        /** The card refused the new PIN's format ({@code 6A80}). */
        REFUSED_BY_CARD,
        /**
         * A verification number (照合番号) that cannot be right: a My Number whose check digit does not
         * match, or a 照合番号B without a birth date and an expiry year where they belong.
         */
        NOT_PLAUSIBLE;

        /** @return whether this is a strength problem, which a caller may override (never a format problem) */
        public boolean isStrengthProblem() {
            return this == TRIVIAL || this == BIRTH_DATE;
        }
    }

    /** @serial the kind of PIN */
    private final PinKind pinKind;
    /** @serial what is wrong */
    private final Problem problem;

    /**
     * @param pinKind the kind of PIN
     * @param problem what is wrong
     * @param detail a sentence without the PIN itself
     * @param statusWord the card's status word, or {@link CardRefusedException#NO_STATUS_WORD}
     */
    public PinFormatException(PinKind pinKind, Problem problem, String detail, int statusWord) {
        this(pinKind, problem, detail, statusWord, false);
    }

    /**
     * @param pinKind the kind of PIN
     * @param problem what is wrong
     * @param detail a sentence without the PIN itself
     * @param statusWord the card's status word, or {@link CardRefusedException#NO_STATUS_WORD}
     * @param newPin whether the PIN is a new value (for a change or a reset), which the message says
     */
    public PinFormatException(PinKind pinKind, Problem problem, String detail, int statusWord, boolean newPin) {
        super((newPin ? "new " : "") + pinKind.englishName() + " (" + pinKind.japaneseName() + ") refused: " + detail,
                statusWord);
        this.pinKind = pinKind;
        this.problem = problem;
    }

    /** @return the kind of PIN */
    public PinKind pinKind() {
        return pinKind;
    }

    /** @return what is wrong */
    public Problem problem() {
        return problem;
    }
}
