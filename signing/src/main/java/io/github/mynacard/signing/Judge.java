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
        } else if (signingTime.isBefore(c.getNotBefore().toInstant()) || signingTime.isAfter(c.getNotAfter().toInstant())) {
            verdict = Verdict.CERTIFICATE_EXPIRED_AT_SIGNING;
            detail = "the signer certificate (valid " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant()
                    + ") was not valid at the " + (trusted != null ? "time-stamped" : in.claimedTime() != null ? "claimed" : "current")
                    + " signing time " + signingTime;
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
