package io.github.mynacard.revocation;

import java.security.cert.X509Certificate;

/**
 * One place that can say whether a certificate was revoked: a CRL, an OCSP responder. Sources
 * never throw for a failure of their own (unreachable, hung, garbage, stale, wrongly signed): they
 * answer {@link RevocationStatus.Status#UNKNOWN} and say why. They must be thread-safe.
 */
public interface RevocationSource {

    /**
     * Asks for the current status of a certificate.
     *
     * @param certificate the certificate
     * @param issuer its issuer's certificate (the key that must have signed a CRL, or issued a
     *     delegated OCSP responder)
     * @return the answer, never null; {@link RevocationStatus.Status#UNKNOWN} when this source does
     *     not cover the certificate or could not answer
     */
    RevocationStatus check(X509Certificate certificate, X509Certificate issuer);

    /** @return what this source is, for people: {@code CRL file sign.crl}, {@code OCSP http://…} */
    String describe();
}
