package io.github.mynacard;

import java.time.LocalDate;

/**
 * The rules a PIN must meet, checked by the library before any APDU is sent so that a malformed PIN
 * never costs an attempt.
 *
 * <ul>
 *   <li>Format (always): 4 ASCII digits for the user-authentication, resident-registry and
 *       card-info PINs; 6–16 characters of {@code A–Z} and {@code 0–9} for the signing password.
 *       Lower case is refused, not converted: the card compares bytes.</li>
 *   <li>A new signing password must also hold at least one letter and one digit (always).</li>
 *   <li>Strength of a new PIN (unless {@link StrengthCheck#SKIP}): not one repeated character, not
 *       an ascending or descending run ({@code 1234}, {@code 9876}, {@code ABCDEF}); a 4-digit PIN
 *       is not the holder's birth date as {@code MMDD}, {@code YYMM} or {@code YYYY} when the birth
 *       date is known, and a signing password does not contain the birth date as {@code YYYYMMDD}
 *       or {@code YYMMDD}.</li>
 * </ul>
 * Messages name the rule, never the PIN.
 */
public final class PinPolicy {

    private PinPolicy() {
    }

    /**
     * Checks the format of a PIN about to be sent.
     *
     * @param kind the PIN's kind
     * @param pin the PIN; not modified, not kept
     * @throws PinFormatException when the PIN does not have the kind's format
     */
    public static void checkFormat(PinKind kind, char[] pin) throws PinFormatException {
        checkFormat(kind, pin, false);
    }

    private static void checkFormat(PinKind kind, char[] pin, boolean newPin) throws PinFormatException {
        if (kind.isVerificationNumber()) {
            checkVerificationNumber(kind, pin);
            return;
        }
        if (pin == null || pin.length < kind.minLength()) {
            throw new PinFormatException(kind, PinFormatException.Problem.TOO_SHORT, kind.digitsOnly()
                    ? "it must be exactly 4 digits" : "it must be 6 to 16 characters", CardRefusedException.NO_STATUS_WORD, newPin);
        }
        if (pin.length > kind.maxLength()) {
            throw new PinFormatException(kind, PinFormatException.Problem.TOO_LONG, kind.digitsOnly()
                    ? "it must be exactly 4 digits" : "it must be 6 to 16 characters", CardRefusedException.NO_STATUS_WORD, newPin);
        }
        for (char c : pin) {
            boolean ok = (c >= '0' && c <= '9') || (!kind.digitsOnly() && c >= 'A' && c <= 'Z');
            if (!ok) {
                String why = fullWidth(c) ? fullWidthHint(kind.digitsOnly()) : kind.digitsOnly() ? "it must be digits 0-9 only"
                        : (c >= 'a' && c <= 'z') ? "it must be upper-case letters A-Z and digits 0-9 (lower case is not accepted)"
                        : "it must be upper-case letters A-Z and digits 0-9 only";
                throw new PinFormatException(kind, PinFormatException.Problem.BAD_CHARACTER, why,
                        CardRefusedException.NO_STATUS_WORD, newPin);
            }
        }
    }

    /**
     * A full-width (全角) digit or letter, as a Japanese input method types by default: U+FF10–FF19,
     * U+FF21–FF3A, U+FF41–FF5A. The card compares bytes, so these are never its ASCII digits.
     */
    private static boolean fullWidth(char c) {
        return (c >= '\uFF10' && c <= '\uFF19') || (c >= '\uFF21' && c <= '\uFF3A') || (c >= '\uFF41' && c <= '\uFF5A');
    }

    private static String fullWidthHint(boolean digitsOnly) {
        return digitsOnly ? "it must be half-width (半角) digits 0-9: full-width (全角) digits are not accepted"
                : "it must be half-width (半角) upper-case letters A-Z and digits 0-9: full-width (全角) characters are not accepted";
    }

    /**
     * 照合番号A: the 12-digit My Number, whose check digit must match (a number that fails it is
     * surely wrong, and would cost an attempt). 照合番号B: 14 digits, {@code YYMMDD} of the birth date
     * in the Japanese era (a month 01–12, a day 01–31), the card's expiry year (2016–2099) and the
     * 4-digit security code.
     */
    private static void checkVerificationNumber(PinKind kind, char[] n) throws PinFormatException {
        int length = kind.isNumberA() ? 12 : 14;
        String shape = kind.isNumberA() ? "it must be the 12-digit My Number"
                : "it must be 14 digits: the birth date in the Japanese era as YYMMDD, the card's expiry year and the "
                        + "4-digit security code";
        if (n == null || n.length != length) {
            throw new PinFormatException(kind, n == null || n.length < length ? PinFormatException.Problem.TOO_SHORT
                    : PinFormatException.Problem.TOO_LONG, shape, CardRefusedException.NO_STATUS_WORD);
        }
        for (char c : n) {
            if (c < '0' || c > '9') {
                throw new PinFormatException(kind, PinFormatException.Problem.BAD_CHARACTER,
                        fullWidth(c) ? fullWidthHint(true) : "it must be digits 0-9 only", CardRefusedException.NO_STATUS_WORD);
            }
        }
        if (kind.isNumberA()) {
            if (!MyNumber.isValid(java.nio.CharBuffer.wrap(n))) {
                throw new PinFormatException(kind, PinFormatException.Problem.NOT_PLAUSIBLE,
                        "it is not a My Number: its check digit does not match", CardRefusedException.NO_STATUS_WORD);
            }
            return;
        }
        int month = (n[2] - '0') * 10 + (n[3] - '0');
        int day = (n[4] - '0') * 10 + (n[5] - '0');
        int expiry = (n[6] - '0') * 1000 + (n[7] - '0') * 100 + (n[8] - '0') * 10 + (n[9] - '0');
        if (month < 1 || month > 12 || day < 1 || day > 31 || expiry < 2016 || expiry > 2099) {
            throw new PinFormatException(kind, PinFormatException.Problem.NOT_PLAUSIBLE, "it does not hold a birth date "
                    + "(YYMMDD) and an expiry year (2016-2099) where they belong", CardRefusedException.NO_STATUS_WORD);
        }
    }

    /**
     * Checks a new PIN (for a change or a reset): its format, the letter-and-digit rule of the
     * signing password, and, unless skipped, its strength.
     *
     * @param kind the PIN's kind
     * @param pin the new PIN; not modified, not kept
     * @param birthDate the holder's birth date when known, else null
     * @param strength whether to check strength
     * @throws PinFormatException when the new PIN breaks a rule
     */
    public static void checkNewPin(PinKind kind, char[] pin, LocalDate birthDate, StrengthCheck strength)
            throws PinFormatException {
        if (kind.isVerificationNumber()) {
            throw new IllegalArgumentException("a verification number (照合番号) is printed on the card; it has no new value");
        }
        checkFormat(kind, pin, true);
        if (!kind.digitsOnly()) {
            boolean letter = false;
            boolean digit = false;
            for (char c : pin) {
                letter |= c >= 'A' && c <= 'Z';
                digit |= c >= '0' && c <= '9';
            }
            if (!letter || !digit) {
                throw new PinFormatException(kind, PinFormatException.Problem.NEEDS_LETTER_AND_DIGIT,
                        "it needs at least one letter and one digit", CardRefusedException.NO_STATUS_WORD, true);
            }
        }
        if (strength == StrengthCheck.SKIP) {
            return;
        }
        if (allSame(pin) || run(pin, 1) || run(pin, -1)) {
            throw new PinFormatException(kind, PinFormatException.Problem.TRIVIAL,
                    "it is trivially guessable (one repeated character, or an ascending or descending run)", CardRefusedException.NO_STATUS_WORD, true);
        }
        if (birthDate != null) {
            String ymd = String.format("%04d%02d%02d", birthDate.getYear(), birthDate.getMonthValue(), birthDate.getDayOfMonth());
            if (kind.digitsOnly()) {
                String[] forms = {ymd.substring(4, 8), ymd.substring(2, 6), ymd.substring(0, 4)};
                for (String f : forms) {
                    if (equalsChars(pin, f)) {
                        throw new PinFormatException(kind, PinFormatException.Problem.BIRTH_DATE,
                                "it is the holder's birth date (MMDD, YYMM or YYYY)", CardRefusedException.NO_STATUS_WORD, true);
                    }
                }
            } else if (contains(pin, ymd) || contains(pin, ymd.substring(2))) {
                throw new PinFormatException(kind, PinFormatException.Problem.BIRTH_DATE,
                        "it contains the holder's birth date", CardRefusedException.NO_STATUS_WORD, true);
            }
        }
    }

    private static boolean allSame(char[] pin) {
        for (char c : pin) {
            if (c != pin[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean run(char[] pin, int step) {
        for (int i = 1; i < pin.length; i++) {
            if (pin[i] - pin[i - 1] != step) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsChars(char[] pin, String s) {
        if (pin.length != s.length()) {
            return false;
        }
        for (int i = 0; i < pin.length; i++) {
            if (pin[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(char[] pin, String s) {
        outer:
        for (int i = 0; i + s.length() <= pin.length; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (pin[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
