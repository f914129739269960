package io.github.mynacard.mock;

import io.github.mynacard.MyNumber;
import io.github.mynacard.PinKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * Issues a new card from a {@link MynaCardEmulator.Builder}: checks the values, makes the keys and
 * certificates, and writes the state file when the card is to live in one.
 */
final class CardIssuer {

    private CardIssuer() {
    }

    static MynaCardEmulator issue(MynaCardEmulator.Builder b) {
        Map<PinKind, StateCodec.Pin> pins = new EnumMap<>(PinKind.class);
        pins.put(PinKind.SIGNING, pin(PinKind.SIGNING, b.signingPin));
        pins.put(PinKind.USER_AUTH, pin(PinKind.USER_AUTH, b.userPin));
        pins.put(PinKind.RESIDENT_REGISTRY, pin(PinKind.RESIDENT_REGISTRY, b.residentRegistryPin));
        pins.put(PinKind.CARD_INFO_INPUT, pin(PinKind.CARD_INFO_INPUT, b.cardInfoPin));
        if (!MyNumber.isValid(b.myNumber)) {
            throw new IllegalArgumentException("My Number must be 12 digits with a valid check digit");
        }
        if (b.name == null || b.name.isEmpty() || b.address == null || b.address.isEmpty() || b.birthDate == null
                || b.sex == null) {
            throw new IllegalArgumentException("name, address, birth date and sex are required");
        }
        LocalDate issued = b.certificateIssueDate != null ? b.certificateIssueDate : LocalDate.now(CardCertificates.JST);
        KeyPair auth;
        KeyPair sign;
        if (b.freshKeys) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                auth = g.generateKeyPair();
                sign = g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA key generation unavailable", e);
            }
        } else {
            auth = TestKeys.get(TestKeys.HOLDER_AUTH);
            sign = TestKeys.get(TestKeys.HOLDER_SIGN);
        }
        CardCertificates.Holder holder = new CardCertificates.Holder(b.name, b.address, b.birthDate, b.sex);
        CardIdentity identity;
        try {
            byte[] authCert = CardCertificates.endEntity(false, auth.getPublic(), issued, holder).getEncoded();
            byte[] signCert = CardCertificates.endEntity(true, sign.getPublic(), issued, holder).getEncoded();
            identity = new CardIdentity(b.myNumber, b.name, b.address, b.birthDate, b.sex, issued, auth, sign, authCert, signCert,
                    CardCertificates.authRoot().getEncoded(), CardCertificates.signRoot().getEncoded(), b.terminals);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate encoding failed", e);
        }
        StateCodec.Image image = new StateCodec.Image(identity, pins, Map.of());
        CardStore store = null;
        if (b.stateFile != null) {
            try {
                store = CardStore.at(b.stateFile);
                try (CardStore.Lock lock = store.lock()) {
                    store.write(StateCodec.encode(image));
                    store.removeTemporaries();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new MynaCardEmulator(image, store);
    }

    private static StateCodec.Pin pin(PinKind kind, String pin) {
        byte[] v = pin == null ? new byte[0] : pin.getBytes(StandardCharsets.US_ASCII);
        if (pin == null || pin.length() != v.length || !EmulatedPins.wellFormed(kind, v)
                || !pin.chars().allMatch(ch -> ch < 0x80)) {
            throw new IllegalArgumentException("malformed " + kind.englishName() + " (need "
                    + (EmulatedPins.digitsOnly(kind) ? "4 ASCII digits" : "6-16 characters of A-Z and 0-9") + ")");
        }
        return new StateCodec.Pin(v, EmulatedPins.maxAttempts(kind));
    }
}
