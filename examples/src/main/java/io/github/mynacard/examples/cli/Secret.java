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
     * The longest entry taken as a PIN: four times the longest PIN (the signing password, 16
     * characters), so that a slip (a space, a pasted line) still gets the precise message about the
     * PIN's format, while a file or an endless stream given instead of a PIN is refused after this
     * many characters, without being read further.
     */
    static final int MAX_CHARS = 64;

    /**
     * Reads one line into a char array, wiping every buffer on the way (no String is made of it).
     * The line ends at a line feed, which is not returned, nor a carriage return before it. At most
     * {@link #MAX_CHARS} characters and the line's end are read: a longer line comes back as its
     * first {@code MAX_CHARS + 1} characters (which {@link #of} refuses), and the rest is left unread.
     *
     * @param in where the line comes from
     * @return the line, or null at end of input before any character
     * @throws IOException when reading fails
     */
    static char[] readLine(Reader in) throws IOException {
        char[] buf = new char[MAX_CHARS + 1];
        int n = 0;
        try {
            int c = -1;
            boolean any = false;
            while (n < buf.length && (c = in.read()) != -1) {
                any = true;
                if (c == '\n') {
                    break;
                }
                buf[n++] = (char) c;
            }
            if (!any) {
                return null;
            }
            if (n == buf.length && buf[n - 1] == '\r' && in.read() == '\n') {
                n--; // exactly MAX_CHARS, then CR LF
            } else if (n > 0 && n < buf.length && buf[n - 1] == '\r') {
                n--;
            }
            return Arrays.copyOf(buf, n);
        } finally {
            Arrays.fill(buf, '\0');
        }
    }

    /**
     * Takes an entry as a PIN, or refuses it when it is longer than any PIN could be.
     *
     * @param chars what was read; owned from now on (wiped when refused)
     * @param what the PIN and where it came from, for the message (never the characters)
     * @return the secret
     * @throws CliException (bad input) when it has more than {@link #MAX_CHARS} characters
     */
    static Secret of(char[] chars, String what) throws CliException {
        if (chars.length > MAX_CHARS) {
            Arrays.fill(chars, '\0');
            throw tooLong(what);
        }
        return new Secret(chars);
    }

    /**
     * Takes an environment variable's value as a PIN, or refuses it, before any copy is made, when
     * it is longer than any PIN could be.
     *
     * @param value the value
     * @param what the PIN and where it came from, for the message (never the characters)
     * @return the secret
     * @throws CliException (bad input) when it has more than {@link #MAX_CHARS} characters
     */
    static Secret of(String value, String what) throws CliException {
        if (value.length() > MAX_CHARS) {
            throw tooLong(what);
        }
        return new Secret(value.toCharArray());
    }

    private static CliException tooLong(String what) {
        return CliException.badInput("the " + what + " is longer than " + MAX_CHARS + " characters and was refused "
                + "(no PIN has more than 16); nothing was sent to the card");
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
