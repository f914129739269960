package io.github.mynacard.revocation;

import java.time.Instant;
import java.util.Objects;

/**
 * What a revocation source said about one certificate, at the moment it was asked.
 *
 * @param status good, revoked, unknown or not checked
 * @param revocationTime when it was revoked ({@link Status#REVOKED} only, else null)
 * @param reason why it was revoked ({@link Status#REVOKED} only, else null)
 * @param detail a sentence for people: which source answered, or why none could; no personal data
 * @param evidence the CRL or OCSP response the answer came from, or null ({@link Status#UNKNOWN},
 *     {@link Status#NOT_CHECKED})
 * @param thisUpdate when the evidence was issued, or null
 * @param nextUpdate when the evidence is due to be replaced, or null when it does not say
 */
public record RevocationStatus(Status status, Instant revocationTime, RevocationReason reason, String detail,
        RevocationEvidence evidence, Instant thisUpdate, Instant nextUpdate) {

    /** The answer. */
    public enum Status {
        /** A source vouched that the certificate was not revoked. */
        GOOD,
        /** A source said that the certificate was revoked, with the time and reason. */
        REVOKED,
        /** No source could say: unreachable, stale, wrongly signed, or not covering the certificate. */
        UNKNOWN,
        /** Revocation was not checked (no source configured). */
        NOT_CHECKED
    }

    /**
     * @param status the answer
     * @param revocationTime the revocation time, for {@link Status#REVOKED}
     * @param reason the reason, for {@link Status#REVOKED}
     * @param detail the sentence
     * @param evidence the evidence, or null
     * @param thisUpdate the evidence's issue time, or null
     * @param nextUpdate the evidence's next update, or null
     */
    public RevocationStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (status == Status.REVOKED) {
            Objects.requireNonNull(revocationTime, "revocationTime");
            Objects.requireNonNull(reason, "reason");
        } else if (revocationTime != null || reason != null) {
            throw new IllegalArgumentException("only a revoked status has a revocation time and reason");
        }
    }

    /**
     * @param detail which source vouched
     * @param evidence the CRL or OCSP response
     * @param thisUpdate its issue time
     * @param nextUpdate its next update, or null
     * @return a good status
     */
    public static RevocationStatus good(String detail, RevocationEvidence evidence, Instant thisUpdate, Instant nextUpdate) {
        return new RevocationStatus(Status.GOOD, null, null, detail, evidence, thisUpdate, nextUpdate);
    }

    /**
     * @param time when it was revoked
     * @param reason why
     * @param detail which source said so
     * @param evidence the CRL or OCSP response
     * @param thisUpdate its issue time
     * @param nextUpdate its next update, or null
     * @return a revoked status
     */
    public static RevocationStatus revoked(Instant time, RevocationReason reason, String detail, RevocationEvidence evidence,
            Instant thisUpdate, Instant nextUpdate) {
        return new RevocationStatus(Status.REVOKED, time, reason, detail, evidence, thisUpdate, nextUpdate);
    }

    /**
     * @param why why no source could say
     * @return an unknown status
     */
    public static RevocationStatus unknown(String why) {
        return new RevocationStatus(Status.UNKNOWN, null, null, why, null, null, null);
    }

    /** @return the status of a check that was not made */
    public static RevocationStatus notChecked() {
        return new RevocationStatus(Status.NOT_CHECKED, null, null, "revocation not checked", null, null, null);
    }

    /** @return whether a source said the certificate is revoked (at any time) */
    public boolean isRevoked() {
        return status == Status.REVOKED;
    }

    /**
     * @param t a moment, such as a signature's trusted time
     * @return whether the certificate was already revoked at {@code t} (a revocation after it
     *     leaves a signature made at {@code t} standing)
     */
    public boolean revokedAt(Instant t) {
        return status == Status.REVOKED && !revocationTime.isAfter(t);
    }
}
