package io.github.mynacard.jca;

import io.github.mynacard.JpkiKey;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * A handle to one of the card's two RSA-2048 private keys. It holds no key material and no PIN:
 * only which key it names and the key store it came from (which knows how to ask for the PIN).
 * {@link #getEncoded()} and {@link #getFormat()} return {@code null}, as for any key that cannot
 * leave its token. Use it with the {@code Signature} algorithms of {@link MynaCardProvider}.
 *
 * <p>Like the key handles of hardware-token providers, it exposes the public modulus
 * ({@link RSAKey#getModulus()}, from the key's certificate), so that code that sizes a key before
 * it signs (the JDK's TLS among it) can use it. For the signing key, reading the certificate asks
 * for the signing password; for the authentication key it asks for nothing.
 *
 * <p>Handles cannot be serialized.
 */
public final class MynaCardPrivateKey implements PrivateKey, RSAKey {

    private static final long serialVersionUID = 1L;

    /** Which key the handle names. */
    private final JpkiKey key;
    private final transient CardKeyContext context;

    MynaCardPrivateKey(JpkiKey key, CardKeyContext context) {
        this.key = Objects.requireNonNull(key, "key");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** @return which of the card's keys this handle names */
    public JpkiKey jpkiKey() {
        return key;
    }

    CardKeyContext context() {
        return context;
    }

    /**
     * The modulus of the key, from its certificate (read once and remembered by the key store).
     *
     * @return the modulus
     * @throws java.security.ProviderException when the certificate cannot be read
     */
    @Override
    public BigInteger getModulus() {
        try {
            X509Certificate cert = context.certificate(key.certificate());
            if (cert == null) {
                throw new ProviderException("the card holds no certificate for the " + key + " key");
            }
            return ((RSAPublicKey) cert.getPublicKey()).getModulus();
        } catch (ProviderException e) {
            throw e;
        } catch (Exception e) {
            throw new ProviderException("the certificate of the " + key + " key could not be read: " + e.getMessage(), e);
        }
    }

    /** @return {@code "RSA"} */
    @Override
    public String getAlgorithm() {
        return "RSA";
    }

    /** @return {@code null}: the key never leaves the card */
    @Override
    public String getFormat() {
        return null;
    }

    /** @return {@code null}: the key never leaves the card */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    /**
     * Refuses serialization: a handle is tied to a live card session.
     *
     * @param out unused
     * @throws NotSerializableException always
     */
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("a card key handle cannot be serialized");
    }

    /**
     * Refuses deserialization.
     *
     * @param in unused
     * @throws NotSerializableException always
     */
    private void readObject(ObjectInputStream in) throws NotSerializableException {
        throw new NotSerializableException("a card key handle cannot be serialized");
    }

    /** @return the key's name, without any card data */
    @Override
    public String toString() {
        return "MynaCardPrivateKey[" + key + "]";
    }
}
