package io.github.mynacard;

/**
 * Whether a call may spend the last remaining attempt of a PIN (after which the PIN is blocked
 * and only a kiosk or the municipal office can reset it).
 */
public enum LastAttempt {
    /** The default: a call that would spend the last attempt is refused before anything is sent. */
    REFUSE,
    /** The caller knowingly allows this one call to spend the last attempt. */
    ALLOW
}
