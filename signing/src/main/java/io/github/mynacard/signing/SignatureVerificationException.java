package io.github.mynacard.signing;

import java.security.GeneralSecurityException;

/** A signature did not verify, or its container (CMS, PDF byte range) is not acceptable. */
public class SignatureVerificationException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    /** @param message why the signature was rejected */
    public SignatureVerificationException(String message) {
        super(message);
    }

    /**
     * @param message why the signature was rejected
     * @param cause the underlying failure
     */
    public SignatureVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
