package io.github.mynacard.jca;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.MynaCard;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A JCA provider named {@value #NAME} that lets ordinary Java signing code use the two JPKI keys of
 * a My Number Card.
 *
 * <h2>Services</h2>
 * <ul>
 *   <li>{@code KeyStore "MynaCard"}: read-only, with the key entries {@value #ALIAS_AUTHENTICATION}
 *       and {@value #ALIAS_SIGNING}. {@code getKey} returns a {@link MynaCardPrivateKey} handle (the
 *       password argument is ignored); {@code getCertificateChain} returns the holder's certificate
 *       and the card's CA certificate. Load it with {@code load(null)} (no PINs),
 *       {@code load(null, pin)} or {@code load(LoadStoreParameter)} with a
 *       {@link java.security.KeyStore.CallbackHandlerProtection} or
 *       {@link java.security.KeyStore.PasswordProtection} (see {@link MynaCardLoadStoreParameter}).</li>
 *   <li>{@code Signature "SHA256withRSA", "SHA384withRSA", "SHA512withRSA"}: hash in the JVM,
 *       send the DigestInfo; {@code "NONEwithRSA"}: send the 1–245 bytes given (a DigestInfo, or
 *       any block) as they are. The card adds the PKCS#1 v1.5 padding. These services answer only
 *       for {@link MynaCardPrivateKey} (the {@code SupportedKeyClasses} attribute), so adding this
 *       provider with {@link java.security.Security#addProvider} does not disturb
 *       {@code Signature.getInstance("SHA256withRSA")} for other keys. Verification is not
 *       offered: use the JDK's provider with the certificate's public key.</li>
 * </ul>
 *
 * <h2>PINs</h2>
 * The PIN is asked for again for <em>every</em> signature, with either key: the card's policy
 * requires it for the signing key, and the library keeps no PIN, so the authentication key is
 * treated the same way. A {@link javax.security.auth.callback.CallbackHandler} sees one
 * {@link javax.security.auth.callback.PasswordCallback} per signature, whose prompt names the PIN
 * in Japanese and English, e.g. {@code "署名用電子証明書 暗証番号 (signing password)"}. Copies the
 * library makes are wiped after use.
 *
 * <h2>Certificates</h2>
 * The authentication and CA certificates are read (without a PIN) when first asked for. The signing
 * certificate needs the signing password: it is read when first asked for, asking for the password
 * through the key store's protection parameter, unless a signature with the signing key already
 * took place, after which it is read with the password still verified, without asking again. Each
 * loaded key store remembers the certificates it read.
 *
 * <h2>Errors</h2>
 * A card refusal or a link failure during {@code sign()} is a
 * {@link java.security.SignatureException} whose cause is the typed exception
 * ({@link io.github.mynacard.WrongPinException} with its attempts left, and so on). Key store
 * methods that cannot throw checked exceptions wrap failures in a
 * {@link java.security.ProviderException}.
 */
public final class MynaCardProvider extends Provider {

    private static final long serialVersionUID = 1L;

    /** The provider's name. */
    public static final String NAME = "MynaCard";
    /** The key store type. */
    public static final String KEYSTORE_TYPE = "MynaCard";
    /** The alias of the user-authentication key (利用者証明用). */
    public static final String ALIAS_AUTHENTICATION = "authentication";
    /** The alias of the signing key (署名用). */
    public static final String ALIAS_SIGNING = "signing";

    private final transient Supplier<MynaCard> cards;

    /**
     * A provider for one open card session. Closing the session is the caller's business.
     *
     * @param card the card
     */
    public MynaCardProvider(MynaCard card) {
        this(constant(Objects.requireNonNull(card, "card")));
    }

    /**
     * A provider that asks a supplier for the card each time it needs one (for example to
     * reconnect after the card was removed). The supplier may return the same session every time.
     *
     * @param cards the source of card sessions; must not return null
     */
    public MynaCardProvider(Supplier<MynaCard> cards) {
        super(NAME, "0.1", "My Number Card JPKI keys: key store and RSA signatures");
        this.cards = Objects.requireNonNull(cards, "cards");
        putService(new CardService(this, "KeyStore", KEYSTORE_TYPE, MynaCardKeyStoreSpi.class.getName(),
                List.of(), Map.of(), null));
        Map<String, String> keyClasses = Map.of("SupportedKeyClasses", MynaCardPrivateKey.class.getName());
        putService(new CardService(this, "Signature", "SHA256withRSA", MynaCardSignatureSpi.class.getName(),
                List.of("1.2.840.113549.1.1.11", "OID.1.2.840.113549.1.1.11"), keyClasses, DigestAlgorithm.SHA256));
        putService(new CardService(this, "Signature", "SHA384withRSA", MynaCardSignatureSpi.class.getName(),
                List.of("1.2.840.113549.1.1.12", "OID.1.2.840.113549.1.1.12"), keyClasses, DigestAlgorithm.SHA384));
        putService(new CardService(this, "Signature", "SHA512withRSA", MynaCardSignatureSpi.class.getName(),
                List.of("1.2.840.113549.1.1.13", "OID.1.2.840.113549.1.1.13"), keyClasses, DigestAlgorithm.SHA512));
        putService(new CardService(this, "Signature", "NONEwithRSA", MynaCardSignatureSpi.class.getName(),
                List.of(), keyClasses, null));
    }

    /**
     * Makes sure an instance of this provider is installed in {@link java.security.Security}, at the
     * end of the list, so that code which asks for a {@code Signature} without naming a provider
     * (the JDK's TLS does, for the client's CertificateVerify) finds one for a card key handle. Its
     * signature services answer for {@link MynaCardPrivateKey} only (the card comes from the
     * handle), so other keys are not affected; the installed instance's key store has no card.
     *
     * @return whether this call installed it (false when one was installed already)
     */
    public static synchronized boolean installForSignatures() {
        if (java.security.Security.getProvider(NAME) != null) {
            return false;
        }
        java.security.Security.addProvider(new MynaCardProvider(() -> {
            throw new IllegalStateException("this MynaCard provider serves signatures with card key handles; "
                    + "for a key store, make one with new MynaCardProvider(card)");
        }));
        return true;
    }

    private static Supplier<MynaCard> constant(MynaCard card) {
        return () -> card;
    }

    /** A service whose instances get the card supplier and which answers only for card keys. */
    private static final class CardService extends Provider.Service {
        private final DigestAlgorithm digest;

        CardService(MynaCardProvider p, String type, String algorithm, String className, List<String> aliases,
                Map<String, String> attributes, DigestAlgorithm digest) {
            super(p, type, algorithm, className, aliases, attributes);
            this.digest = digest;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            MynaCardProvider p = (MynaCardProvider) getProvider();
            if ("KeyStore".equals(getType())) {
                return new MynaCardKeyStoreSpi(p.cards);
            }
            if ("Signature".equals(getType())) {
                return new MynaCardSignatureSpi(digest);
            }
            throw new NoSuchAlgorithmException("no such service " + getType() + "." + getAlgorithm());
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            if ("Signature".equals(getType())) {
                return parameter instanceof MynaCardPrivateKey;
            }
            return super.supportsParameter(parameter);
        }
    }
}
