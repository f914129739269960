package io.github.mynacard.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/** The digest algorithms a time-stamp request may name. */
public enum DigestAlgorithm {
    /** SHA-256 (the default). */
    SHA256("SHA-256", NISTObjectIdentifiers.id_sha256, 32),
    /** SHA-384. */
    SHA384("SHA-384", NISTObjectIdentifiers.id_sha384, 48),
    /** SHA-512. */
    SHA512("SHA-512", NISTObjectIdentifiers.id_sha512, 64);

    private final String jcaName;
    private final ASN1ObjectIdentifier oid;
    private final int length;

    DigestAlgorithm(String jcaName, ASN1ObjectIdentifier oid, int length) {
        this.jcaName = jcaName;
        this.oid = oid;
        this.length = length;
    }

    /** @return the JCA name, e.g. {@code SHA-256} */
    public String jcaName() {
        return jcaName;
    }

    /** @return the algorithm's object identifier, dotted, e.g. {@code 2.16.840.1.101.3.4.2.1} */
    public String oid() {
        return oid.getId();
    }

    /** @return the digest's length in bytes */
    public int length() {
        return length;
    }

    ASN1ObjectIdentifier asn1() {
        return oid;
    }

    /**
     * @param data the bytes
     * @return their digest
     */
    public byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from the Java runtime", e);
        }
    }

    static DigestAlgorithm ofOid(String oid) {
        for (DigestAlgorithm d : values()) {
            if (d.oid().equals(oid)) {
                return d;
            }
        }
        return null;
    }
}
