package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.jca.MynaCardKeyManager;
import io.github.mynacard.jca.MynaCardTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS client authentication with the card's user-authentication key, against an independent
 * server ({@code openssl s_server -Verify 2}) that requires a client certificate from the card's
 * authentication CA, on loopback.
 */
class TlsClientAuthTest {

    @TempDir
    Path dir;

    private MynaCardEmulator emulator;
    private MynaCard card;
    /** The prompts the PIN callback was shown. */
    private final List<String> prompts = new ArrayList<>();

    @BeforeEach
    void open() {
        emulator = MynaCardEmulator.createDefault();
        card = MynaCard.open(emulator);
    }

    @AfterEach
    void close() throws Exception {
        card.close();
    }

    private CallbackHandler answering(String pin) {
        return callbacks -> {
            for (Callback c : callbacks) {
                if (!(c instanceof PasswordCallback pc)) {
                    throw new UnsupportedCallbackException(c);
                }
                prompts.add(pc.getPrompt());
                pc.setPassword(pin.toCharArray());
            }
        };
    }

    private X509Certificate authCa() throws Exception {
        return card.readCertificate(JpkiCertificate.AUTHENTICATION_CA);
    }

    private static String get(SSLContext tls, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aTls12HandshakeWithTheAuthenticationKeyAsksTheUserPinOnceAndNeverTheSigningPassword() throws Exception {
        X509Certificate auth = card.readCertificate(JpkiCertificate.AUTHENTICATION);
        try (OpenSslServer server = OpenSslServer.start(dir, authCa(), "-tls1_2")) {
            SSLContext tls = MynaCardTls.clientContext(card, answering(MynaCardEmulator.DEFAULT_USER_PIN), server.trust());
            String page = get(tls, server.port());
            assertTrue(page.startsWith("HTTP/1.0 200"), page);
            assertTrue(page.contains("Protocol  : TLSv1.2"), page);
            assertTrue(page.contains("Verify return code: 0 (ok)"), page);
            // rsa_pkcs1_sha256: openssl names it "RSA" (PSS would be "RSA-PSS")
            assertTrue(page.contains("Peer signature type: RSA\n"), page);
            assertTrue(page.contains("Peer signing digest: SHA256"), page);
            String cn = auth.getSubjectX500Principal().getName().replaceAll(".*CN=([^,]+).*", "$1");
            assertTrue(server.log().contains("depth=0 C = JP, CN = " + cn), server.log());
        }
        assertEquals(List.of(PinKind.USER_AUTH.japaneseName() + " (" + PinKind.USER_AUTH.englishName() + ")"),
                prompts);
        assertEquals(3, emulator.remainingAttempts(PinKind.USER_AUTH));
        assertEquals(5, emulator.remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void eachHandshakeAsksOnce() throws Exception {
        try (OpenSslServer server = OpenSslServer.start(dir, authCa(), "-tls1_2")) {
            SSLContext tls = MynaCardTls.clientContext(card, answering(MynaCardEmulator.DEFAULT_USER_PIN), server.trust());
            get(tls, server.port());
            tls.getClientSessionContext().setSessionCacheSize(1);
            SSLContext fresh = MynaCardTls.clientContext(card, answering(MynaCardEmulator.DEFAULT_USER_PIN), server.trust());
            get(fresh, server.port());
        }
        assertEquals(2, prompts.size(), prompts.toString());
    }

    @Test
    void aWrongPinDuringTheHandshakeSpendsExactlyOneAttemptAndSurfacesTyped() throws Exception {
        try (OpenSslServer server = OpenSslServer.start(dir, authCa(), "-tls1_2")) {
            SSLContext tls = MynaCardTls.clientContext(card, answering("0000"), server.trust());
            IOException e = assertThrows(IOException.class, () -> get(tls, server.port()));
            WrongPinException wrong = causeOf(e, WrongPinException.class);
            assertNotNull(wrong, () -> "no WrongPinException in the cause chain of " + chain(e));
            assertEquals(2, wrong.attemptsRemaining());
            assertFalse(chain(e).contains("0000"), chain(e));
        }
        assertEquals(1, prompts.size());
        assertEquals(2, emulator.remainingAttempts(PinKind.USER_AUTH));
        assertEquals(5, emulator.remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void aTls13ServerGetsAClearRefusalBeforeAnyPinIsAsked() throws Exception {
        try (OpenSslServer server = OpenSslServer.start(dir, authCa(), "-tls1_3")) {
            // a context that allows TLS 1.3, as SSLContext "TLS" does by default
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new KeyManager[] {new MynaCardKeyManager(card, answering(MynaCardEmulator.DEFAULT_USER_PIN))},
                    server.trust(), new SecureRandom());
            IOException e = assertThrows(IOException.class, () -> get(tls, server.port()));
            assertTrue(chain(e).contains(MynaCardKeyManager.NO_TLS13), chain(e));
        }
        assertEquals(List.of(), prompts);
        assertEquals(3, emulator.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void aServerThatNamesOtherAuthoritiesIsOfferedNoCertificate() throws Exception {
        MynaCardKeyManager km = new MynaCardKeyManager(card, answering(MynaCardEmulator.DEFAULT_USER_PIN));
        javax.security.auth.x500.X500Principal other = new javax.security.auth.x500.X500Principal("CN=Some Other CA, O=Elsewhere");
        assertEquals(null, km.getClientAliases("RSA", new java.security.Principal[] {other}));
        assertEquals(null, km.getClientAliases("EC", null));
        assertEquals("authentication", km.getClientAliases("RSA", new java.security.Principal[] {authCa().getSubjectX500Principal()})[0]);
        assertEquals(2, km.getCertificateChain("authentication").length);
        assertEquals(null, km.getCertificateChain("signing"));
        assertEquals(null, km.getPrivateKey("signing"));
        assertEquals(List.of(), prompts);
    }

    private static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append(" <- ");
        }
        return b.toString();
    }
}
