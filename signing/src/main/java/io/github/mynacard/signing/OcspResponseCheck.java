package io.github.mynacard.signing;

import io.github.mynacard.revocation.RevocationEvidence;
import io.github.mynacard.revocation.RevocationReason;
import io.github.mynacard.revocation.RevocationStatus;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Judges one OCSP response (RFC 6960) for one certificate, for {@link OcspSource} (a live answer)
 * and {@link EmbeddedRevocationSource} (an answer carried in a signature, judged as of a moment).
 */
final class OcspResponseCheck {

    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    private static final Duration SKEW = Duration.ofMinutes(5);
    /** How long a response without nextUpdate counts as fresh after its thisUpdate. */
    static final Duration FRESH_WITHOUT_NEXT_UPDATE = Duration.ofMinutes(10);

    private OcspResponseCheck() {
    }

    static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest calculators", e);
        }
    }

    /**
     * @param der the whole OCSPResponse
     * @param source where it came from, for people
     * @param cert the certificate asked about
     * @param issuer its issuer
     * @param pinned a responder certificate the relying party trusts, or null
     * @param nonceExtnValue the nonce extension's value sent, or null when none was sent
     * @param now the moment freshness is judged at
     * @param asOf true: judged as of {@code now} for embedded evidence (a response produced after
     *     it is acceptable); false: a live answer (not from the future, not stale)
     */
    static RevocationStatus judge(byte[] der, String source, X509Certificate cert, X509Certificate issuer,
            X509Certificate pinned, byte[] nonceExtnValue, Instant now, boolean asOf) {
        BasicOCSPResp basic;
        try {
            OCSPResp resp = new OCSPResp(der);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
                return RevocationStatus.unknown(source + " answered " + statusName(resp.getStatus()));
            }
            Object o = resp.getResponseObject();
            if (!(o instanceof BasicOCSPResp b)) {
                return RevocationStatus.unknown(source + " did not answer a basic OCSP response");
            }
            basic = b;
        } catch (IOException | OCSPException | RuntimeException e) {
            return RevocationStatus.unknown(source + " did not answer an OCSP response");
        }
        String signer = signer(basic, issuer, pinned);
        if (signer == null) {
            return RevocationStatus.unknown(source + ": the response is not signed by the issuer, by a responder it "
                    + "delegated to (id-kp-OCSPSigning), or by the pinned responder certificate");
        }
        if (nonceExtnValue != null) {
            Extension n = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (n == null) {
                return RevocationStatus.unknown(source + ": the response does not echo the request's nonce");
            }
            if (!Arrays.equals(n.getExtnValue().getOctets(), nonceExtnValue)) {
                return RevocationStatus.unknown(source + ": the response's nonce is not the request's (a replayed answer?)");
            }
        }
        SingleResp single = null;
        try {
            X509CertificateHolder issuerHolder = new X509CertificateHolder(issuer.getEncoded());
            DigestCalculatorProvider digests = digests();
            for (SingleResp r : basic.getResponses()) {
                if (r.getCertID().getSerialNumber().equals(cert.getSerialNumber()) && r.getCertID().matchesIssuer(issuerHolder, digests)) {
                    single = r;
                    break;
                }
            }
        } catch (GeneralSecurityException | IOException | OCSPException | RuntimeException e) {
            return RevocationStatus.unknown(source + ": the response's certificate IDs could not be read");
        }
        if (single == null) {
            return RevocationStatus.unknown(source + ": the response does not answer for this certificate");
        }
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
        if (!asOf && thisUpdate.isAfter(now.plus(SKEW))) {
            return RevocationStatus.unknown(source + ": the response was made in the future (" + thisUpdate + ")");
        }
        Instant freshUntil = nextUpdate != null ? nextUpdate : thisUpdate.plus(FRESH_WITHOUT_NEXT_UPDATE);
        if (now.isAfter(freshUntil)) {
            return RevocationStatus.unknown(source + ": the response is stale (fresh until " + freshUntil + ")"
                    + (asOf ? ", before " + now : ""));
        }
        RevocationEvidence ev = new RevocationEvidence(RevocationEvidence.Kind.OCSP, der, source);
        Object st = single.getCertStatus();
        if (st == null) {
            return RevocationStatus.good(source + " (signed by " + signer + ", " + thisUpdate + ") says good", ev, thisUpdate, nextUpdate);
        }
        if (st instanceof RevokedStatus r) {
            RevocationReason reason = RevocationReason.UNSPECIFIED;
            if (r.hasRevocationReason()) {
                try {
                    reason = RevocationReason.ofCode(r.getRevocationReason());
                } catch (IllegalArgumentException e) {
                    return RevocationStatus.unknown(source + ": the response gives an undefined revocation reason");
                }
            }
            Instant when = r.getRevocationTime().toInstant();
            return RevocationStatus.revoked(when, reason, source + " (signed by " + signer + ", " + thisUpdate
                    + ") says revoked at " + when + ", " + reason.label(), ev, thisUpdate, nextUpdate);
        }
        if (st instanceof UnknownStatus) {
            return RevocationStatus.unknown(source + ": the responder does not know the certificate");
        }
        return RevocationStatus.unknown(source + ": the response has a status this library does not read");
    }

    /** Who signed the response among those allowed, or null. */
    private static String signer(BasicOCSPResp basic, X509Certificate issuer, X509Certificate pinned) {
        if (pinned != null && verifies(basic, pinned)) {
            return "the pinned responder";
        }
        if (verifies(basic, issuer)) {
            return "the issuer";
        }
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER);
        for (X509CertificateHolder h : basic.getCerts()) {
            try {
                X509Certificate c = conv.getCertificate(h);
                if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                    continue;
                }
                c.verify(issuer.getPublicKey());
                List<String> eku = c.getExtendedKeyUsage();
                if (eku == null || !eku.contains(OCSP_SIGNING)) {
                    continue;
                }
                c.checkValidity(basic.getProducedAt());
                if (verifies(basic, c)) {
                    return "a responder the issuer delegated to";
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // not an authorised responder
            }
        }
        return null;
    }

    private static boolean verifies(BasicOCSPResp basic, X509Certificate c) {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(c.getPublicKey()));
        } catch (OCSPException | OperatorCreationException | RuntimeException e) {
            return false;
        }
    }

    private static String statusName(int s) {
        List<String> names = new ArrayList<>(List.of("successful", "malformedRequest", "internalError", "tryLater", "(4)",
                "sigRequired", "unauthorized"));
        return s >= 0 && s < names.size() ? names.get(s) : "status " + s;
    }
}
