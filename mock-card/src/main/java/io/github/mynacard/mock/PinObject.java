package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import io.github.mynacard.apdu.StatusWords;
import java.util.Arrays;

/**
 * One PIN of the card, kept like a Java Card {@code OwnerPIN}: its value and its try counter, with
 * the limit of {@link EmulatedPins}. The verified state is not here: it belongs to a session
 * ({@link Session}).
 *
 * <p>{@link #check}: a blocked PIN refuses even the right value ({@code 6984}); otherwise the
 * attempt is spent and made durable <em>before</em> the value is looked at, so that no cut of the
 * power can save it; the right value restores the counter (durably too). The comparison runs over
 * the bytes in constant time: a value of the wrong length (a malformed PIN or number) is a wrong
 * value and costs its attempt, as the card compares bytes.
 *
 * <p>Every change is made durable through the {@link Durability} the caller passes; when that
 * fails ({@code 6581}), a spent attempt stays spent, a restore is undone, and a new value is not
 * taken.
 */
final class PinObject {

    /** Makes the card's memory durable; throws a {@link Refusal} ({@code 6581}) when it cannot. */
    @FunctionalInterface
    interface Durability {
        void persist();
    }

    final PinKind kind;
    private byte[] value;
    private int remaining;

    PinObject(PinKind kind, byte[] value, int remaining) {
        this.kind = kind;
        this.value = value.clone();
        this.remaining = remaining;
    }

    /** @return the attempts left */
    int remaining() {
        return remaining;
    }

    /** @return the value (the object's own array; callers copy it) */
    byte[] value() {
        return value;
    }

    /** @return the attempt limit, from the card's own table */
    int limit() {
        return EmulatedPins.maxAttempts(kind);
    }

    /**
     * Checks a value, spending the attempt first.
     *
     * @param offered the value sent; not kept
     * @param durability makes each counter change durable before it counts
     * @return whether the value was right (the counter is full again); false: one attempt is spent
     * @throws Refusal {@code 6984} when blocked (nothing spent), {@code 6581} when a save failed
     */
    boolean check(byte[] offered, Durability durability) {
        Refusal.check(remaining > 0, StatusWords.REFERENCE_DATA_BLOCKED);
        remaining--;
        durability.persist();
        if (!constantTimeEquals(offered, value)) {
            return false;
        }
        int spent = remaining;
        remaining = limit();
        try {
            durability.persist();
        } catch (Refusal r) {
            remaining = spent;
            throw r;
        }
        return true;
    }

    /**
     * Sets a new value and a full counter, durably; on a failed save nothing changes.
     *
     * @param newValue the new value (copied)
     * @param durability makes the change durable
     * @throws Refusal {@code 6581} when the save failed
     */
    void update(byte[] newValue, Durability durability) {
        byte[] oldValue = value;
        int oldRemaining = remaining;
        value = newValue.clone();
        remaining = limit();
        try {
            durability.persist();
        } catch (Refusal r) {
            Arrays.fill(value, (byte) 0);
            value = oldValue;
            remaining = oldRemaining;
            throw r;
        }
        Arrays.fill(oldValue, (byte) 0);
    }

    /** Takes the value and counter another session wrote to the card's state file. */
    void adopt(byte[] newValue, int newRemaining) {
        Arrays.fill(value, (byte) 0);
        value = newValue.clone();
        remaining = newRemaining;
    }

    static boolean constantTimeEquals(byte[] a, byte[] b) {
        int diff = a.length ^ b.length;
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            diff |= x ^ y;
        }
        return diff == 0;
    }

    @Override
    public String toString() {
        return "PinObject[" + kind + ", " + remaining + " left]";
    }
}
