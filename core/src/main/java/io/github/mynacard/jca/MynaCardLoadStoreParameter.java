package io.github.mynacard.jca;

import java.security.KeyStore;

/**
 * Where the {@code MynaCard} key store gets each key's PIN. A plain
 * {@link KeyStore.LoadStoreParameter} gives one {@link KeyStore.ProtectionParameter} for both keys;
 * this class can give one per key (the user-authentication PIN is 4 digits, the signing password
 * 6–16 characters, so a single {@link KeyStore.PasswordProtection} suits only one of them).
 *
 * <p>Supported protection parameters:
 * <ul>
 *   <li>{@link KeyStore.CallbackHandlerProtection}: a {@link javax.security.auth.callback.PasswordCallback}
 *       is sent for every PIN the card needs. Its prompt names the PIN in Japanese and English, for
 *       example {@code "署名用電子証明書 暗証番号 (signing password)"}.</li>
 *   <li>{@link KeyStore.PasswordProtection}: the key store keeps a reference to the caller's object
 *       (not a copy of the PIN) and reads it each time; {@link KeyStore.PasswordProtection#destroy()}
 *       ends its use.</li>
 * </ul>
 */
public final class MynaCardLoadStoreParameter implements KeyStore.LoadStoreParameter {

    private final KeyStore.ProtectionParameter authentication;
    private final KeyStore.ProtectionParameter signing;

    /**
     * One PIN source for both keys (typically a {@link KeyStore.CallbackHandlerProtection}).
     *
     * @param both the source of every PIN; null for none (signing then fails)
     */
    public MynaCardLoadStoreParameter(KeyStore.ProtectionParameter both) {
        this(both, both);
    }

    /**
     * A PIN source per key.
     *
     * @param authentication the source of the user-authentication PIN; null for none
     * @param signing the source of the signing password; null for none
     */
    public MynaCardLoadStoreParameter(KeyStore.ProtectionParameter authentication, KeyStore.ProtectionParameter signing) {
        this.authentication = authentication;
        this.signing = signing;
    }

    /** @return the source of the user-authentication PIN, or null */
    public KeyStore.ProtectionParameter authenticationProtection() {
        return authentication;
    }

    /** @return the source of the signing password, or null */
    public KeyStore.ProtectionParameter signingProtection() {
        return signing;
    }

    /** @return the signing password's source (the interface allows only one) */
    @Override
    public KeyStore.ProtectionParameter getProtectionParameter() {
        return signing;
    }

    /** @return a description without any PIN */
    @Override
    public String toString() {
        return "MynaCardLoadStoreParameter[authentication=" + describe(authentication) + ", signing=" + describe(signing) + "]";
    }

    private static String describe(KeyStore.ProtectionParameter p) {
        return p == null ? "none" : p.getClass().getSimpleName();
    }
}
