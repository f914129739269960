package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.CardFields;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.jca.MynaCardLoadStoreParameter;
import io.github.mynacard.jca.MynaCardProvider;
import io.github.mynacard.junit5.MynaCardExtension;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.signing.CmsSigner;
import io.github.mynacard.signing.CmsVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JUnit 5 extension in this project's JUnit, and signatures through the JCA provider. */
@ExtendWith(MynaCardExtension.class)
class ExtensionAndSigningTest {

    @Test
    void theJUnitThatRunsIsThisProjects() {
        String version = Test.class.getPackage().getImplementationVersion();
        assertEquals(System.getProperty("junit.expected"), version, "mynacard brought a JUnit of its own");
    }

    @Test
    void eachParameterIsAFreshEmulatedCard(MynaCardEmulator a, MynaCardEmulator b) throws Exception {
        assertNotSame(a, b);
        try (MynaCard card = MynaCard.open(a)) {
            assertThrows(WrongPinException.class, () -> card.verifyUserPin("0000".toCharArray()));
            CardFields f = card.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray());
            assertEquals(MynaCardEmulator.DEFAULT_NAME, f.name());
        }
        assertEquals(2, a.remainingAttempts(PinKind.USER_AUTH));
        assertEquals(3, b.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void signsThroughTheJcaProviderAndAsCms(MynaCardEmulator emulated) throws Exception {
        try (MynaCard card = MynaCard.open(emulated)) {
            MynaCardProvider provider = new MynaCardProvider(card);
            KeyStore ks = KeyStore.getInstance(MynaCardProvider.KEYSTORE_TYPE, provider);
            ks.load(new MynaCardLoadStoreParameter(new KeyStore.CallbackHandlerProtection(callbacks -> {
                for (var c : callbacks) {
                    ((PasswordCallback) c).setPassword(MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray());
                }
            })));
            PrivateKey key = (PrivateKey) ks.getKey(MynaCardProvider.ALIAS_SIGNING, null);
            X509Certificate cert = (X509Certificate) ks.getCertificate(MynaCardProvider.ALIAS_SIGNING);
            byte[] data = "申告データ".getBytes(StandardCharsets.UTF_8);

            Signature s = Signature.getInstance("SHA256withRSA", provider);
            s.initSign(key);
            s.update(data);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(emulated.certificate(JpkiCertificate.SIGNING).getPublicKey());
            v.update(data);
            assertTrue(v.verify(signature), "the JDK verifies the card's signature");

            byte[] p7s = CmsSigner.builder(key, cert).provider(provider).build().sign(data);
            assertEquals(cert, CmsVerifier.verifyDetached(data, p7s), "the detached CMS verifies, signed by the card");
        }
    }
}
