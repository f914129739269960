package io.github.mynacard.signing;

import io.github.mynacard.revocation.RevocationEvidence;
import io.github.mynacard.revocation.RevocationStatus;
import io.github.mynacard.signing.SignatureVerification.Verdict;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The verdict on a signature whose cryptography verified: trusted time, validity, chain, revocation. */
final class Judge {

    private Judge() {
    }

    /** What the container gave. */
    record Input(X509Certificate signer, List<X509Certificate> pool, List<RevocationEvidence> embedded, Instant claimedTime,
            List<Timestamp> signatureTimestamps, List<Timestamp> documentTimestamps, String failure, boolean pkcs7,
            boolean validationData, String subFilter, boolean coversWholeDocument) {
    }

    static SignatureVerification judge(Input in, VerificationOptions o) {
        List<Instant> sigTimes = in.signatureTimestamps().stream().map(Timestamp::time).sorted().toList();
        List<Instant> docTimes = in.documentTimestamps().stream().map(Timestamp::time).sorted().toList();
        Instant trusted = !sigTimes.isEmpty() ? sigTimes.get(0) : !docTimes.isEmpty() ? docTimes.get(0) : null;
        SignatureLevel base = sigTimes.isEmpty() ? SignatureLevel.B_B
                : !in.validationData() ? SignatureLevel.B_T
                : docTimes.isEmpty() ? SignatureLevel.B_LT : SignatureLevel.B_LTA;
        SignatureVerification.Level level = SignatureVerification.Level.of(base, in.pkcs7());
        Instant signingTime = trusted != null ? trusted : in.claimedTime() != null ? in.claimedTime() : o.clock().instant();
        List<X509Certificate> pool = new ArrayList<>(in.pool());
        pool.addAll(o.trustAnchors());
        X509Certificate issuer = Chains.issuerOf(in.signer(), pool);
        RevocationStatus status = revocation(in, o, issuer, trusted);
        Verdict verdict;
        String detail;
        X509Certificate c = in.signer();
        if (in.failure() != null) {
            verdict = Verdict.INVALID;
            detail = in.failure();
        } else if (outsideValidity(c, signingTime, timeKind(in, trusted)) != null) {
            verdict = Verdict.CERTIFICATE_EXPIRED_AT_SIGNING;
            detail = outsideValidity(c, signingTime, timeKind(in, trusted));
        } else if (!o.trustAnchors().isEmpty() && !leadsToAnchor(c, in.pool(), o.trustAnchors(), signingTime)) {
            verdict = Verdict.INVALID;
            detail = "the signer certificate does not lead to a trusted root";
        } else if (status.status() == RevocationStatus.Status.REVOKED) {
            if (trusted != null && status.revocationTime().isAfter(trusted)) {
                verdict = Verdict.VALID_REVOKED_LATER;
                detail = "the signer certificate was revoked on " + status.revocationTime() + " (" + status.reason().label()
                        + "), after the time-stamped signing time " + trusted;
            } else {
                verdict = Verdict.REVOKED;
                detail = "the signer certificate was revoked on " + status.revocationTime() + " (" + status.reason().label() + ")"
                        + (trusted == null ? ", and no time-stamp shows the signature was made before" : ", before the signing time");
            }
        } else if (status.status() == RevocationStatus.Status.UNKNOWN) {
            verdict = Verdict.REVOCATION_UNKNOWN;
            detail = "whether the signer certificate is revoked cannot be told: " + status.detail();
        } else {
            verdict = Verdict.VALID;
            detail = "the signature verifies" + (trusted != null ? " and was time-stamped at " + trusted : "")
                    + (status.status() == RevocationStatus.Status.GOOD ? "; the certificate is not revoked" : "; revocation not checked");
        }
        return new SignatureVerification(c, level, in.claimedTime(), sigTimes, docTimes, trusted, status, verdict, detail,
                in.subFilter(), in.coversWholeDocument());
    }

    /** Which signing time a verdict goes by: a verified time-stamp's, the signer's claim, or the verifier's clock. */
    enum TimeKind {
        TIME_STAMPED, CLAIMED, CURRENT
    }

    private static TimeKind timeKind(Input in, Instant trusted) {
        return trusted != null ? TimeKind.TIME_STAMPED : in.claimedTime() != null ? TimeKind.CLAIMED : TimeKind.CURRENT;
    }

    /**
     * Whether the signer's certificate was within its validity at the signing time: the earliest
     * verified signature time-stamp (else document time-stamp), else the claimed signing time,
     * else the clock's time. The plain verifiers ({@link CmsVerifier#verifyDetached(byte[], byte[])},
     * {@link PdfVerifier#verify(byte[])}) apply the same rule as the verdicts.
     *
     * @param in what the container gave
     * @param clock the time when the signature gives none
     * @return null when the certificate was valid then, else one sentence saying when it expired
     *     (or began) and the signing time it was judged at
     */
    static String outsideValidity(Input in, java.time.Clock clock) {
        Instant trusted = trustedTime(in);
        Instant signingTime = trusted != null ? trusted : in.claimedTime() != null ? in.claimedTime() : clock.instant();
        return outsideValidity(in.signer(), signingTime, timeKind(in, trusted));
    }

    private static Instant trustedTime(Input in) {
        return java.util.stream.Stream.concat(in.signatureTimestamps().stream().map(Timestamp::time).sorted().limit(1),
                in.documentTimestamps().stream().map(Timestamp::time).sorted().limit(1)).findFirst().orElse(null);
    }

    private static String outsideValidity(X509Certificate c, Instant signingTime, TimeKind kind) {
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        String time = switch (kind) {
            case TIME_STAMPED -> "the time-stamped signing time " + signingTime;
            case CLAIMED -> "the claimed signing time " + signingTime;
            case CURRENT -> "the current time " + signingTime + " (the signature gives no signing time)";
        };
        if (signingTime.isAfter(notAfter)) {
            return "the signing certificate had expired on " + notAfter + ", before " + time;
        }
        if (signingTime.isBefore(notBefore)) {
            return "the signing certificate was not yet valid at " + time + ": its validity begins on " + notBefore;
        }
        return null;
    }

    private static RevocationStatus revocation(Input in, VerificationOptions o, X509Certificate issuer, Instant trusted) {
        switch (o.revocationMode()) {
            case OFF:
                return RevocationStatus.notChecked();
            case EMBEDDED:
                if (in.embedded().isEmpty()) {
                    return RevocationStatus.notChecked();
                }
                if (issuer == null) {
                    return RevocationStatus.unknown("the issuer of the signer certificate is not known");
                }
                return EmbeddedRevocationSource.of(in.embedded(), trusted != null ? trusted : o.clock().instant())
                        .check(in.signer(), issuer);
            default:
                if (issuer == null) {
                    return RevocationStatus.unknown("the issuer of the signer certificate is not known");
                }
                return o.revocationChecker().check(in.signer(), issuer);
        }
    }

    static boolean leadsToAnchor(X509Certificate cert, List<X509Certificate> pool, List<X509Certificate> anchors, Instant at) {
        try {
            if (anchors.contains(cert)) {
                return true;
            }
            Set<TrustAnchor> ta = new HashSet<>();
            for (X509Certificate a : anchors) {
                ta.add(new TrustAnchor(a, null));
            }
            PKIXParameters p = new PKIXParameters(ta);
            p.setRevocationEnabled(false);
            p.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(Chains.pathTo(cert, pool, anchors)), p);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static Comparator<Timestamp> byTime() {
        return Comparator.comparing(Timestamp::time);
    }
}
