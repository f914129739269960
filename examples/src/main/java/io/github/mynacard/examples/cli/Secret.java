package io.github.mynacard.examples.cli;

import java.util.Arrays;

/**
 * A PIN read for one operation; closing it wipes the characters. Its {@code toString()} never
 * shows them.
 */
public final class Secret implements AutoCloseable {

    private final char[] chars;

    /** @param chars the PIN; owned (and wiped) by this object from now on */
    Secret(char[] chars) {
        this.chars = chars;
    }

    /** @return the PIN's characters (not a copy) */
    public char[] chars() {
        return chars;
    }

    /**
     * @param other another secret
     * @return whether both hold the same characters, compared in constant time
     */
    boolean sameAs(Secret other) {
        if (chars.length != other.chars.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < chars.length; i++) {
            diff |= chars[i] ^ other.chars[i];
        }
        return diff == 0;
    }

    /** Overwrites the characters with zeros. */
    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    /** @return a placeholder, never the PIN */
    @Override
    public String toString() {
        return "Secret[****]";
    }
}
