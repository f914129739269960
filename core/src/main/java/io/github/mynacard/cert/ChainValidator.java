package io.github.mynacard.cert;

import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationStatus;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a card certificate's chain with the JDK's PKIX {@link CertPathValidator}.
 *
 * <h2>Chain building: by key, never by name</h2>
 * Several generations of JPKI CA certificates share one DN, so a name lookup can pick the wrong
 * one. Starting at the end entity, the issuer of each certificate is the first anchor (in
 * {@link TrustAnchors} order), else the first given intermediate, whose <b>public key verifies the
 * certificate's signature</b>. Once an anchor is found, PKIX validation runs with that anchor
 * alone; its name chaining, validity, key-usage and basic-constraints checks still apply.
 *
 * <h2>Revocation</h2>
 * Off unless {@link #withRevocation(RevocationChecker)} gives a checker. Then, after PKIX
 * accepted the chain, each certificate below the anchor is checked against its issuer: one
 * revoked at or before the validation time fails with {@link ChainValidationException.Reason#REVOKED},
 * one no source can answer for with {@link ChainValidationException.Reason#UNDETERMINED_REVOCATION_STATUS}.
 * A revocation after the validation time leaves the chain valid; the end entity's answer is
 * {@link ChainValidation#revocation()} either way. The JDK's own PKIX revocation checker is never
 * used (it would fetch from the network without the bounds of
 * {@link io.github.mynacard.revocation.HttpSettings}).
 * Instances are immutable and thread-safe.
 */
public final class ChainValidator {

    private static final int MAX_DEPTH = 8;

    private final TrustAnchors anchors;
    private final Clock clock;
    private final RevocationChecker revocation;

    private ChainValidator(TrustAnchors anchors, Clock clock, RevocationChecker revocation) {
        this.anchors = anchors;
        this.clock = clock;
        this.revocation = revocation;
    }

    /**
     * A validator against some anchors, at the system clock's time, without revocation checking.
     *
     * @param anchors the trust anchors
     * @return the validator
     */
    public static ChainValidator of(TrustAnchors anchors) {
        return new ChainValidator(Objects.requireNonNull(anchors, "anchors"), Clock.systemUTC(), RevocationChecker.none());
    }

    /**
     * @param clock the time at which validity is judged
     * @return a copy that validates at the clock's time
     */
    public ChainValidator withClock(Clock clock) {
        return new ChainValidator(anchors, Objects.requireNonNull(clock, "clock"), revocation);
    }

    /**
     * @param checker the sources that say whether a certificate was revoked ({@link
     *     RevocationChecker#none()} turns checking off)
     * @return a copy that checks revocation with them
     */
    public ChainValidator withRevocation(RevocationChecker checker) {
        return new ChainValidator(anchors, clock, Objects.requireNonNull(checker, "checker"));
    }

    /**
     * Validates an end-entity certificate without intermediates (JPKI holder certificates are
     * issued directly by the root).
     *
     * @param endEntity the holder's certificate
     * @return the chain and the anchor used
     * @throws ChainValidationException when no anchor signed it, or the chain is invalid
     */
    public ChainValidation validate(X509Certificate endEntity) throws ChainValidationException {
        return validate(endEntity, List.of());
    }

    /**
     * Builds and validates a chain.
     *
     * @param endEntity the holder's certificate
     * @param intermediates candidate intermediate CA certificates, in any order (may be empty)
     * @return the chain and the anchor used
     * @throws ChainValidationException when no chain to an anchor can be built by key
     *     ({@link ChainValidationException.Reason#NO_ISSUER_FOUND}) or PKIX rejects it (the other
     *     reasons, {@link ChainValidationException.Reason#REVOKED} and {@link
     *     ChainValidationException.Reason#UNDETERMINED_REVOCATION_STATUS} with a revocation checker)
     */
    public ChainValidation validate(X509Certificate endEntity, List<X509Certificate> intermediates)
            throws ChainValidationException {
        Objects.requireNonNull(endEntity, "endEntity");
        Objects.requireNonNull(intermediates, "intermediates");
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(endEntity);
        X509Certificate current = endEntity;
        X509Certificate anchor = null;
        while (anchor == null) {
            anchor = signerAmong(current, anchors.certificates());
            if (anchor != null) {
                break;
            }
            X509Certificate next = signerAmong(current, intermediates);
            if (next == null || chain.contains(next) || chain.size() >= MAX_DEPTH) {
                String note = anchors.noIssuerNote(current);
                throw new ChainValidationException(ChainValidationException.Reason.NO_ISSUER_FOUND, (note.isEmpty() ? "" : note + "; ")
                        + "no trust anchor or intermediate has the key that signed the certificate issued by "
                                + current.getIssuerX500Principal().getName() + " (checked " + count(anchors.certificates().size(), "anchor")
                                + " and " + count(intermediates.size(), "intermediate") + " by signature)", null);
            }
            chain.add(next);
            current = next;
        }
        pkix(chain, anchor);
        return new ChainValidation(chain, anchor, revocation(chain, anchor));
    }

    /** Checks each certificate below the anchor; returns the end entity's status. */
    private RevocationStatus revocation(List<X509Certificate> chain, X509Certificate anchor) throws ChainValidationException {
        if (!revocation.enabled()) {
            return RevocationStatus.notChecked();
        }
        Instant at = clock.instant();
        RevocationStatus endEntity = null;
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : anchor;
            RevocationStatus s = revocation.check(cert, issuer);
            String which = i == 0 ? "the certificate" : "the CA certificate " + cert.getSubjectX500Principal().getName();
            if (s.revokedAt(at)) {
                throw new ChainValidationException(ChainValidationException.Reason.REVOKED, which + " was revoked at "
                        + s.revocationTime() + " (" + s.reason().label() + "): " + s.detail(), null, s);
            }
            if (s.status() == RevocationStatus.Status.UNKNOWN) {
                throw new ChainValidationException(ChainValidationException.Reason.UNDETERMINED_REVOCATION_STATUS,
                        "whether " + which + " was revoked could not be determined: " + s.detail(), null, s);
            }
            if (i == 0) {
                endEntity = s;
            }
        }
        return endEntity;
    }

    /** The first candidate whose public key verifies the certificate's signature, or null. */
    private static X509Certificate signerAmong(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            try {
                cert.verify(c.getPublicKey());
                return c;
            } catch (GeneralSecurityException e) {
                // not this one
            }
        }
        return null;
    }

    private void pkix(List<X509Certificate> chain, X509Certificate anchor) throws ChainValidationException {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            throw new ChainValidationException(reasonOf(e), "the chain to the anchor "
                    + anchor.getSubjectX500Principal().getName() + " is invalid: " + e.getMessage(), e);
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new ChainValidationException(ChainValidationException.Reason.INVALID,
                    "the chain could not be checked: " + e.getMessage(), e);
        }
    }

    private static ChainValidationException.Reason reasonOf(CertPathValidatorException e) {
        CertPathValidatorException.Reason r = e.getReason();
        if (r == CertPathValidatorException.BasicReason.EXPIRED) {
            return ChainValidationException.Reason.EXPIRED;
        }
        if (r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return ChainValidationException.Reason.NOT_YET_VALID;
        }
        if (r == CertPathValidatorException.BasicReason.REVOKED) {
            return ChainValidationException.Reason.REVOKED;
        }
        if (r == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return ChainValidationException.Reason.UNDETERMINED_REVOCATION_STATUS;
        }
        if (r == PKIXReason.NO_TRUST_ANCHOR) {
            return ChainValidationException.Reason.NO_ISSUER_FOUND;
        }
        return ChainValidationException.Reason.INVALID;
    }

    /** @return a description */
    @Override
    public String toString() {
        return "ChainValidator[anchors=" + anchors.certificates().size() + ", revocation=" + revocation.sources().stream().map(r -> r.describe()).toList() + "]";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
