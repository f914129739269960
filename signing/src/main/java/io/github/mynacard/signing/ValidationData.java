package io.github.mynacard.signing;

import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationEvidence;
import io.github.mynacard.revocation.RevocationStatus;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates and revocation evidence a long-term (B-LT) signature embeds, for the signer
 * certificate and the time-stamp authority's certificate, fetched after the signature time-stamp.
 *
 * @param certificates the certificates, each once: the chains of the signer and of the authority
 * @param evidence the CRLs and OCSP responses, each once
 */
record ValidationData(List<X509Certificate> certificates, List<RevocationEvidence> evidence) {

    /**
     * Waits until the wall clock has passed the whole second after a time-stamp's time, so that
     * revocation data issued now, whose times have a granularity of one second, is never dated
     * before the time-stamp (validators require revocation data issued after the best-signature-time).
     * Waits at most a little over one second.
     */
    static void waitPast(Instant timestampTime) throws SigningException {
        Instant target = timestampTime.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        long wait = target.toEpochMilli() - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(Math.min(wait + 5, 1100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SigningException("interrupted while waiting to fetch revocation data", e);
            }
        }
    }

    /**
     * Collects the validation data.
     *
     * @param signer the signer certificate
     * @param pool certificates that may hold its issuer chain
     * @param timestamps the time-stamps whose authorities' certificates need evidence too
     * @param tsaAnchors the roots the authority's certificate was checked against (its chain is completed from them)
     * @param checker where the revocation evidence comes from
     * @return the data
     * @throws SigningException when a certificate's issuer is unknown, or revocation evidence is
     *     missing or says revoked
     */
    static ValidationData collect(X509Certificate signer, List<X509Certificate> pool, List<Timestamp> timestamps,
            List<X509Certificate> tsaAnchors, RevocationChecker checker) throws SigningException {
        Set<X509Certificate> certs = new LinkedHashSet<>();
        List<RevocationEvidence> evidence = new ArrayList<>();
        addChain(signer, pool, "signer", certs, evidence, checker);
        for (Timestamp t : timestamps) {
            List<X509Certificate> tsaPool = new ArrayList<>(t.certificates());
            tsaPool.addAll(pool);
            tsaPool.addAll(tsaAnchors);
            addChain(t.tsaCertificate(), tsaPool, "time-stamp authority", certs, evidence, checker);
        }
        return new ValidationData(List.copyOf(certs), List.copyOf(evidence));
    }

    private static void addChain(X509Certificate end, List<X509Certificate> pool, String who, Set<X509Certificate> certs,
            List<RevocationEvidence> evidence, RevocationChecker checker) throws SigningException {
        List<X509Certificate> chain = Chains.chain(end, pool);
        certs.addAll(chain);
        if (chain.size() < 2) {
            throw new SigningException("the issuer of the " + who + " certificate is not known, so its revocation data cannot"
                    + " be embedded (give the issuing CA's certificate: for the signer, the CA certificate; for the time-stamp"
                    + " authority, its root as a trust anchor)", null);
        }
        RevocationStatus st = checker.check(end, chain.get(1));
        switch (st.status()) {
            case GOOD -> {
                if (st.evidence() != null && !evidence.contains(st.evidence())) {
                    evidence.add(st.evidence());
                }
            }
            case REVOKED -> throw new SigningException("the " + who + " certificate is revoked (" + st.reason().label()
                    + ", " + st.revocationTime() + ")", null);
            default -> throw new SigningException("no revocation data could be had for the " + who + " certificate: "
                    + st.detail(), null);
        }
    }
}
