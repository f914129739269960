package io.github.mynacard.signing;

import io.github.mynacard.MynaCard;
import io.github.mynacard.jca.MynaCardLoadStoreParameter;
import io.github.mynacard.jca.MynaCardProvider;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.IOException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** An emulated card reached only through the JCA provider, as an application would. */
final class CardFixture implements AutoCloseable {

    final MynaCardEmulator emulator;
    final MynaCard card;
    final MynaCardProvider provider;
    final KeyStore keyStore;
    int prompts;

    CardFixture() throws Exception {
        this(MynaCardEmulator.DEFAULT_SIGNING_PIN);
    }

    CardFixture(String signingPassword) throws Exception {
        emulator = MynaCardEmulator.createDefault();
        card = MynaCard.open(emulator);
        provider = new MynaCardProvider(card);
        keyStore = KeyStore.getInstance("MynaCard", provider);
        keyStore.load(new MynaCardLoadStoreParameter(new KeyStore.CallbackHandlerProtection(callbacks -> {
            for (javax.security.auth.callback.Callback c : callbacks) {
                prompts++;
                ((javax.security.auth.callback.PasswordCallback) c).setPassword(signingPassword.toCharArray());
            }
        })));
    }

    PrivateKey signingKey() throws Exception {
        return (PrivateKey) keyStore.getKey("signing", null);
    }

    X509Certificate signingCertificate() {
        return emulator.certificate(io.github.mynacard.JpkiCertificate.SIGNING);
    }

    X509Certificate signingRoot() {
        return emulator.signingRootCertificate();
    }

    @Override
    public void close() throws IOException {
        card.close();
    }
}
