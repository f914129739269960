package io.github.mynacard;

/**
 * A PIN's retry counter as the card reports it to an empty VERIFY, which spends no attempt.
 *
 * @param kind the PIN
 * @param remaining attempts left, 0 when blocked
 * @param maxAttempts the attempts a fresh or reset PIN has (5 for the signing password, 3 for the others)
 */
public record PinStatus(PinKind kind, int remaining, int maxAttempts) {

    /**
     * @param kind the PIN
     * @param remaining attempts left
     * @param maxAttempts attempts of a fresh PIN
     * @throws IllegalArgumentException when the counts are out of range
     */
    public PinStatus {
        if (kind == null || remaining < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("bad PIN status");
        }
    }

    /** @return whether the PIN is blocked (no attempt left) */
    public boolean blocked() {
        return remaining == 0;
    }

    /** @return whether the next wrong attempt blocks the PIN */
    public boolean lastAttempt() {
        return remaining == 1;
    }
}
