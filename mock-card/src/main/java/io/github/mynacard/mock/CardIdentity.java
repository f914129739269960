package io.github.mynacard.mock;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import io.github.mynacard.Sex;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What makes a card this card and no other, and never changes in its life: its seed, the holder's
 * data (as printed on the card and held in its chip), its four key pairs, its certificates, the
 * trusted terminals. The card's files are made from it; its PINs, counters and overwritten files
 * are not part of it. Shared (never copied) by the emulator objects of one card, with the contents
 * made from it when first needed ({@link #derived}): an RSA signature or an image made once serves
 * every copy.
 *
 * <p>What the seed gives besides the keys (made once and kept in the state file): the key ids of
 * the card-info and card-face keys and of the two APs' basic information, the opaque bytes of
 * those files, the face photo's variant. These are re-made from the seed when a state file is
 * loaded.
 */
final class CardIdentity {

    /** The holder data of a card. */
    record Holder(String myNumber, String name, String address, LocalDate birthDate, Sex sex, LocalDate certificateIssueDate,
            LocalDate cardExpiryDate, String securityCode, String municipalityCode) {
        @Override
        public String toString() {
            return "Holder[no personal data]";
        }
    }

    /**
     * One of the card's key pairs: made by the issuer, or read from a state file as its PKCS#8
     * encoding and parsed when first used (a command that signs nothing, such as reading the PIN
     * counters, parses no RSA key). Parsed keys are shared through {@link StateCodec}'s cache.
     */
    static final class Key {
        private final String stored;
        private volatile KeyPair pair;

        private Key(String stored, KeyPair pair) {
            this.stored = stored;
            this.pair = pair;
        }

        /** @return a key pair that is already at hand */
        static Key of(KeyPair pair) {
            return new Key(null, java.util.Objects.requireNonNull(pair, "pair"));
        }

        /**
         * @param pkcs8 the private key's PKCS#8 encoding in Base64, as a state file holds it
         * @return the key, parsed when first used
         */
        static Key stored(String pkcs8) {
            return new Key(java.util.Objects.requireNonNull(pkcs8, "pkcs8"), null);
        }

        /**
         * @return the key pair, parsed now when it was read from a state file and not used before
         * @throws StateCodec.UnparsableKey when the state file's key does not parse
         */
        KeyPair pair() {
            KeyPair p = pair;
            if (p == null) {
                p = StateCodec.parsedKey(stored);
                pair = p;
            }
            return p;
        }

        /** @return whether the key pair has been parsed (or was at hand from the start) */
        boolean parsed() {
            return pair != null;
        }

        /** @return the private key's PKCS#8 encoding in Base64, as the state file keeps it */
        String pkcs8Base64() {
            return stored != null ? stored : java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        }

        /** @return whether both are the same key: the same encoding, or else the same public key */
        boolean sameAs(Key o) {
            if (stored != null && stored.equals(o.stored)) {
                return true;
            }
            return pair().getPublic().equals(o.pair().getPublic());
        }
    }

    /** The card's four key pairs. */
    record Keys(Key authKey, Key signKey, Key cardInfoKey, Key cardFaceKey) {
        Keys(KeyPair auth, KeyPair sign, KeyPair cardInfo, KeyPair cardFace) {
            this(Key.of(auth), Key.of(sign), Key.of(cardInfo), Key.of(cardFace));
        }

        /** @return the user-authentication key pair */
        KeyPair auth() {
            return authKey.pair();
        }

        /** @return the signing key pair */
        KeyPair sign() {
            return signKey.pair();
        }

        /** @return the card-info AP's key pair */
        KeyPair cardInfo() {
            return cardInfoKey.pair();
        }

        /** @return the card-face AP's key pair */
        KeyPair cardFace() {
            return cardFaceKey.pair();
        }
    }

    final long seed;
    final Holder holder;
    final Keys keys;
    final byte[] authCert;
    final byte[] signCert;
    final byte[] authCa;
    final byte[] signCa;
    final Map<Integer, StateCodec.Terminal> terminals;
    private final Map<String, byte[]> derived = new HashMap<>();

    CardIdentity(long seed, Holder holder, Keys keys, byte[] authCert, byte[] signCert, byte[] authCa, byte[] signCa,
            Map<Integer, StateCodec.Terminal> terminals) {
        this.seed = seed;
        this.holder = holder;
        this.keys = keys;
        this.authCert = authCert;
        this.signCert = signCert;
        this.authCa = authCa;
        this.signCa = signCa;
        this.terminals = Collections.unmodifiableMap(new TreeMap<>(terminals));
    }

    /** @return the holder's key pair for a JPKI key */
    KeyPair key(JpkiKey which) {
        return which == JpkiKey.AUTHENTICATION ? keys.auth() : keys.sign();
    }

    /** @return the DER of one of the card's certificates as issued */
    byte[] certificate(JpkiCertificate which) {
        switch (which) {
            case AUTHENTICATION:
                return authCert;
            case AUTHENTICATION_CA:
                return authCa;
            case SIGNING:
                return signCert;
            default:
                return signCa;
        }
    }

    /**
     * A verification number as the card holds it (ASCII): 照合番号A is the My Number, 照合番号B the
     * birth date in the Japanese era ({@code YYMMDD}), the card's expiry year and its security code.
     *
     * @param kind one of the four verification numbers
     * @return its value; the caller wipes it
     */
    byte[] verificationNumber(PinKind kind) {
        if (kind == PinKind.CARD_INFO_NUMBER_A || kind == PinKind.CARD_FACE_NUMBER_A) {
            return holder.myNumber.getBytes(StandardCharsets.US_ASCII);
        }
        return EmulatedPins.numberB(holder.birthDate, holder.cardExpiryDate.getYear(), holder.securityCode);
    }

    /** @return a stream of bytes drawn from this card's seed for one purpose */
    SeedStream stream(String label) {
        return new SeedStream(seed, label);
    }

    /**
     * A key id of this card: 7 ASCII digits ({@code 6} as in the J-LIS test hierarchy, then six
     * from the seed), {@code 08 05}, {@code "001"}, 4 zero bytes.
     *
     * @param label which key
     * @return the 16-byte id
     */
    byte[] keyId(String label) {
        return Tlv.keyId("6" + (100_000 + stream("key id " + label).nextInt(900_000)));
    }

    /**
     * A content made from this card once and kept: the callers never change it.
     *
     * @param name what it is
     * @param make makes it
     * @return the content (shared: do not modify)
     */
    synchronized byte[] derived(String name, Supplier<byte[]> make) {
        byte[] v = derived.get(name);
        if (v == null) {
            v = make.get();
            derived.put(name, v);
        }
        return v;
    }

    /** @return whether the other is the same card (seed, holder, keys, certificates, terminals) */
    boolean sameCardAs(CardIdentity o) {
        return o == this || (seed == o.seed && holder.equals(o.holder)
                && keys.authKey.sameAs(o.keys.authKey) && keys.signKey.sameAs(o.keys.signKey)
                && keys.cardInfoKey.sameAs(o.keys.cardInfoKey) && keys.cardFaceKey.sameAs(o.keys.cardFaceKey)
                && Arrays.equals(authCert, o.authCert) && Arrays.equals(signCert, o.signCert)
                && Arrays.equals(authCa, o.authCa) && Arrays.equals(signCa, o.signCa)
                && terminals.equals(o.terminals));
    }

    @Override
    public String toString() {
        return "CardIdentity[no personal data]";
    }
}
