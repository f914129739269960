package io.github.mynacard.jca;

import io.github.mynacard.MynaCard;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.security.auth.callback.CallbackHandler;

/**
 * TLS client authentication with the card's user-authentication key.
 *
 * <pre>{@code
 * SSLContext tls = MynaCardTls.clientContext(card, callbacks, null);   // the JDK's trust store for the server
 * HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
 * }</pre>
 */
public final class MynaCardTls {

    private MynaCardTls() {
    }

    /**
     * A TLS 1.2 client context whose client certificate is the card's authentication certificate
     * ({@link MynaCardKeyManager}). TLS 1.2, because the card cannot make the RSA-PSS signature TLS
     * 1.3 requires of a client.
     *
     * @param card the card session, open for as long as connections are made
     * @param userPin asks for the user-authentication PIN, once per handshake
     * @param trust how to check the server's certificate; null for the JDK's default trust store
     * @return the context
     * @throws GeneralSecurityException when the JDK offers no TLS 1.2
     */
    public static SSLContext clientContext(MynaCard card, CallbackHandler userPin, TrustManager[] trust)
            throws GeneralSecurityException {
        return clientContext(new MynaCardKeyManager(card, userPin), trust);
    }

    /**
     * @param keyManager the card's key manager (e.g. made with a {@link io.github.mynacard.LastAttempt} decision)
     * @param trust how to check the server's certificate; null for the JDK's default trust store
     * @return a TLS 1.2 client context with that key manager
     * @throws GeneralSecurityException when the JDK offers no TLS 1.2
     */
    public static SSLContext clientContext(MynaCardKeyManager keyManager, TrustManager[] trust)
            throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLSv1.2");
        tls.init(new KeyManager[] {java.util.Objects.requireNonNull(keyManager, "keyManager")}, trust, new SecureRandom());
        return tls;
    }
}
