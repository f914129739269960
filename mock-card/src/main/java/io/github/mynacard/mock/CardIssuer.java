package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
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
import java.util.Map.Entry;

/**
 * Issues a new card from a {@link MynaCardEmulator.Builder}: checks the values, draws the card's
 * keys from the prime pool by its seed ({@link PrimePool}), issues its two certificates, and
 * writes the state file when the card is to live in one. Nothing else is signed up front: the
 * card-info integrity record, the CVCs and the card-face signatures are made when first read.
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
        long seed = b.seed != null ? b.seed : new java.security.SecureRandom().nextLong();
        LocalDate issued = b.certificateIssueDate != null ? b.certificateIssueDate : LocalDate.now(CardCertificates.JST);
        CardIdentity.Holder holder = holder(b.myNumber, b.name, b.address, b.birthDate, b.sex, issued, b.cardExpiryDate,
                b.securityCode, b.municipalityCode, seed);
        CardIdentity.Keys keys = b.freshKeys ? freshKeys() : poolKeys(seed);
        CardIdentity identity = certify(seed, holder, keys, b.terminals);
        for (Entry<PinKind, StateCodec.Pin> e : numberPins(identity, null).entrySet()) {
            pins.put(e.getKey(), e.getValue());
        }
        StateCodec.Image image = new StateCodec.Image(identity, pins, Map.of(), java.util.List.of(), Map.of(), b.profile);
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

    /**
     * The holder data with its defaults filled in and checked: the card's expiry (default
     * {@link CardCertificates#cardExpiry}), the security code (default {@link MynaCardEmulator#DEFAULT_SECURITY_CODE}), the
     * municipality code (default {@value MynaCardEmulator#DEFAULT_MUNICIPALITY_CODE}).
     *
     * @throws IllegalArgumentException for a malformed value; the message quotes none
     */
    static CardIdentity.Holder holder(String myNumber, String name, String address, LocalDate birth, io.github.mynacard.Sex sex,
            LocalDate issued, LocalDate expiry, String securityCode, String municipalityCode, long seed) {
        LocalDate exp = expiry != null ? expiry : CardCertificates.cardExpiry(issued, birth);
        if (exp.isBefore(issued) || exp.getYear() < 2016 || exp.getYear() > 2099) {
            throw new IllegalArgumentException("the card's expiry date must be after the issue date, in 2016 to 2099");
        }
        String code = securityCode != null ? securityCode : MynaCardEmulator.DEFAULT_SECURITY_CODE;
        if (!asciiDigits(code, 4)) {
            throw new IllegalArgumentException("the security code must be 4 ASCII digits");
        }
        String city = municipalityCode != null ? municipalityCode : MynaCardEmulator.DEFAULT_MUNICIPALITY_CODE;
        if (!asciiDigits(city, 5)) {
            throw new IllegalArgumentException("the municipality code must be 5 ASCII digits");
        }
        return new CardIdentity.Holder(myNumber, name, address, birth, sex, issued, exp, code, city);
    }

    /** Whether {@code s} is {@code n} ASCII digits (as the regular expression {@code [0-9]{n}}, without compiling one). */
    static boolean asciiDigits(String s, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The card's four keys from the prime pool, drawn by its seed. */
    static CardIdentity.Keys poolKeys(long seed) {
        KeyPair[] k = PrimePool.keys(new SeedStream(seed, "keys"), 4);
        return new CardIdentity.Keys(k[0], k[1], k[2], k[3]);
    }

    private static CardIdentity.Keys freshKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new CardIdentity.Keys(g.generateKeyPair(), g.generateKeyPair(), g.generateKeyPair(), g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    /** Issues the two holder certificates under the test roots and makes the identity. */
    static CardIdentity certify(long seed, CardIdentity.Holder h, CardIdentity.Keys keys,
            Map<Integer, StateCodec.Terminal> terminals) {
        CardCertificates.Holder data = new CardCertificates.Holder(h.name(), h.address(), h.birthDate(), h.sex(),
                h.municipalityCode());
        try {
            byte[] authCert = CardCertificates.endEntity(false, keys.auth().getPublic(), h.certificateIssueDate(),
                    h.cardExpiryDate(), data, new SeedStream(seed, "authentication certificate")).getEncoded();
            byte[] signCert = CardCertificates.endEntity(true, keys.sign().getPublic(), h.certificateIssueDate(),
                    h.cardExpiryDate(), data, new SeedStream(seed, "signing certificate")).getEncoded();
            return new CardIdentity(seed, h, keys, authCert, signCert, CardCertificates.authRoot().getEncoded(),
                    CardCertificates.signRoot().getEncoded(), terminals);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate encoding failed", e);
        }
    }

    /**
     * The identity of a card whose key pair and certificate for one JPKI key were reissued: a new
     * key pair drawn from the prime pool by the card's seed and the reissue count, and a new
     * certificate valid from {@code issued} (new serial, same holder data), the other key and
     * certificate unchanged.
     *
     * @param id the card now
     * @param key which key
     * @param generation the reissue count of the new key (1 for the first reissue)
     * @param issued the new certificate's first day
     * @throws IllegalArgumentException when the card has expired by then
     */
    static CardIdentity reissue(CardIdentity id, JpkiKey key, int generation, LocalDate issued) {
        boolean signing = key == JpkiKey.SIGNING;
        KeyPair fresh = null;
        for (int attempt = 0; fresh == null; attempt++) {
            KeyPair k = PrimePool.keys(new SeedStream(id.seed, "reissued key " + key.name() + " " + generation + " " + attempt), 1)[0];
            boolean used = k.getPublic().equals(id.keys.auth().getPublic()) || k.getPublic().equals(id.keys.sign().getPublic())
                    || k.getPublic().equals(id.keys.cardInfo().getPublic()) || k.getPublic().equals(id.keys.cardFace().getPublic());
            fresh = used ? null : k;
        }
        CardIdentity.Holder h = id.holder;
        CardCertificates.Holder data = new CardCertificates.Holder(h.name(), h.address(), h.birthDate(), h.sex(),
                h.municipalityCode());
        try {
            byte[] cert = CardCertificates.endEntity(signing, fresh.getPublic(), issued, h.cardExpiryDate(), data,
                    new SeedStream(id.seed, (signing ? "signing" : "authentication") + " certificate reissue " + generation))
                    .getEncoded();
            CardIdentity.Keys keys = signing
                    ? new CardIdentity.Keys(id.keys.authKey(), CardIdentity.Key.of(fresh), id.keys.cardInfoKey(), id.keys.cardFaceKey())
                    : new CardIdentity.Keys(CardIdentity.Key.of(fresh), id.keys.signKey(), id.keys.cardInfoKey(), id.keys.cardFaceKey());
            return new CardIdentity(id.seed, h, keys, signing ? id.authCert : cert, signing ? cert : id.signCert, id.authCa,
                    id.signCa, id.terminals);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate encoding failed", e);
        }
    }

    /**
     * The four verification numbers with their values made from the holder data.
     *
     * @param counters their attempts left, or null for full counters
     */
    static Map<PinKind, StateCodec.Pin> numberPins(CardIdentity card, Map<PinKind, Integer> counters) {
        Map<PinKind, StateCodec.Pin> out = new EnumMap<>(PinKind.class);
        for (PinKind k : EmulatedPins.ALL) {
            if (!EmulatedPins.holderChosen(k)) {
                int left = counters == null ? EmulatedPins.maxAttempts(k) : counters.get(k);
                out.put(k, new StateCodec.Pin(card.verificationNumber(k), left));
            }
        }
        return out;
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
