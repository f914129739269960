package io.github.mynacard.signing;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Issuers found among certificates by name and signature. */
final class Chains {

    private Chains() {
    }

    /**
     * @param cert a certificate
     * @param pool candidates
     * @return the candidate whose subject is the certificate's issuer and whose key verifies its
     *     signature (never the certificate itself unless it is self-signed), or null
     */
    static X509Certificate issuerOf(X509Certificate cert, Collection<X509Certificate> pool) {
        for (X509Certificate c : pool) {
            if (!c.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                continue;
            }
            try {
                cert.verify(c.getPublicKey());
                return c;
            } catch (GeneralSecurityException | RuntimeException e) {
                // another certificate of the same name
            }
        }
        return null;
    }

    /**
     * @param cert the end certificate
     * @param pool intermediate candidates
     * @param anchors the roots
     * @return the path from the certificate up to, without, an anchor
     * @throws CertificateException when no anchor is reached
     */
    static List<X509Certificate> pathTo(X509Certificate cert, Collection<X509Certificate> pool, Collection<X509Certificate> anchors)
            throws CertificateException {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate at = cert;
        for (int depth = 0; depth < 8; depth++) {
            path.add(at);
            if (issuerOf(at, anchors) != null) {
                return path;
            }
            X509Certificate next = issuerOf(at, pool);
            if (next == null || next.equals(at) || path.contains(next)) {
                break;
            }
            at = next;
        }
        throw new CertificateException("no path to a trust anchor");
    }

    /**
     * @param cert a certificate
     * @param pool candidates
     * @return the certificate and its issuers found in the pool, up to a self-signed one
     */
    static List<X509Certificate> chain(X509Certificate cert, Collection<X509Certificate> pool) {
        List<X509Certificate> out = new ArrayList<>();
        X509Certificate at = cert;
        while (at != null && !out.contains(at) && out.size() < 8) {
            out.add(at);
            at = issuerOf(at, pool);
        }
        return out;
    }
}
