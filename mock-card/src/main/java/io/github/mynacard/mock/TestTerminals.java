package io.github.mynacard.mock;

import io.github.mynacard.TerminalAuthenticator;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Test terminals that a default {@link MynaCardEmulator} trusts: a kiosk (key reference
 * {@value #KIOSK_KEY_REFERENCE}) and a municipal office (key reference
 * {@value #MUNICIPAL_OFFICE_KEY_REFERENCE}).
 *
 * <p>Their private keys are <b>public test keys</b> shipped with this module; real cards never
 * trust them. Use them to drive the emulator's PIN-reset model (GET CHALLENGE, EXTERNAL
 * AUTHENTICATE, RESET RETRY COUNTER) in tests.
 */
public final class TestTerminals {

    /** The key reference of {@link #kiosk()}. */
    public static final int KIOSK_KEY_REFERENCE = 1;
    /** The key reference of {@link #municipalOffice()}. */
    public static final int MUNICIPAL_OFFICE_KEY_REFERENCE = 2;

    private TestTerminals() {
    }

    /**
     * @return a terminal with key reference {@value #KIOSK_KEY_REFERENCE}, trusted as
     *     {@link TerminalRole#KIOSK} by a default emulator
     */
    public static TerminalAuthenticator kiosk() {
        return new KeyTerminal(KIOSK_KEY_REFERENCE, TestKeys.get(TestKeys.TERMINAL_KIOSK).getPrivate());
    }

    /**
     * @return a terminal with key reference {@value #MUNICIPAL_OFFICE_KEY_REFERENCE}, trusted as
     *     {@link TerminalRole#MUNICIPAL_OFFICE} by a default emulator
     */
    public static TerminalAuthenticator municipalOffice() {
        return new KeyTerminal(MUNICIPAL_OFFICE_KEY_REFERENCE, TestKeys.get(TestKeys.TERMINAL_OFFICE).getPrivate());
    }

    /** @return the public key of {@link #kiosk()} */
    public static PublicKey kioskPublicKey() {
        return TestKeys.get(TestKeys.TERMINAL_KIOSK).getPublic();
    }

    /** @return the public key of {@link #municipalOffice()} */
    public static PublicKey municipalOfficePublicKey() {
        return TestKeys.get(TestKeys.TERMINAL_OFFICE).getPublic();
    }

    /**
     * A terminal that signs challenges with the given private key (SHA256withRSA).
     *
     * @param keyReference the card's reference of the matching public key, 1..127
     * @param privateKey the terminal's RSA private key
     * @return the terminal
     * @throws IllegalArgumentException when the key reference is outside 1..127 or the key is null
     */
    public static TerminalAuthenticator withKey(int keyReference, PrivateKey privateKey) {
        if (keyReference < 1 || keyReference > 127 || privateKey == null) {
            throw new IllegalArgumentException("key reference must be 1..127 and the key non-null");
        }
        return new KeyTerminal(keyReference, privateKey);
    }

    private static final class KeyTerminal implements TerminalAuthenticator {
        private final int keyReference;
        private final PrivateKey key;

        KeyTerminal(int keyReference, PrivateKey key) {
            this.keyReference = keyReference;
            this.key = key;
        }

        @Override
        public int keyReference() {
            return keyReference;
        }

        @Override
        public byte[] authenticate(byte[] challenge) throws IOException {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(challenge);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IOException("test terminal could not sign", e);
            }
        }

        @Override
        public String toString() {
            return "TestTerminal[keyReference=" + keyReference + "]";
        }
    }
}
