package io.github.mynacard.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The provider's contract that needs no card: nothing in these tests reaches the transport. */
class MynaCardProviderTest {

    private final AtomicInteger sent = new AtomicInteger();
    private final MynaCard card = MynaCard.open(command -> {
        sent.incrementAndGet();
        throw new IOException("no card in this test");
    });
    private final MynaCardProvider provider = new MynaCardProvider(card);

    @Test
    void offersTheKeyStoreAndFourSignatures() {
        assertEquals("MynaCard", provider.getName());
        assertNotNull(provider.getService("KeyStore", "MynaCard"));
        for (String alg : new String[] {"SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "NONEwithRSA"}) {
            Provider.Service s = provider.getService("Signature", alg);
            assertNotNull(s, alg);
            assertEquals(MynaCardPrivateKey.class.getName(), s.getAttribute("SupportedKeyClasses"));
        }
        assertNotNull(provider.getService("Signature", "1.2.840.113549.1.1.11"));
    }

    @Test
    void signatureServicesAnswerOnlyForCardKeys() throws Exception {
        Provider.Service s = provider.getService("Signature", "SHA256withRSA");
        PrivateKey other = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        assertFalse(s.supportsParameter(other));
        assertTrue(s.supportsParameter(keyStore(null).getKey("signing", null)));
    }

    @Test
    void foreignKeysAreRefused() throws Exception {
        PrivateKey other = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        assertThrows(InvalidKeyException.class, () -> s.initSign(other));
    }

    @Test
    void promptsNameThePinInJapaneseAndEnglish() {
        assertEquals("署名用電子証明書 暗証番号 (signing password)", CardKeyContext.prompt(PinKind.SIGNING));
        assertEquals("利用者証明用電子証明書 暗証番号 (user-authentication PIN)", CardKeyContext.prompt(PinKind.USER_AUTH));
    }

    @Test
    void aMalformedPinIsRefusedBeforeAnythingIsSent() throws Exception {
        KeyStore ks = keyStore(new MynaCardLoadStoreParameter(new KeyStore.PasswordProtection("12".toCharArray())));
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("authentication", null));
        s.update(new byte[] {1, 2, 3});
        SignatureException e = assertThrows(SignatureException.class, s::sign);
        assertTrue(e.getCause() instanceof io.github.mynacard.PinFormatException, String.valueOf(e.getCause()));
        assertEquals(0, sent.get());
    }

    @Test
    void theCallersPasswordArrayIsLeftAsItIs() throws Exception {
        char[] pin = "12".toCharArray();
        KeyStore ks = keyStore(new MynaCardLoadStoreParameter(new KeyStore.PasswordProtection(pin)));
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("authentication", null));
        s.update(new byte[] {1});
        assertThrows(SignatureException.class, s::sign);
        assertEquals("12", String.valueOf(pin));
    }

    @Test
    void aDestroyedPasswordProtectionEndsItsUse() throws Exception {
        KeyStore.PasswordProtection pp = new KeyStore.PasswordProtection("4821".toCharArray());
        KeyStore ks = keyStore(new MynaCardLoadStoreParameter(pp));
        pp.destroy();
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign((PrivateKey) ks.getKey("authentication", null));
        s.update(new byte[] {1});
        SignatureException e = assertThrows(SignatureException.class, s::sign);
        assertTrue(e.getMessage().contains("destroyed"), e.getMessage());
        assertEquals(0, sent.get());
    }

    @Test
    void theKeyStoreIsReadOnlyAndHasTwoFixedAliases() throws Exception {
        KeyStore ks = keyStore(null);
        assertEquals(2, ks.size());
        assertNull(ks.getKey("nope", null));
        assertNull(ks.getCertificate("nope"));
        assertThrows(KeyStoreException.class, () -> ks.deleteEntry("signing"));
        assertThrows(KeyStoreException.class, () -> ks.setCertificateEntry("x", null));
        assertEquals(0, sent.get());
    }

    @Test
    void loadingFromAStreamIsRefused() throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        assertThrows(IOException.class, () -> ks.load(new ByteArrayInputStream(new byte[1]), null));
    }

    @Test
    void descriptionsCarryNoPin() {
        MynaCardLoadStoreParameter p = new MynaCardLoadStoreParameter(new KeyStore.PasswordProtection("MYNA2026".toCharArray()));
        assertFalse(p.toString().contains("MYNA2026"));
        assertEquals(new KeyStore.PasswordProtection(new char[0]).getClass(), p.getProtectionParameter().getClass());
    }

    private KeyStore keyStore(KeyStore.LoadStoreParameter param) throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(param);
        return ks;
    }
}
