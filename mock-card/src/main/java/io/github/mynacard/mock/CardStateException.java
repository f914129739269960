package io.github.mynacard.mock;

import java.io.IOException;

/**
 * A saved emulator state file could not be used: it is truncated, corrupted (its checksum does not
 * match), of another format or version, or incomplete. The message says what is wrong; it never
 * quotes a PIN or personal data.
 */
public class CardStateException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the file; never a PIN or personal data
     */
    public CardStateException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the file; never a PIN or personal data
     * @param cause the underlying failure
     */
    public CardStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
