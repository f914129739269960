package io.github.mynacard.jca;

import io.github.mynacard.CardFileNotFoundException;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * What a loaded key store knows: where the card comes from, where each key's PIN comes from, and
 * the certificates read so far. Holds no PIN: it keeps the caller's protection parameters and asks
 * them each time a PIN is needed.
 */
final class CardKeyContext {

    private final Supplier<MynaCard> cards;
    private final Map<JpkiKey, KeyStore.ProtectionParameter> protection = new EnumMap<>(JpkiKey.class);
    private final Map<JpkiCertificate, X509Certificate> certificates = new EnumMap<>(JpkiCertificate.class);
    private final LastAttempt lastAttempt;

    CardKeyContext(Supplier<MynaCard> cards, KeyStore.ProtectionParameter authentication,
            KeyStore.ProtectionParameter signing) {
        this(cards, authentication, signing, LastAttempt.REFUSE);
    }

    CardKeyContext(Supplier<MynaCard> cards, KeyStore.ProtectionParameter authentication,
            KeyStore.ProtectionParameter signing, LastAttempt lastAttempt) {
        this.cards = Objects.requireNonNull(cards, "cards");
        this.lastAttempt = Objects.requireNonNull(lastAttempt, "lastAttempt");
        if (authentication != null) {
            protection.put(JpkiKey.AUTHENTICATION, authentication);
        }
        if (signing != null) {
            protection.put(JpkiKey.SIGNING, signing);
        }
    }

    MynaCard card() {
        MynaCard card = cards.get();
        if (card == null) {
            throw new IllegalStateException("the card supplier returned no card");
        }
        return card;
    }

    /** The prompt of a PIN: its Japanese and English names. */
    static String prompt(PinKind kind) {
        return kind.japaneseName() + " (" + kind.englishName() + ")";
    }

    /**
     * A fresh copy of the key's PIN from its protection parameter; the caller wipes it.
     *
     * @throws GeneralSecurityException when there is no PIN source, the callback fails or the user
     *     entered nothing (message without any PIN)
     */
    char[] obtainPin(JpkiKey key) throws GeneralSecurityException {
        KeyStore.ProtectionParameter p;
        synchronized (this) {
            p = protection.get(key);
        }
        PinKind kind = key.pin();
        if (p == null) {
            throw new GeneralSecurityException("no source for the " + kind.englishName()
                    + ": load the MynaCard key store with a PasswordProtection or CallbackHandlerProtection");
        }
        if (p instanceof KeyStore.PasswordProtection) {
            char[] given;
            try {
                given = ((KeyStore.PasswordProtection) p).getPassword();
            } catch (IllegalStateException e) {
                throw new GeneralSecurityException("the PasswordProtection for the " + kind.englishName() + " was destroyed", e);
            }
            if (given == null || given.length == 0) {
                throw new GeneralSecurityException("the PasswordProtection holds no " + kind.englishName());
            }
            return given.clone();
        }
        if (p instanceof KeyStore.CallbackHandlerProtection) {
            PasswordCallback cb = new PasswordCallback(prompt(kind), false);
            try {
                ((KeyStore.CallbackHandlerProtection) p).getCallbackHandler().handle(new Callback[] {cb});
                char[] entered = cb.getPassword();
                if (entered == null || entered.length == 0) {
                    if (entered != null) {
                        Arrays.fill(entered, '\0');
                    }
                    throw new GeneralSecurityException("no " + kind.englishName() + " was entered");
                }
                return entered;
            } catch (IOException | UnsupportedCallbackException e) {
                throw new GeneralSecurityException("the callback handler could not supply the " + kind.englishName(), e);
            } finally {
                cb.clearPassword();
            }
        }
        throw new GeneralSecurityException("unsupported protection parameter " + p.getClass().getName()
                + "; use PasswordProtection or CallbackHandlerProtection");
    }

    /**
     * Signs a block with a key, asking for its PIN. After a signature with the signing key, the
     * signing certificate is read (the password is still verified) and remembered, if not known yet.
     */
    byte[] sign(JpkiKey key, byte[] block) throws GeneralSecurityException, IOException, MynaCardException {
        MynaCard card = card();
        char[] pin = obtainPin(key);
        try {
            synchronized (card) {
                byte[] signature = card.signDigestInfo(key, block, pin, lastAttempt);
                if (key == JpkiKey.SIGNING && cached(JpkiCertificate.SIGNING) == null) {
                    try {
                        remember(JpkiCertificate.SIGNING, card.readCertificate(JpkiCertificate.SIGNING));
                    } catch (MynaCardException | IOException e) {
                        // the signature stands; the certificate is read later, when asked for
                    }
                }
                return signature;
            }
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    synchronized X509Certificate cached(JpkiCertificate which) {
        return certificates.get(which);
    }

    private synchronized void remember(JpkiCertificate which, X509Certificate cert) {
        certificates.putIfAbsent(which, cert);
    }

    /**
     * The certificate, from the cache or the card. The signing certificate asks for the signing
     * password when it is not known yet.
     *
     * @return the certificate, or null when the card holds none
     */
    X509Certificate certificate(JpkiCertificate which) throws GeneralSecurityException, IOException, MynaCardException {
        X509Certificate known = cached(which);
        if (known != null) {
            return known;
        }
        MynaCard card = card();
        X509Certificate read;
        try {
            if (which == JpkiCertificate.SIGNING) {
                char[] pin = obtainPin(JpkiKey.SIGNING);
                try {
                    read = card.readSigningCertificate(pin);
                } finally {
                    Arrays.fill(pin, '\0');
                }
            } else {
                read = card.readCertificate(which);
            }
        } catch (CardFileNotFoundException e) {
            return null;
        }
        remember(which, read);
        return cached(which);
    }
}
