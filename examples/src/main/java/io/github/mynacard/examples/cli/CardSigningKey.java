package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.jca.MynaCardLoadStoreParameter;
import io.github.mynacard.jca.MynaCardProvider;
import io.github.mynacard.signing.SigningException;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The card's signing key as a JCA key of the {@link MynaCardProvider}, for the signing module's
 * CMS and PDF signers, with the signing certificate and the signing CA certificate.
 *
 * <p>The signing password is read once, through the command's PIN options and lockout guard, and
 * checked by reading the signing certificate (which also restores a partly spent counter). The
 * provider then gets it through a callback for its signature, so the password is typed once though
 * the card sees it twice. Closing wipes it.
 */
final class CardSigningKey implements AutoCloseable {

    private final PinOptions.GuardedPin pin;
    private final MynaCardProvider provider;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final X509Certificate caCertificate;

    private CardSigningKey(PinOptions.GuardedPin pin, MynaCardProvider provider, PrivateKey key, X509Certificate certificate,
            X509Certificate caCertificate) {
        this.pin = pin;
        this.provider = provider;
        this.key = key;
        this.certificate = certificate;
        this.caCertificate = caCertificate;
    }

    /**
     * Checks the signing password by reading the signing certificate, then opens the key.
     *
     * @param s the card
     * @param pin the signing password read by the command (owned from now on: wiped on close or failure)
     * @return the key
     * @throws Exception when the password is wrong or blocked, or the card refuses
     */
    static CardSigningKey open(CardSession s, PinOptions.GuardedPin pin) throws Exception {
        boolean opened = false;
        try {
            X509Certificate cert = s.card().readSigningCertificate(pin.chars(), pin.lastAttempt());
            X509Certificate ca = s.card().readCertificate(JpkiCertificate.SIGNING_CA);
            MynaCardProvider provider = new MynaCardProvider(s.card());
            KeyStore ks = KeyStore.getInstance(MynaCardProvider.KEYSTORE_TYPE, provider);
            ks.load(new MynaCardLoadStoreParameter(null, new KeyStore.CallbackHandlerProtection(callbacks -> {
                for (Callback c : callbacks) {
                    if (!(c instanceof PasswordCallback p)) {
                        throw new UnsupportedCallbackException(c);
                    }
                    p.setPassword(pin.chars()); // PasswordCallback keeps a copy, which the provider clears
                }
            })));
            PrivateKey key = (PrivateKey) ks.getKey(MynaCardProvider.ALIAS_SIGNING, null);
            CardSigningKey k = new CardSigningKey(pin, provider, key, cert, ca);
            opened = true;
            return k;
        } finally {
            if (!opened) {
                pin.close();
            }
        }
    }

    /** @return the JCA provider of the key */
    MynaCardProvider provider() {
        return provider;
    }

    /** @return the key handle */
    PrivateKey key() {
        return key;
    }

    /** @return the signing certificate (署名用電子証明書) */
    X509Certificate certificate() {
        return certificate;
    }

    /** @return the signing CA certificate (署名用CA証明書) */
    X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A signature made with the key. */
    interface Action<T> {
        /**
         * @return the result
         * @throws IOException when a file cannot be read or written
         * @throws SigningException when the signature cannot be made
         */
        T run() throws IOException, SigningException;
    }

    /**
     * Makes a signature, turning the signing module's failures into the command line's: the card's
     * own refusal (found in the cause chain) keeps its exit code.
     *
     * @param what what is signed, for messages
     * @param action the signature
     * @param <T> the result type
     * @return the result
     * @throws Exception the card's refusal, or a {@link CliException}
     */
    static <T> T sign(String what, Action<T> action) throws Exception {
        try {
            return action.run();
        } catch (SigningException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MynaCardException || t instanceof CardTransportException) {
                    throw (Exception) t;
                }
            }
            throw new CliException(ExitCodes.UNEXPECTED, "the signature of " + what + " could not be made: " + e.getMessage(), e);
        } catch (IOException e) {
            throw CliException.badInput("cannot sign " + what + ": " + e.getMessage());
        }
    }

    /** Wipes the signing password. */
    @Override
    public void close() {
        pin.close();
    }

    /** @return a description without the password or personal data */
    @Override
    public String toString() {
        return "CardSigningKey[signing]";
    }
}
