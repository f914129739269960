package io.github.mynacard.jca;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.callback.CallbackHandler;

/**
 * A TLS key manager for client authentication with the card's user-authentication key
 * (利用者証明用電子証明書), and nothing else: the signing key and its password are never touched.
 * Use it in an {@link javax.net.ssl.SSLContext}, or let {@link MynaCardTls#clientContext} build one.
 *
 * <ul>
 *   <li>Its one alias, {@value MynaCardProvider#ALIAS_AUTHENTICATION}, is offered for RSA, and only
 *       when the server names no certificate authorities or names the card's (matched by name: all
 *       generations of a JPKI root share one).</li>
 *   <li>The chain is the authentication certificate and the card's authentication CA certificate,
 *       read from the card without a PIN.</li>
 *   <li>The private key is a {@link MynaCardPrivateKey} handle; the JDK's TLS signs with it through
 *       this library's provider ({@link MynaCardProvider#installForSignatures()}, done by the
 *       constructor), and the user-authentication PIN is asked through the callback handler for that
 *       signature, once per handshake.</li>
 *   <li>The card signs RSA PKCS#1 v1.5 only. TLS 1.2 uses {@code rsa_pkcs1_sha256} with it; TLS 1.3
 *       allows only RSA-PSS for the client's CertificateVerify, so on a TLS 1.3 connection the key
 *       manager refuses with an {@link IllegalStateException} that says so (JSSE reports it as the
 *       cause of the handshake failure) instead of the JDK's generic "no supported CertificateVerify
 *       signature algorithm".</li>
 * </ul>
 */
public final class MynaCardKeyManager extends X509ExtendedKeyManager {

    /** Why TLS 1.3 cannot use the card, as the exceptions say it. */
    public static final String NO_TLS13 = "TLS 1.3 requires an RSA-PSS signature for the client's CertificateVerify, and the "
            + "My Number Card signs with RSA PKCS#1 v1.5 only: use TLS 1.2 with the card (MynaCardTls.clientContext does)";

    private final CardKeyContext context;

    /**
     * @param card the card session (kept open by the caller for the life of the connections)
     * @param userPin asks for the user-authentication PIN with a
     *     {@link javax.security.auth.callback.PasswordCallback}, once per signature (handshake)
     */
    public MynaCardKeyManager(MynaCard card, CallbackHandler userPin) {
        this(card, userPin, LastAttempt.REFUSE);
    }

    /**
     * @param card the card session (kept open by the caller for the life of the connections)
     * @param userPin asks for the user-authentication PIN, once per signature (handshake)
     * @param lastAttempt whether a handshake may spend the PIN's last attempt ({@link LastAttempt#REFUSE}
     *     makes it fail with a {@link io.github.mynacard.LastAttemptException} in the cause chain instead)
     */
    public MynaCardKeyManager(MynaCard card, CallbackHandler userPin, LastAttempt lastAttempt) {
        Objects.requireNonNull(card, "card");
        this.context = new CardKeyContext(() -> card, new KeyStore.CallbackHandlerProtection(
                Objects.requireNonNull(userPin, "userPin")), null, lastAttempt);
        MynaCardProvider.installForSignatures();
    }

    private boolean offers(String keyType, Principal[] issuers) {
        if (!"RSA".equals(keyType)) {
            return false;
        }
        if (issuers == null || issuers.length == 0) {
            return true;
        }
        X509Certificate ca = read(JpkiCertificate.AUTHENTICATION_CA);
        X509Certificate ee = read(JpkiCertificate.AUTHENTICATION);
        for (Principal p : issuers) {
            if ((ca != null && ca.getSubjectX500Principal().equals(p)) || (ee != null && ee.getIssuerX500Principal().equals(p))) {
                return true;
            }
        }
        return false;
    }

    private String choose(String[] keyTypes, Principal[] issuers, SSLSession handshake) {
        if (handshake != null && "TLSv1.3".equals(handshake.getProtocol())) {
            throw new IllegalStateException(NO_TLS13);
        }
        if (keyTypes == null) {
            return null;
        }
        for (String t : keyTypes) {
            if (offers(t, issuers)) {
                return MynaCardProvider.ALIAS_AUTHENTICATION;
            }
        }
        return null;
    }

    /** @return the authentication alias when it fits the key type and issuers, else null */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return offers(keyType, issuers) ? new String[] {MynaCardProvider.ALIAS_AUTHENTICATION} : null;
    }

    /**
     * @throws IllegalStateException on a TLS 1.3 connection ({@link #NO_TLS13})
     */
    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        SSLSession s = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        return choose(keyType, issuers, s);
    }

    /**
     * @throws IllegalStateException on a TLS 1.3 connection ({@link #NO_TLS13})
     */
    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, issuers, engine == null ? null : engine.getHandshakeSession());
    }

    /** @return null: the card is no server */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** @return null: the card is no server */
    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** @return null: the card is no server */
    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** @return the authentication certificate and the card's authentication CA certificate, for the one alias */
    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (!MynaCardProvider.ALIAS_AUTHENTICATION.equals(alias)) {
            return null;
        }
        X509Certificate ee = read(JpkiCertificate.AUTHENTICATION);
        X509Certificate ca = read(JpkiCertificate.AUTHENTICATION_CA);
        if (ee == null) {
            return null;
        }
        return ca == null ? new X509Certificate[] {ee} : new X509Certificate[] {ee, ca};
    }

    /** @return the authentication key's handle, for the one alias */
    @Override
    public PrivateKey getPrivateKey(String alias) {
        return MynaCardProvider.ALIAS_AUTHENTICATION.equals(alias) ? new MynaCardPrivateKey(JpkiKey.AUTHENTICATION, context) : null;
    }

    private X509Certificate read(JpkiCertificate which) {
        try {
            return context.certificate(which);
        } catch (Exception e) {
            throw new java.security.ProviderException("the card's " + which + " certificate could not be read: "
                    + e.getMessage(), e);
        }
    }

    /** @return a description without card data */
    @Override
    public String toString() {
        return "MynaCardKeyManager[authentication]";
    }
}
