package io.github.mynacard.signing;

import java.security.GeneralSecurityException;

/**
 * A signature could not be made. When the card refused (wrong PIN, blocked PIN, …) the cause chain
 * holds the {@link java.security.SignatureException} of the JCA provider, whose cause is the typed
 * card exception; {@link #cardCause()} finds it.
 */
public class SigningException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message a message for people (never a PIN)
     * @param cause the underlying failure
     */
    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @return the first {@link io.github.mynacard.MynaCardException} in the cause chain, or null
     *     when the failure did not come from the card
     */
    public io.github.mynacard.MynaCardException cardCause() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof io.github.mynacard.MynaCardException) {
                return (io.github.mynacard.MynaCardException) t;
            }
        }
        return null;
    }
}
