package io.github.mynacard.signing;

import io.github.mynacard.revocation.HttpSettings;
import io.github.mynacard.revocation.RevocationSource;
import io.github.mynacard.revocation.RevocationStatus;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;

/**
 * Asks an OCSP responder (RFC 6960) over HTTP POST. The request names the certificate by a SHA-1
 * CertID, as RFC 6960 responders expect, and carries a fresh nonce unless {@link #withNonce}
 * turns it off. The answer counts only when all of these hold, else it is unknown with why:
 * the response status is successful; the basic response is signed by the issuer itself, by a
 * responder certificate the response includes that the issuer signed and marked
 * {@code id-kp-OCSPSigning}, or by the responder certificate the relying party pinned with
 * {@link #withResponderCertificate}; it answers for this certificate; it echoes the nonce; its
 * {@code thisUpdate} is not in the future (five minutes of skew) and its {@code nextUpdate} is not
 * passed (without one, it is fresh for ten minutes). Good, revoked (with time and reason) and
 * unknown map to the {@link RevocationStatus} of the same name; the evidence is the whole
 * {@code OCSPResponse}. Immutable and thread-safe; never throws from {@link #check}.
 */
public final class OcspSource implements RevocationSource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI responder;
    private final HttpSettings http;
    private final X509Certificate pinned;
    private final Clock clock;
    private final boolean nonce;

    private OcspSource(URI responder, HttpSettings http, X509Certificate pinned, Clock clock, boolean nonce) {
        this.responder = responder;
        this.http = http;
        this.pinned = pinned;
        this.clock = clock;
        this.nonce = nonce;
    }

    /**
     * @param responder the responder's {@code http} or {@code https} URL
     * @param http the timeouts and size bound
     * @return the source, with a nonce and the system clock
     * @throws IllegalArgumentException for another scheme
     */
    public static OcspSource of(URI responder, HttpSettings http) {
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(http, "http");
        String s = responder.getScheme() == null ? "" : responder.getScheme().toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https") || responder.getHost() == null) {
            throw new IllegalArgumentException("not an http or https URL: " + responder);
        }
        return new OcspSource(responder, http, null, Clock.systemUTC(), true);
    }

    /**
     * @param certificate a responder certificate the relying party trusts to sign answers (in
     *     addition to the issuer and its delegated responders)
     * @return a copy that accepts it
     */
    public OcspSource withResponderCertificate(X509Certificate certificate) {
        return new OcspSource(responder, http, Objects.requireNonNull(certificate, "certificate"), clock, nonce);
    }

    /**
     * @param c the clock freshness is judged at
     * @return a copy with that clock
     */
    public OcspSource withClock(Clock c) {
        return new OcspSource(responder, http, pinned, Objects.requireNonNull(c, "clock"), nonce);
    }

    /**
     * @param enabled whether requests carry a nonce that the response must echo (default true;
     *     turn off only for a responder that serves pre-produced responses)
     * @return a copy
     */
    public OcspSource withNonce(boolean enabled) {
        return new OcspSource(responder, http, pinned, clock, enabled);
    }

    @Override
    public String describe() {
        return "OCSP " + responder;
    }

    @Override
    public String toString() {
        return "OcspSource[" + responder + ", nonce=" + nonce + (pinned != null ? ", pinned responder" : "") + "]";
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuer, "issuer");
        byte[] request;
        byte[] nonceValue = null;
        try {
            CertificateID id = new CertificateID(OcspResponseCheck.digests().get(CertificateID.HASH_SHA1),
                    new X509CertificateHolder(issuer.getEncoded()), certificate.getSerialNumber());
            OCSPReqBuilder b = new OCSPReqBuilder().addRequest(id);
            if (nonce) {
                byte[] n = new byte[16];
                RANDOM.nextBytes(n);
                nonceValue = new DEROctetString(n).getEncoded();
                b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonceValue))));
            }
            request = b.build().getEncoded();
        } catch (IOException | OCSPException | CertificateEncodingException | org.bouncycastle.operator.OperatorCreationException
                | RuntimeException e) {
            return RevocationStatus.unknown(describe() + ": the request could not be made");
        }
        byte[] response;
        try {
            response = http.post(responder, "application/ocsp-request", request);
        } catch (IOException e) {
            return RevocationStatus.unknown(describe() + ": could not be asked: " + e.getMessage());
        } catch (RuntimeException e) {
            return RevocationStatus.unknown(describe() + ": could not be asked");
        }
        return OcspResponseCheck.judge(response, describe(), certificate, issuer, pinned, nonceValue, clock.instant(), false);
    }

}
