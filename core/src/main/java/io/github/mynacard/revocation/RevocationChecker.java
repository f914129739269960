package io.github.mynacard.revocation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Asks its sources in order and takes the first definite answer (good or revoked); when none has
 * one, the answer is unknown with every source's reason. With no sources ({@link #none()}) every
 * answer is {@link RevocationStatus.Status#NOT_CHECKED}. Immutable and thread-safe when its sources are.
 */
public final class RevocationChecker {

    private static final RevocationChecker NONE = new RevocationChecker(List.of());

    private final List<RevocationSource> sources;

    private RevocationChecker(List<RevocationSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** @return a checker that checks nothing: every answer is not checked */
    public static RevocationChecker none() {
        return NONE;
    }

    /**
     * @param sources the sources, asked in this order
     * @return the checker ({@link #none()} when there are none)
     */
    public static RevocationChecker of(List<? extends RevocationSource> sources) {
        Objects.requireNonNull(sources, "sources");
        sources.forEach(s -> Objects.requireNonNull(s, "source"));
        return sources.isEmpty() ? NONE : new RevocationChecker(new ArrayList<>(sources));
    }

    /**
     * @param sources the sources, asked in this order
     * @return the checker
     */
    public static RevocationChecker of(RevocationSource... sources) {
        return of(List.of(sources));
    }

    /** @return whether this checker has any source (false: {@link #none()}) */
    public boolean enabled() {
        return !sources.isEmpty();
    }

    /** @return the sources, in order */
    public List<RevocationSource> sources() {
        return sources;
    }

    /**
     * @param certificate the certificate
     * @param issuer its issuer's certificate
     * @return the first definite answer, else unknown with every source's reason; not checked
     *     when there are no sources
     */
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuer, "issuer");
        if (sources.isEmpty()) {
            return RevocationStatus.notChecked();
        }
        StringBuilder why = new StringBuilder();
        for (RevocationSource s : sources) {
            RevocationStatus st = s.check(certificate, issuer);
            if (st.status() == RevocationStatus.Status.GOOD || st.status() == RevocationStatus.Status.REVOKED) {
                return st;
            }
            if (why.length() > 0) {
                why.append("; ");
            }
            why.append(s.describe()).append(": ").append(st.detail());
        }
        return RevocationStatus.unknown("no source could say whether the certificate was revoked (" + why + ")");
    }

    /** @return the sources' descriptions */
    @Override
    public String toString() {
        return "RevocationChecker" + sources.stream().map(RevocationSource::describe).toList();
    }
}
