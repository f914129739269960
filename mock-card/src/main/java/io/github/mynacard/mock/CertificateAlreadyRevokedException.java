package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;

/**
 * Thrown by {@link MynaCardEmulator#revoke} when the card's current certificate for that key is
 * already revoked: a certificate is revoked once, at one time for one reason. Nothing was changed.
 */
public final class CertificateAlreadyRevokedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Which of the card's certificates it was. */
    private final JpkiKey key;

    /**
     * @param key the certificate's key
     * @param earlier the revocation the certificate already has
     */
    CertificateAlreadyRevokedException(JpkiKey key, JpkiBackOffice.Revocation earlier) {
        super("the card's " + (key == JpkiKey.SIGNING ? "signing" : "authentication") + " certificate is already revoked ("
                + earlier.reason().label() + ", " + earlier.time() + "); reissue it to get a new one");
        this.key = key;
    }

    /** @return which of the card's certificates was already revoked */
    public JpkiKey key() {
        return key;
    }
}
