package io.github.mynacard.signing;

import io.github.mynacard.revocation.RevocationChecker;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How {@link CmsVerifier#verify(byte[], byte[], VerificationOptions)} and {@link
 * PdfVerifier#verify(byte[], VerificationOptions)} judge a signature beyond its cryptography.
 * Immutable; start from {@link #defaults()}.
 */
public final class VerificationOptions {

    /** Where revocation status comes from. */
    public enum RevocationMode {
        /** Not checked: the status is {@code NOT_CHECKED}. */
        OFF,
        /**
         * The signature's own evidence (a CMS's {@code crls}, a PDF's {@code /DSS}), judged as of
         * the trusted signing time; not checked when there is none.
         */
        EMBEDDED,
        /** A {@link RevocationChecker}, asked now (CRLs, OCSP). */
        CHECKER
    }

    private static final VerificationOptions DEFAULTS =
            new VerificationOptions(List.of(), RevocationMode.EMBEDDED, RevocationChecker.none(), Clock.systemUTC());

    private final List<X509Certificate> anchors;
    private final RevocationMode mode;
    private final RevocationChecker checker;
    private final Clock clock;

    private VerificationOptions(List<X509Certificate> anchors, RevocationMode mode, RevocationChecker checker, Clock clock) {
        this.anchors = List.copyOf(anchors);
        this.mode = mode;
        this.checker = checker;
        this.clock = clock;
    }

    /** @return no trust anchors (chains not checked), embedded revocation data, the system clock */
    public static VerificationOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param trustAnchors roots the signer's and authorities' certificates must lead to; empty to skip that check
     * @return options with them
     */
    public VerificationOptions withTrustAnchors(List<X509Certificate> trustAnchors) {
        return new VerificationOptions(Objects.requireNonNull(trustAnchors, "trustAnchors"), mode, checker, clock);
    }

    /**
     * @param revocationMode {@link RevocationMode#OFF} or {@link RevocationMode#EMBEDDED}; for
     *     {@link RevocationMode#CHECKER} use {@link #withRevocationChecker(RevocationChecker)}
     * @return options with that mode
     */
    public VerificationOptions withRevocation(RevocationMode revocationMode) {
        Objects.requireNonNull(revocationMode, "revocationMode");
        if (revocationMode == RevocationMode.CHECKER && !checker.enabled()) {
            throw new IllegalArgumentException("give the checker with withRevocationChecker");
        }
        return new VerificationOptions(anchors, revocationMode, checker, clock);
    }

    /**
     * @param revocationChecker the checker to ask; the mode becomes {@link RevocationMode#CHECKER}
     * @return options with it
     */
    public VerificationOptions withRevocationChecker(RevocationChecker revocationChecker) {
        return new VerificationOptions(anchors, RevocationMode.CHECKER, Objects.requireNonNull(revocationChecker, "checker"),
                clock);
    }

    /**
     * @param clock the source of "now" (used when a signature has no time of its own)
     * @return options with it
     */
    public VerificationOptions withClock(Clock clock) {
        return new VerificationOptions(anchors, mode, checker, Objects.requireNonNull(clock, "clock"));
    }

    /** @return the trust anchors (empty: chains not checked) */
    public List<X509Certificate> trustAnchors() {
        return anchors;
    }

    /** @return the revocation mode */
    public RevocationMode revocationMode() {
        return mode;
    }

    /** @return the checker ({@link RevocationChecker#none()} unless the mode is {@link RevocationMode#CHECKER}) */
    public RevocationChecker revocationChecker() {
        return checker;
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }
}
