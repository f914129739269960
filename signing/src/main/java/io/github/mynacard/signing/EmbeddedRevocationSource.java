package io.github.mynacard.signing;

import io.github.mynacard.revocation.CrlSource;
import io.github.mynacard.revocation.RevocationEvidence;
import io.github.mynacard.revocation.RevocationSource;
import io.github.mynacard.revocation.RevocationStatus;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers from the CRLs and OCSP responses a long-term signature carries, never from the network,
 * as of a moment {@code at} (the signature's trusted time, say).
 *
 * <p><b>The freshness rule.</b> An item counts when it was current at {@code at} or was issued
 * after it: its {@code nextUpdate} (for an OCSP response without one, ten minutes after its
 * {@code thisUpdate}) is not before {@code at}. An item issued after {@code at} that does not list
 * the certificate shows it was not revoked at {@code at}; one that lists it carries the revocation
 * time, and {@link RevocationStatus#revokedAt(Instant)} tells whether that was before {@code at}.
 * An item that had expired before {@code at} says nothing about it. Every other check of {@link
 * CrlSource} and {@link OcspSource} applies (signature by the issuer or its delegated responder,
 * the certificate covered), except the nonce. The first item with a definite answer wins, in the
 * order given; an item that does not parse answers unknown instead of failing the build.
 * Immutable and thread-safe.
 */
public final class EmbeddedRevocationSource implements RevocationSource {

    private final List<RevocationEvidence> evidence;
    private final Instant at;

    private EmbeddedRevocationSource(List<RevocationEvidence> evidence, Instant at) {
        this.evidence = evidence;
        this.at = at;
    }

    /**
     * @param evidence the CRLs and OCSP responses a signature carries
     * @param at the moment the answer is about
     * @return the source
     */
    public static EmbeddedRevocationSource of(List<RevocationEvidence> evidence, Instant at) {
        Objects.requireNonNull(evidence, "evidence");
        evidence.forEach(e -> Objects.requireNonNull(e, "evidence item"));
        return new EmbeddedRevocationSource(List.copyOf(evidence), Objects.requireNonNull(at, "at"));
    }

    /** @return the evidence */
    public List<RevocationEvidence> evidence() {
        return evidence;
    }

    /** @return the moment the answer is about */
    public Instant at() {
        return at;
    }

    @Override
    public String describe() {
        return "revocation data embedded in the signature (" + evidence.size() + " item" + (evidence.size() == 1 ? "" : "s")
                + ", as of " + at + ")";
    }

    @Override
    public String toString() {
        return "EmbeddedRevocationSource[" + evidence.size() + " items, at=" + at + "]";
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuer, "issuer");
        List<String> why = new ArrayList<>();
        for (RevocationEvidence e : evidence) {
            RevocationStatus s;
            try {
                s = e.kind() == RevocationEvidence.Kind.OCSP
                        ? OcspResponseCheck.judge(e.der(), "embedded OCSP response " + e.source(), certificate, issuer, null, null, at, true)
                        : CrlSource.asOf(List.of(e), at).check(certificate, issuer);
            } catch (IllegalArgumentException x) {
                s = RevocationStatus.unknown(x.getMessage());
            }
            if (s.status() == RevocationStatus.Status.GOOD || s.status() == RevocationStatus.Status.REVOKED) {
                return s;
            }
            why.add(s.detail());
        }
        return RevocationStatus.unknown(why.isEmpty() ? "the signature carries no revocation data" : String.join("; ", why));
    }
}
