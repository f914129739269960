package io.github.mynacard;

/**
 * Whether a new PIN is checked for strength (not trivially guessable) as card holders are
 * advised. The format of a PIN is always checked; only the strength check can be skipped.
 */
public enum StrengthCheck {
    /** The default: refuse one repeated character, ascending or descending runs, and the holder's birth date. */
    ENFORCE,
    /** The caller explicitly accepts a weak (but well-formed) new PIN. */
    SKIP
}
