package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.jca.MynaCardLoadStoreParameter;
import io.github.mynacard.jca.MynaCardPrivateKey;
import io.github.mynacard.jca.MynaCardProvider;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MynaCard JCA provider against the emulator, used only through the standard JCA API. */
class JcaProviderTest {

    private static final byte[] DATA = "請求書 2026-11 / invoice".getBytes(StandardCharsets.UTF_8);

    private MynaCardEmulator emulator;
    private MynaCard card;
    private MynaCardProvider provider;
    /** The prompts the handler was shown, one per PIN request. */
    private final List<String> prompts = new ArrayList<>();

    /** Answers each PasswordCallback with the PIN its prompt names. */
    private final CallbackHandler handler = callbacks -> {
        for (Callback c : callbacks) {
            if (!(c instanceof PasswordCallback)) {
                throw new UnsupportedCallbackException(c);
            }
            PasswordCallback pc = (PasswordCallback) c;
            prompts.add(pc.getPrompt());
            String pin = pc.getPrompt().contains("signing password") ? MynaCardEmulator.DEFAULT_SIGNING_PIN
                    : MynaCardEmulator.DEFAULT_USER_PIN;
            pc.setPassword(pin.toCharArray());
        }
    };

    @BeforeEach
    void open() {
        emulator = MynaCardEmulator.createDefault();
        card = MynaCard.open(emulator);
        provider = new MynaCardProvider(card);
    }

    @AfterEach
    void close() throws Exception {
        card.close();
    }

    private KeyStore loadedKeyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(new MynaCardLoadStoreParameter(new KeyStore.CallbackHandlerProtection(handler)));
        return ks;
    }

    @ParameterizedTest(name = "{0} with the {1} key, verified by the JDK")
    @CsvSource({
        "SHA256withRSA, signing", "SHA384withRSA, signing", "SHA512withRSA, signing",
        "SHA256withRSA, authentication", "SHA384withRSA, authentication", "SHA512withRSA, authentication"})
    void signatureMadeThroughJcaVerifiesWithTheJdk(String algorithm, String alias) throws Exception {
        KeyStore ks = loadedKeyStore();
        Signature s = Signature.getInstance(algorithm, provider);
        s.initSign((PrivateKey) ks.getKey(alias, null));
        s.update(DATA);
        byte[] signature = s.sign();
        assertEquals(256, signature.length);

        Signature v = Signature.getInstance(algorithm);
        v.initVerify(ks.getCertificate(alias).getPublicKey());
        v.update(DATA);
        assertTrue(v.verify(signature));
        assertNotEquals(provider.getName(), v.getProvider().getName());
    }

    @ParameterizedTest(name = "NONEwithRSA over a DigestInfo with the {0} key")
    @CsvSource({"signing", "authentication"})
    void noneWithRsaSignsTheBlockAsGiven(String alias) throws Exception {
        KeyStore ks = loadedKeyStore();
        byte[] digestInfo = DigestAlgorithm.SHA256.digestInfo(MessageDigest.getInstance("SHA-256").digest(DATA));
        Signature s = Signature.getInstance("NONEwithRSA", provider);
        s.initSign((PrivateKey) ks.getKey(alias, null));
        s.update(digestInfo);
        byte[] signature = s.sign();

        Signature raw = Signature.getInstance("NONEwithRSA");
        raw.initVerify(ks.getCertificate(alias).getPublicKey());
        raw.update(digestInfo);
        assertTrue(raw.verify(signature));
        // and it is exactly a SHA256withRSA signature of the data
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(ks.getCertificate(alias).getPublicKey());
        v.update(DATA);
        assertTrue(v.verify(signature));
    }

    @Test
    void noneWithRsaRefusesMoreThan245Bytes() throws Exception {
        KeyStore ks = loadedKeyStore();
        Signature s = Signature.getInstance("NONEwithRSA", provider);
        s.initSign((PrivateKey) ks.getKey("signing", null));
        assertThrows(SignatureException.class, () -> s.update(new byte[246]));
        assertTrue(prompts.isEmpty(), "no PIN asked for");
    }

    @Test
    void theSigningPasswordIsAskedForEverySignature() throws Exception {
        KeyStore ks = loadedKeyStore();
        PrivateKey key = (PrivateKey) ks.getKey("signing", null);
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        for (int i = 0; i < 3; i++) {
            s.initSign(key);
            s.update(DATA);
            s.sign();
        }
        assertEquals(3, prompts.size());
        for (String p : prompts) {
            assertEquals("署名用電子証明書 暗証番号 (signing password)", p);
        }
    }

    @Test
    void theSigningCertificateAfterASignatureNeedsNoFurtherPrompt() throws Exception {
        KeyStore ks = loadedKeyStore();
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("signing", null));
        s.update(DATA);
        s.sign();
        assertEquals(1, prompts.size());
        assertEquals(emulator.certificate(JpkiCertificate.SIGNING), ks.getCertificate("signing"));
        assertEquals(1, prompts.size(), "the certificate was read while the password was still verified");
    }

    @Test
    void theSigningCertificateAloneAsksForThePasswordOnceAndIsRemembered() throws Exception {
        KeyStore ks = loadedKeyStore();
        assertEquals(emulator.certificate(JpkiCertificate.SIGNING), ks.getCertificate("signing"));
        assertEquals(emulator.certificate(JpkiCertificate.SIGNING), ks.getCertificate("signing"));
        assertEquals(1, prompts.size());
    }

    @Test
    void theAuthenticationCertificateNeedsNoPin() throws Exception {
        KeyStore ks = loadedKeyStore();
        assertEquals(emulator.certificate(JpkiCertificate.AUTHENTICATION), ks.getCertificate("authentication"));
        assertTrue(prompts.isEmpty());
    }

    @Test
    void keyStoreListsTwoKeyEntriesWithTheirChains() throws Exception {
        KeyStore ks = loadedKeyStore();
        assertEquals(List.of("authentication", "signing"), Collections.list(ks.aliases()));
        assertEquals(2, ks.size());
        assertTrue(ks.isKeyEntry("signing"));
        assertTrue(ks.isKeyEntry("authentication"));
        assertFalse(ks.isCertificateEntry("signing"));
        assertFalse(ks.containsAlias("other"));
        assertNull(ks.getKey("other", null));

        Certificate[] sign = ks.getCertificateChain("signing");
        assertEquals(2, sign.length);
        assertEquals(emulator.certificate(JpkiCertificate.SIGNING), sign[0]);
        assertEquals(emulator.signingRootCertificate(), sign[1]);
        Certificate[] auth = ks.getCertificateChain("authentication");
        assertEquals(emulator.certificate(JpkiCertificate.AUTHENTICATION), auth[0]);
        assertEquals(emulator.authenticationRootCertificate(), auth[1]);
        assertEquals("signing", ks.getCertificateAlias(sign[0]));

        KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) ks.getEntry("signing", null);
        assertEquals(sign[0], entry.getCertificate());
    }

    @Test
    void keyHandleHoldsNoKeyMaterial() throws Exception {
        KeyStore ks = loadedKeyStore();
        PrivateKey key = (PrivateKey) ks.getKey("signing", null);
        assertInstanceOf(MynaCardPrivateKey.class, key);
        assertEquals("RSA", key.getAlgorithm());
        assertNull(key.getEncoded());
        assertNull(key.getFormat());
        assertEquals(JpkiKey.SIGNING, ((MynaCardPrivateKey) key).jpkiKey());
        assertFalse(key.toString().contains(MynaCardEmulator.DEFAULT_SIGNING_PIN));
    }

    @Test
    void passwordProtectionPerKeyWorks() throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(new MynaCardLoadStoreParameter(
                new KeyStore.PasswordProtection(MynaCardEmulator.DEFAULT_USER_PIN.toCharArray()),
                new KeyStore.PasswordProtection(MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray())));
        for (String alias : List.of("signing", "authentication")) {
            Signature s = Signature.getInstance("SHA256withRSA", provider);
            s.initSign((PrivateKey) ks.getKey(alias, null));
            s.update(DATA);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(ks.getCertificate(alias).getPublicKey());
            v.update(DATA);
            assertTrue(v.verify(sig), alias);
        }
    }

    @Test
    void plainLoadWithAPasswordServesTheMatchingKey() throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(null, MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray());
        Signature s = Signature.getInstance("SHA384withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("signing", null));
        s.update(DATA);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA384withRSA");
        v.initVerify(ks.getCertificate("signing").getPublicKey());
        v.update(DATA);
        assertTrue(v.verify(sig));
    }

    @Test
    void wrongPinBecomesSignatureExceptionWithTheTypedCause() throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(new MynaCardLoadStoreParameter(null, new KeyStore.PasswordProtection("WRONG999".toCharArray())));
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("signing", null));
        s.update(DATA);
        SignatureException e = assertThrows(SignatureException.class, s::sign);
        WrongPinException cause = assertInstanceOf(WrongPinException.class, e.getCause());
        assertEquals(4, emulator.remainingAttempts(PinKind.SIGNING));
        assertFalse(e.getMessage().contains("WRONG999"));
        assertFalse(String.valueOf(cause.getMessage()).contains("WRONG999"));
    }

    @Test
    void withoutAPinSourceSigningFailsAndSendsNothing() throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(null);
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("signing", null));
        s.update(DATA);
        SignatureException e = assertThrows(SignatureException.class, s::sign);
        assertTrue(e.getMessage().contains("signing password"), e.getMessage());
        assertEquals(5, emulator.remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void cancelledCallbackFailsAndSendsNothing() throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(new MynaCardLoadStoreParameter(new KeyStore.CallbackHandlerProtection(cbs -> { })));
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("signing", null));
        s.update(DATA);
        assertThrows(SignatureException.class, s::sign);
        assertEquals(5, emulator.remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void aKeyFromAnotherProviderIsRefused() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        assertThrows(InvalidKeyException.class, () -> s.initSign(other.getPrivate()));
        assertThrows(InvalidKeyException.class, () -> s.initVerify(other.getPublic()));
    }

    @Test
    void anInstalledProviderAnswersOnlyForItsOwnKeys() throws Exception {
        KeyStore ks = loadedKeyStore();
        Security.insertProviderAt(provider, 1);
        try {
            KeyPair other = KeyPairGenerator.getInstance("RSA").generateKeyPair();
            Signature plain = Signature.getInstance("SHA256withRSA");
            plain.initSign(other.getPrivate());
            plain.update(DATA);
            byte[] sig = plain.sign();
            assertNotEquals("MynaCard", plain.getProvider().getName());
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(other.getPublic());
            v.update(DATA);
            assertTrue(v.verify(sig));
            assertNotEquals("MynaCard", v.getProvider().getName());

            Signature card = Signature.getInstance("SHA256withRSA");
            card.initSign((PrivateKey) ks.getKey("signing", null));
            assertEquals("MynaCard", card.getProvider().getName());
            card.update(DATA);
            byte[] cardSig = card.sign();
            PublicKey pub = ks.getCertificate("signing").getPublicKey();
            Signature cv = Signature.getInstance("SHA256withRSA");
            cv.initVerify(pub);
            cv.update(DATA);
            assertTrue(cv.verify(cardSig));
        } finally {
            Security.removeProvider(provider.getName());
        }
    }

    @Test
    void signingCertificateOfTheKeyStoreIsTheCardsOwn() throws Exception {
        KeyStore ks = loadedKeyStore();
        X509Certificate cert = (X509Certificate) ks.getCertificate("signing");
        assertArrayEquals(emulator.publicKey(JpkiKey.SIGNING).getEncoded(), cert.getPublicKey().getEncoded());
    }
}
