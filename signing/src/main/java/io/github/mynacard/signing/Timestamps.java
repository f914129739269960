package io.github.mynacard.signing;

import io.github.mynacard.signing.TimestampException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/** Checks of RFC 3161 time-stamp tokens, shared by the client and the verifiers. */
final class Timestamps {

    private Timestamps() {
    }

    /**
     * @param der the DER of a token (a ContentInfo)
     * @return the token
     * @throws TimestampException MALFORMED when it is not one
     */
    static TimeStampToken parse(byte[] der) throws TimestampException {
        try {
            return new TimeStampToken(new CMSSignedData(der));
        } catch (CMSException | TSPException | IOException | RuntimeException e) {
            throw new TimestampException(Reason.MALFORMED, "the time-stamp token is not a well-formed RFC 3161 token", e);
        }
    }

    /**
     * Verifies a token.
     *
     * @param token the token
     * @param expectedDigest the digest the imprint must hold, for the imprint's algorithm
     * @param anchors trust anchors for the authority's certificate; empty to skip that check
     * @return the verified time-stamp
     * @throws TimestampException WRONG_IMPRINT, BAD_SIGNATURE, UNTRUSTED or MALFORMED
     */
    static Timestamp verify(TimeStampToken token, Function<DigestAlgorithm, byte[]> expectedDigest, List<X509Certificate> anchors)
            throws TimestampException {
        TimeStampTokenInfo info = token.getTimeStampInfo();
        DigestAlgorithm alg = DigestAlgorithm.ofOid(info.getMessageImprintAlgOID().getId());
        if (alg == null) {
            throw new TimestampException(Reason.WRONG_IMPRINT, "the time-stamp uses a digest algorithm that is not supported ("
                    + info.getMessageImprintAlgOID().getId() + ")", null);
        }
        if (!Arrays.equals(expectedDigest.apply(alg), info.getMessageImprintDigest())) {
            throw new TimestampException(Reason.WRONG_IMPRINT, "the time-stamp is over other data than the data it should vouch for",
                    null);
        }
        List<X509Certificate> carried = new ArrayList<>();
        X509Certificate tsa = null;
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = token.getCertificates().getMatches(null);
            for (X509CertificateHolder h : all) {
                X509Certificate c = toJdk(h);
                carried.add(c);
                if (token.getSID().match(h)) {
                    if (tsa != null) {
                        throw new TimestampException(Reason.MALFORMED, "the time-stamp carries two certificates that match its signer",
                                null);
                    }
                    tsa = c;
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new TimestampException(Reason.MALFORMED, "a certificate in the time-stamp cannot be read", e);
        }
        if (tsa == null) {
            throw new TimestampException(Reason.BAD_SIGNATURE,
                    "the time-stamp does not carry the certificate of the authority that signed it", null);
        }
        Instant genTime = info.getGenTime().toInstant();
        X509CertificateHolder tsaHolder;
        try {
            tsaHolder = new X509CertificateHolder(tsa.getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new TimestampException(Reason.MALFORMED, "the authority's certificate cannot be read", e);
        }
        Extension eku = tsaHolder.getExtension(Extension.extendedKeyUsage);
        if (eku == null || !eku.isCritical()
                || !ExtendedKeyUsage.getInstance(eku.getParsedValue()).hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping)) {
            throw new TimestampException(Reason.UNTRUSTED,
                    "the authority's certificate is not a time-stamping certificate (no critical time-stamping key usage)", null);
        }
        if (!tsaHolder.isValidOn(Date.from(genTime))) {
            throw new TimestampException(Reason.UNTRUSTED, "the authority's certificate was not valid at the time it vouches for",
                    null);
        }
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(tsaHolder));
        } catch (TSPValidationException e) {
            throw new TimestampException(Reason.BAD_SIGNATURE, "the time-stamp's signature does not verify with the authority's"
                    + " certificate", e);
        } catch (TSPException | OperatorCreationException | java.security.cert.CertificateException | RuntimeException e) {
            throw new TimestampException(Reason.BAD_SIGNATURE, "the time-stamp's signature cannot be checked", e);
        }
        boolean anchored = false;
        if (!anchors.isEmpty()) {
            requireChain(tsa, carried, anchors, genTime);
            anchored = true;
        }
        byte[] encoded;
        try {
            encoded = token.toCMSSignedData().toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new TimestampException(Reason.MALFORMED, "the time-stamp token cannot be encoded", e);
        }
        return new Timestamp(encoded, genTime, tsa, carried, alg, anchored);
    }

    /** A PKIX path from the authority's certificate to an anchor, at the token's time, without revocation. */
    static void requireChain(X509Certificate tsa, List<X509Certificate> carried, List<X509Certificate> anchors, Instant at)
            throws TimestampException {
        try {
            Set<TrustAnchor> ta = new HashSet<>();
            for (X509Certificate a : anchors) {
                ta.add(new TrustAnchor(a, null));
            }
            if (anchors.contains(tsa)) {
                return;
            }
            List<X509Certificate> path = Chains.pathTo(tsa, carried, anchors);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters p = new PKIXParameters(ta);
            p.setRevocationEnabled(false);
            p.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), p);
        } catch (GeneralSecurityException e) {
            throw new TimestampException(Reason.UNTRUSTED, "the authority's certificate does not lead to a trusted root", e);
        }
    }

    static X509Certificate toJdk(X509CertificateHolder h) throws GeneralSecurityException, IOException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(h.getEncoded()));
    }
}
