package io.github.mynacard.signing;

import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationStatus;
import io.github.mynacard.signing.PreflightException.Reason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The checks made before a signature, before any card operation (and so before the PIN is asked):
 * <ol>
 *   <li>the signing certificate is within its validity now (an expired certificate is refused
 *       with {@link Reason#CERTIFICATE_EXPIRED}, not signed with);</li>
 *   <li>when a revocation checker is enabled (B-LT and B-LTA need one), it says the certificate is
 *       not revoked: revoked is {@link Reason#CERTIFICATE_REVOKED}, no answer is {@link
 *       Reason#REVOCATION_UNAVAILABLE};</li>
 *   <li>for B-T and above, the time-stamp authority gives a verified time-stamp of a throwaway
 *       digest ({@link Reason#TSA_UNAVAILABLE}, with the {@link TimestampException.Reason}).</li>
 * </ol>
 * {@link CmsSigner} and {@link PdfSigner} run these checks themselves before they use the key;
 * an application calls them earlier to refuse before it asks for the PIN.
 *
 * <pre>{@code
 * SigningPreflight.builder(certificate).issuer(caCertificate).level(SignatureLevel.B_LT)
 *     .revocation(checker).timestamps(tsa).build().check();
 * }</pre>
 */
public final class SigningPreflight {

    /**
     * What the checks found.
     *
     * @param revocation the revocation answer ({@link RevocationStatus.Status#NOT_CHECKED} without a checker)
     * @param probe the throwaway time-stamp, or null below B-T
     */
    public record Result(RevocationStatus revocation, Timestamp probe) {
    }

    private final X509Certificate certificate;
    private final X509Certificate issuer;
    private final SignatureLevel level;
    private final RevocationChecker revocation;
    private final TsaClient tsa;
    private final Clock clock;

    private SigningPreflight(Builder b) {
        this.certificate = b.certificate;
        this.issuer = b.issuer;
        this.level = b.level;
        this.revocation = b.revocation;
        this.tsa = b.tsa;
        this.clock = b.clock;
    }

    /**
     * @param signingCertificate the certificate the signature will be made with
     * @return a builder (level B-B, no revocation checker, no authority, the system clock)
     */
    public static Builder builder(X509Certificate signingCertificate) {
        return new Builder(Objects.requireNonNull(signingCertificate, "signingCertificate"));
    }

    /** Options of a {@link SigningPreflight}. */
    public static final class Builder {
        private final X509Certificate certificate;
        private X509Certificate issuer;
        private SignatureLevel level = SignatureLevel.B_B;
        private RevocationChecker revocation = RevocationChecker.none();
        private TsaClient tsa;
        private Clock clock = Clock.systemUTC();

        private Builder(X509Certificate certificate) {
            this.certificate = certificate;
        }

        /**
         * @param issuer the signing certificate's issuer (needed to check revocation); null for unknown
         * @return this builder
         */
        public Builder issuer(X509Certificate issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * @param level the level the signature will be made at
         * @return this builder
         */
        public Builder level(SignatureLevel level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param checker the revocation checker; {@link RevocationChecker#none()} to skip the check (B-B, B-T only)
         * @return this builder
         */
        public Builder revocation(RevocationChecker checker) {
            this.revocation = Objects.requireNonNull(checker, "checker");
            return this;
        }

        /**
         * @param tsa the time-stamp authority (needed from B-T); null for none
         * @return this builder
         */
        public Builder timestamps(TsaClient tsa) {
            this.tsa = tsa;
            return this;
        }

        /**
         * @param clock the clock "now" is read from; default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the checks */
        public SigningPreflight build() {
            return new SigningPreflight(this);
        }
    }

    /**
     * Runs the checks.
     *
     * @return what they found
     * @throws PreflightException when a signature must not be attempted
     */
    public Result check() throws PreflightException {
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new PreflightException(Reason.CERTIFICATE_EXPIRED, "the signing certificate expired on "
                    + certificate.getNotAfter().toInstant() + "; a signature made with it would not be valid", null);
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new PreflightException(Reason.CERTIFICATE_NOT_YET_VALID, "the signing certificate is valid only from "
                    + certificate.getNotBefore().toInstant(), null);
        }
        RevocationStatus status = RevocationStatus.notChecked();
        if (level.longTerm() && !revocation.enabled()) {
            throw new PreflightException(Reason.REVOCATION_UNAVAILABLE, "level " + level.label()
                    + " embeds revocation data, but no revocation source is configured", null);
        }
        if (revocation.enabled()) {
            if (issuer == null) {
                throw new PreflightException(Reason.REVOCATION_UNAVAILABLE,
                        "the issuer's certificate is not known, so revocation cannot be checked", null);
            }
            status = revocation.check(certificate, issuer);
            switch (status.status()) {
                case REVOKED -> throw new PreflightException(Reason.CERTIFICATE_REVOKED, "the signing certificate was revoked on "
                        + status.revocationTime() + " (" + status.reason().label() + ")", null);
                case UNKNOWN, NOT_CHECKED -> throw new PreflightException(Reason.REVOCATION_UNAVAILABLE,
                        "whether the signing certificate is revoked cannot be told: " + status.detail(), null);
                default -> {
                }
            }
        }
        Timestamp probe = null;
        if (level.timestamped()) {
            if (tsa == null) {
                throw new PreflightException(Reason.TSA_UNAVAILABLE, "level " + level.label()
                        + " needs a time-stamp authority, and none is configured", null);
            }
            try {
                probe = tsa.probe();
            } catch (TimestampException e) {
                throw new PreflightException(Reason.TSA_UNAVAILABLE, "the time-stamp authority gave no usable time-stamp: "
                        + e.getMessage(), e);
            }
        }
        return new Result(status, probe);
    }
}
