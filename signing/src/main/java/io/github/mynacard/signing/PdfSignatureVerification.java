package io.github.mynacard.signing;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * One PDF signature that verified.
 *
 * @param signerCertificate the certificate whose key made the signature (check trust separately)
 * @param subFilter the {@code /SubFilter}, e.g. {@code ETSI.CAdES.detached}
 * @param signingTime the {@code /M} entry, or null when absent
 * @param coversWholeDocument true when {@code /ByteRange} reaches the end of the file (false for an
 *     earlier signature followed by later revisions)
 */
public record PdfSignatureVerification(X509Certificate signerCertificate, String subFilter, Instant signingTime,
        boolean coversWholeDocument) {

    /**
     * @param signerCertificate the signer certificate
     * @param subFilter the sub-filter
     * @param signingTime the claimed signing time, or null
     * @param coversWholeDocument whether the signature covers the whole file
     * @throws NullPointerException when the certificate or sub-filter is null
     */
    public PdfSignatureVerification {
        Objects.requireNonNull(signerCertificate, "signerCertificate");
        Objects.requireNonNull(subFilter, "subFilter");
    }

    /** @return a description without personal data */
    @Override
    public String toString() {
        return "PdfSignatureVerification[" + subFilter + ", coversWholeDocument=" + coversWholeDocument + "]";
    }
}
