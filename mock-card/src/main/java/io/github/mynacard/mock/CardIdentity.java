package io.github.mynacard.mock;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.Sex;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What makes a card this card and no other, and never changes in its life: the holder's data, the
 * keys, the certificates, the trusted terminals. The card's files are made from it; its PINs,
 * counters and overwritten files are not part of it. Shared (never copied) by the emulator objects
 * of one card, with the contents made from it when first needed ({@link #derived}): an RSA
 * signature or an image made once serves every copy.
 */
final class CardIdentity {

    final String myNumber;
    final String name;
    final String address;
    final LocalDate birthDate;
    final Sex sex;
    final LocalDate certificateIssueDate;
    final KeyPair authKey;
    final KeyPair signKey;
    final byte[] authCert;
    final byte[] signCert;
    final byte[] authCa;
    final byte[] signCa;
    final Map<Integer, StateCodec.Terminal> terminals;
    private final Map<String, byte[]> derived = new HashMap<>();

    CardIdentity(String myNumber, String name, String address, LocalDate birthDate, Sex sex, LocalDate certificateIssueDate,
            KeyPair authKey, KeyPair signKey, byte[] authCert, byte[] signCert, byte[] authCa, byte[] signCa,
            Map<Integer, StateCodec.Terminal> terminals) {
        this.myNumber = myNumber;
        this.name = name;
        this.address = address;
        this.birthDate = birthDate;
        this.sex = sex;
        this.certificateIssueDate = certificateIssueDate;
        this.authKey = authKey;
        this.signKey = signKey;
        this.authCert = authCert;
        this.signCert = signCert;
        this.authCa = authCa;
        this.signCa = signCa;
        this.terminals = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(terminals));
    }

    /** @return the holder's key pair for a JPKI key */
    KeyPair key(JpkiKey which) {
        return which == JpkiKey.AUTHENTICATION ? authKey : signKey;
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

    /** @return whether the other is the same card (holder, keys, certificates, terminals) */
    boolean sameCardAs(CardIdentity o) {
        return o == this || (myNumber.equals(o.myNumber) && name.equals(o.name) && address.equals(o.address)
                && birthDate.equals(o.birthDate) && sex == o.sex && certificateIssueDate.equals(o.certificateIssueDate)
                && Arrays.equals(authKey.getPrivate().getEncoded(), o.authKey.getPrivate().getEncoded())
                && Arrays.equals(signKey.getPrivate().getEncoded(), o.signKey.getPrivate().getEncoded())
                && Arrays.equals(authCert, o.authCert) && Arrays.equals(signCert, o.signCert)
                && Arrays.equals(authCa, o.authCa) && Arrays.equals(signCa, o.signCa)
                && terminals.equals(o.terminals));
    }

    @Override
    public String toString() {
        return "CardIdentity[no personal data]";
    }
}
