package io.github.mynacard.examples.cli;

import java.io.IOException;
import java.io.Reader;
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

    /**
     * Reads one line into a char array, wiping every buffer on the way (no String is made of it).
     * The line ends at a line feed, which is not returned, nor a carriage return before it.
     *
     * @param in where the line comes from
     * @return the line, or null at end of input before any character
     * @throws IOException when reading fails
     */
    static char[] readLine(Reader in) throws IOException {
        char[] buf = new char[32];
        int n = 0;
        try {
            int c;
            boolean any = false;
            while ((c = in.read()) != -1) {
                any = true;
                if (c == '\n') {
                    break;
                }
                if (n == buf.length) {
                    char[] bigger = Arrays.copyOf(buf, n * 2);
                    Arrays.fill(buf, '\0');
                    buf = bigger;
                }
                buf[n++] = (char) c;
            }
            if (!any) {
                return null;
            }
            if (n > 0 && buf[n - 1] == '\r') {
                n--;
            }
            return Arrays.copyOf(buf, n);
        } finally {
            Arrays.fill(buf, '\0');
        }
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
