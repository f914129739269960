package io.github.mynacard.jca;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.ProviderException;
import java.security.UnrecoverableEntryException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/** The read-only {@code MynaCard} key store: two key entries, "authentication" and "signing". */
final class MynaCardKeyStoreSpi extends KeyStoreSpi {

    private final Supplier<MynaCard> cards;
    private volatile CardKeyContext context;

    MynaCardKeyStoreSpi(Supplier<MynaCard> cards) {
        this.cards = cards;
    }

    static JpkiKey keyOf(String alias) {
        if (MynaCardProvider.ALIAS_AUTHENTICATION.equals(alias)) {
            return JpkiKey.AUTHENTICATION;
        }
        if (MynaCardProvider.ALIAS_SIGNING.equals(alias)) {
            return JpkiKey.SIGNING;
        }
        return null;
    }

    private CardKeyContext context() {
        CardKeyContext c = context;
        if (c == null) {
            throw new IllegalStateException("the MynaCard key store is not loaded");
        }
        return c;
    }

    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        if (stream != null) {
            throw new IOException("the MynaCard key store reads the card, not a stream: pass null");
        }
        KeyStore.ProtectionParameter p = password == null ? null : new KeyStore.PasswordProtection(password);
        context = new CardKeyContext(cards, p, p);
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter param) {
        if (param == null) {
            context = new CardKeyContext(cards, null, null);
        } else if (param instanceof MynaCardLoadStoreParameter) {
            MynaCardLoadStoreParameter m = (MynaCardLoadStoreParameter) param;
            context = new CardKeyContext(cards, m.authenticationProtection(), m.signingProtection());
        } else {
            KeyStore.ProtectionParameter p = param.getProtectionParameter();
            context = new CardKeyContext(cards, p, p);
        }
    }

    @Override
    public Key engineGetKey(String alias, char[] password) {
        JpkiKey key = keyOf(alias);
        return key == null ? null : new MynaCardPrivateKey(key, context());
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        JpkiKey key = keyOf(alias);
        if (key == null) {
            return null;
        }
        X509Certificate ee = read(key.certificate());
        if (ee == null) {
            return null;
        }
        X509Certificate ca = read(key == JpkiKey.SIGNING ? JpkiCertificate.SIGNING_CA : JpkiCertificate.AUTHENTICATION_CA);
        return ca == null ? new Certificate[] {ee} : new Certificate[] {ee, ca};
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        JpkiKey key = keyOf(alias);
        return key == null ? null : read(key.certificate());
    }

    private X509Certificate read(JpkiCertificate which) {
        try {
            return context().certificate(which);
        } catch (GeneralSecurityException | IOException | MynaCardException e) {
            throw new ProviderException("could not read the " + which + " certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        JpkiKey key = keyOf(alias);
        if (key == null) {
            return null;
        }
        X509Certificate known = context().cached(key.certificate());
        return known == null ? null : known.getNotBefore();
    }

    @Override
    public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protParam)
            throws KeyStoreException, UnrecoverableEntryException {
        JpkiKey key = keyOf(alias);
        if (key == null) {
            return null;
        }
        Certificate[] chain = engineGetCertificateChain(alias);
        if (chain == null) {
            throw new KeyStoreException("the card holds no certificate for " + alias);
        }
        return new KeyStore.PrivateKeyEntry(new MynaCardPrivateKey(key, context()), chain);
    }

    @Override
    public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
        return keyOf(alias) != null && entryClass == KeyStore.PrivateKeyEntry.class;
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("the MynaCard key store is read-only");
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("the MynaCard key store is read-only");
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw new KeyStoreException("the MynaCard key store is read-only");
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw new KeyStoreException("the MynaCard key store is read-only");
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(List.of(MynaCardProvider.ALIAS_AUTHENTICATION, MynaCardProvider.ALIAS_SIGNING));
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return keyOf(alias) != null;
    }

    @Override
    public int engineSize() {
        return 2;
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return keyOf(alias) != null;
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        CardKeyContext c = context;
        if (c == null || cert == null) {
            return null;
        }
        if (cert.equals(c.cached(JpkiCertificate.AUTHENTICATION))) {
            return MynaCardProvider.ALIAS_AUTHENTICATION;
        }
        if (cert.equals(c.cached(JpkiCertificate.SIGNING))) {
            return MynaCardProvider.ALIAS_SIGNING;
        }
        return null;
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) {
        throw new UnsupportedOperationException("the MynaCard key store is read-only");
    }
}
