package io.github.mynacard.signing;

import io.github.mynacard.revocation.RevocationStatus;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a verifier found for one signature whose cryptography verified.
 *
 * @param signerCertificate the certificate whose key made the signature
 * @param level the level found
 * @param claimedSigningTime the time the signer claims (signing-time attribute, or a PDF's {@code
 *     /M}), or null; not trusted
 * @param signatureTimestampTimes the times of the signature time-stamps that verified
 * @param documentTimestampTimes the times of the document time-stamps over this signature that verified (PDF)
 * @param trustedSigningTime the earliest trusted time (a signature time-stamp, else a document
 *     time-stamp), or null when there is none
 * @param revocation the revocation status of the signer certificate
 * @param verdict the verdict
 * @param detail one sentence saying why
 * @param subFilter the PDF {@code /SubFilter}, or null for a CMS signature
 * @param coversWholeDocument for a PDF, whether the signature covers the file to its end, apart
 *     from later validation data and document time-stamps; true for a CMS signature
 */
public record SignatureVerification(X509Certificate signerCertificate, Level level, Instant claimedSigningTime,
        List<Instant> signatureTimestampTimes, List<Instant> documentTimestampTimes, Instant trustedSigningTime,
        RevocationStatus revocation, Verdict verdict, String detail, String subFilter, boolean coversWholeDocument) {

    /** The level a signature was found at; the PKCS#7 forms are the {@code adbe.pkcs7.detached} PDF signatures. */
    public enum Level {
        /** Baseline B. */
        B_B,
        /** Baseline T: a signature time-stamp. */
        B_T,
        /** Baseline LT: and validation data. */
        B_LT,
        /** Baseline LTA: and a (document or archive) time-stamp over it. */
        B_LTA,
        /** {@code adbe.pkcs7.detached}, no time-stamp. */
        PKCS7_B,
        /** {@code adbe.pkcs7.detached} with a signature time-stamp. */
        PKCS7_T,
        /** {@code adbe.pkcs7.detached}, time-stamped, with validation data. */
        PKCS7_LT,
        /** {@code adbe.pkcs7.detached}, time-stamped, with validation data and a document time-stamp. */
        PKCS7_LTA;

        /** @return the label: {@code b-lta}, {@code pkcs7-t} */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Level of(SignatureLevel base, boolean pkcs7) {
            return values()[base.ordinal() + (pkcs7 ? 4 : 0)];
        }
    }

    /** The verdict on a signature. */
    public enum Verdict {
        /** Valid: the certificate was valid and not revoked at the signing time (as far as checked). */
        VALID,
        /**
         * Valid: the certificate was revoked, but after the trusted (time-stamped) signing time;
         * a time-stamped signature made before the revocation stands.
         */
        VALID_REVOKED_LATER,
        /** The certificate was revoked before the signing time, or is revoked and no trusted time shows otherwise. */
        REVOKED,
        /** Revocation was to be checked, and no source could say. */
        REVOCATION_UNKNOWN,
        /** The signer certificate was not within its validity at the signing time. */
        CERTIFICATE_EXPIRED_AT_SIGNING,
        /** A time-stamp does not verify, or a certificate does not lead to a trust anchor. */
        INVALID
    }

    /**
     * @param signerCertificate the signer certificate
     * @param level the level
     * @param claimedSigningTime the claimed time, or null
     * @param signatureTimestampTimes the signature time-stamps' times
     * @param documentTimestampTimes the document time-stamps' times
     * @param trustedSigningTime the trusted time, or null
     * @param revocation the revocation status
     * @param verdict the verdict
     * @param detail why
     * @param subFilter the sub-filter, or null
     * @param coversWholeDocument whether it covers the whole document
     */
    public SignatureVerification {
        Objects.requireNonNull(signerCertificate, "signerCertificate");
        Objects.requireNonNull(level, "level");
        signatureTimestampTimes = List.copyOf(signatureTimestampTimes);
        documentTimestampTimes = List.copyOf(documentTimestampTimes);
        Objects.requireNonNull(revocation, "revocation");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return whether the verdict is {@link Verdict#VALID} or {@link Verdict#VALID_REVOKED_LATER} */
    public boolean valid() {
        return verdict == Verdict.VALID || verdict == Verdict.VALID_REVOKED_LATER;
    }

    /** @return a description without personal data */
    @Override
    public String toString() {
        return "SignatureVerification[" + verdict + ", " + level.label() + ", trusted time " + trustedSigningTime + ", revocation "
                + revocation.status() + ": " + detail + "]";
    }
}
