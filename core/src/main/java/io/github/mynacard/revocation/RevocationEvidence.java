package io.github.mynacard.revocation;

import java.util.Objects;

/**
 * The signed object a revocation answer came from, as a long-term signature embeds it: a CRL
 * ({@code CertificateList}) or an OCSP response ({@code OCSPResponse}), DER.
 *
 * @param kind what the bytes are
 * @param der the DER encoding (copied in and out)
 * @param source where it came from, for people: a file name or a URL
 */
public record RevocationEvidence(Kind kind, byte[] der, String source) {

    /** What the evidence is. */
    public enum Kind {
        /** An X.509 CRL, {@code CertificateList}. */
        CRL,
        /** An OCSP response, {@code OCSPResponse} (RFC 6960), the whole response. */
        OCSP
    }

    /**
     * @param kind what the bytes are
     * @param der the DER encoding
     * @param source where it came from
     */
    public RevocationEvidence {
        Objects.requireNonNull(kind, "kind");
        der = Objects.requireNonNull(der, "der").clone();
        Objects.requireNonNull(source, "source");
    }

    /** @return a copy of the DER encoding */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /** @return the kind, length and source (never the bytes) */
    @Override
    public String toString() {
        return "RevocationEvidence[" + kind + ", " + der.length + " bytes, " + source + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RevocationEvidence e && e.kind == kind && java.util.Arrays.equals(e.der, der) && e.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, java.util.Arrays.hashCode(der), source);
    }
}
