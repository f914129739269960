package io.github.mynacard.cert;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a certificate remains valid, judged from its {@code notBefore}/{@code notAfter} and a
 * {@link Clock}.
 *
 * <p>A JPKI holder certificate expires at the holder's <b>5th birthday after it was issued</b>
 * (capped at the card's own expiry). Holders usually estimate it as the card's expiry date minus
 * five years, since the card lasts until the 10th birthday after issue; the certificate's
 * {@code notAfter} is the authoritative date.
 *
 * @param status the verdict
 * @param notAfter the last instant of validity
 * @param remaining the time from the clock's instant to {@code notAfter}; negative once expired
 */
public record CertificateValidity(Status status, Instant notAfter, Duration remaining) {

    /** The window in which a certificate counts as {@link Status#EXPIRING_SOON}: 90 days. */
    public static final Duration WARNING_WINDOW = Duration.ofDays(90);

    /** The verdict. */
    public enum Status {
        /** The clock is before {@code notBefore}. */
        NOT_YET_VALID,
        /** Valid for more than {@link #WARNING_WINDOW}. */
        VALID,
        /** Valid now, but {@code notAfter} is at most {@link #WARNING_WINDOW} away. */
        EXPIRING_SOON,
        /** The clock is after {@code notAfter}. */
        EXPIRED
    }

    /**
     * @param status the verdict
     * @param notAfter the last instant of validity
     * @param remaining the time left
     * @throws NullPointerException when an argument is null
     */
    public CertificateValidity {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(remaining, "remaining");
    }

    /**
     * Judges a certificate at the clock's instant. {@code notAfter} itself still counts as valid
     * (X.509 validity is inclusive); a certificate expiring exactly 90 days from now is
     * {@link Status#EXPIRING_SOON}.
     *
     * @param certificate the certificate
     * @param clock the current time (use a fixed clock in tests)
     * @return the verdict with the date and the time left
     * @throws NullPointerException when an argument is null
     */
    public static CertificateValidity of(X509Certificate certificate, Clock clock) {
        Objects.requireNonNull(certificate, "certificate");
        Instant now = Objects.requireNonNull(clock, "clock").instant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration remaining = Duration.between(now, notAfter);
        Status status;
        if (now.isBefore(notBefore)) {
            status = Status.NOT_YET_VALID;
        } else if (now.isAfter(notAfter)) {
            status = Status.EXPIRED;
        } else if (remaining.compareTo(WARNING_WINDOW) <= 0) {
            status = Status.EXPIRING_SOON;
        } else {
            status = Status.VALID;
        }
        return new CertificateValidity(status, notAfter, remaining);
    }

    /** @return true for {@link Status#VALID} and {@link Status#EXPIRING_SOON} */
    public boolean isUsable() {
        return status == Status.VALID || status == Status.EXPIRING_SOON;
    }
}
