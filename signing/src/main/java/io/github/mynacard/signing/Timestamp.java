package io.github.mynacard.signing;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 3161 time-stamp token that verified: its message imprint matched the data, its signature
 * verified with the time-stamp authority's certificate carried in it, that certificate is for
 * time-stamping (critical extended key usage {@code id-kp-timeStamping}) and was valid at the
 * time, and, when trust anchors were given, it leads to one of them.
 */
public final class Timestamp {

    private final byte[] encoded;
    private final Instant time;
    private final X509Certificate tsaCertificate;
    private final List<X509Certificate> certificates;
    private final DigestAlgorithm digestAlgorithm;
    private final boolean anchored;

    Timestamp(byte[] encoded, Instant time, X509Certificate tsaCertificate, List<X509Certificate> certificates,
            DigestAlgorithm digestAlgorithm, boolean anchored) {
        this.encoded = encoded.clone();
        this.time = Objects.requireNonNull(time, "time");
        this.tsaCertificate = Objects.requireNonNull(tsaCertificate, "tsaCertificate");
        this.certificates = List.copyOf(certificates);
        this.digestAlgorithm = Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        this.anchored = anchored;
    }

    /** @return the DER of the token, a CMS ContentInfo (SignedData over a TSTInfo), as CAdES and PDF embed it */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** @return the time the authority vouches for ({@code genTime}) */
    public Instant time() {
        return time;
    }

    /** @return the certificate whose key signed the token */
    public X509Certificate tsaCertificate() {
        return tsaCertificate;
    }

    /** @return every certificate the token carries (the authority's, and its chain when the authority sent it) */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** @return the digest algorithm of the message imprint */
    public DigestAlgorithm digestAlgorithm() {
        return digestAlgorithm;
    }

    /** @return whether the authority's certificate was checked against trust anchors and led to one */
    public boolean anchored() {
        return anchored;
    }

    /** @return the time and size (never the bytes) */
    @Override
    public String toString() {
        return "Timestamp[" + time + ", " + digestAlgorithm + ", " + encoded.length + " bytes, anchored=" + anchored + "]";
    }
}
