package io.github.mynacard.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import io.github.mynacard.revocation.RevocationEvidence;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;

/**
 * Verifies a detached CMS SignedData over its content: exactly one signer, whose certificate is in
 * the SignedData, whose signature over the signed attributes verifies with that certificate's key,
 * whose message-digest matches the content, whose signing-certificate-v2 attribute (when
 * present) names that certificate, and whose certificate was within its validity at the signing
 * time (a verified signature time-stamp's time, else the claimed signing-time, else now; the same
 * rule as the verdict {@link SignatureVerification.Verdict#CERTIFICATE_EXPIRED_AT_SIGNING}).
 *
 * <p>The signature must be DER, exactly: one ASN.1 object whose DER encoding is the input, with
 * no trailing bytes. A length rewritten (to one longer than the input, to a longer form, or to the
 * indefinite BER form) is refused as not DER before anything else is read.
 *
 * <p>This checks the signature, not trust: validate the returned certificate with
 * {@code io.github.mynacard.cert.ChainValidator}.
 */
public final class CmsVerifier {

    private CmsVerifier() {
    }

    /**
     * Verifies a signature over a file.
     *
     * @param content the signed file
     * @param signature the DER of the CMS ContentInfo (a {@code .p7s})
     * @return the signer certificate
     * @throws IOException when the file cannot be read
     * @throws SignatureVerificationException when the signature is malformed or does not verify, or
     *     its certificate was outside its validity at the signing time
     */
    public static X509Certificate verifyDetached(Path content, byte[] signature) throws IOException, SignatureVerificationException {
        try (InputStream in = Files.newInputStream(content)) {
            return verifyDetached(in, signature);
        }
    }

    /**
     * Verifies a signature over bytes.
     *
     * @param content the signed bytes
     * @param signature the DER of the CMS ContentInfo
     * @return the signer certificate
     * @throws SignatureVerificationException when the signature is malformed or does not verify, or
     *     its certificate was outside its validity at the signing time
     */
    public static X509Certificate verifyDetached(byte[] content, byte[] signature) throws SignatureVerificationException {
        try {
            return verifyDetached(new ByteArrayInputStream(content), signature);
        } catch (IOException e) {
            throw new SignatureVerificationException("unexpected I/O failure on bytes in memory", e);
        }
    }

    /**
     * Verifies a signature over a stream, read once to its end (not closed).
     *
     * @param content the signed content
     * @param signature the DER of the CMS ContentInfo
     * @return the signer certificate
     * @throws IOException when the stream cannot be read
     * @throws SignatureVerificationException when the signature is malformed or does not verify, or
     *     its certificate was outside its validity at the signing time
     */
    public static X509Certificate verifyDetached(InputStream content, byte[] signature)
            throws IOException, SignatureVerificationException {
        return withinValidity(parse(content, signature), null);
    }

    /**
     * The plain verifiers' check of the signer certificate's validity, by the verdicts' rule
     * ({@link Judge#outsideValidity}): at the earliest signature time-stamp that verifies, else at
     * the claimed signing time, else now.
     *
     * @param p the parsed signature
     * @param claimed the claimed signing time to use when the CMS has none (a PDF's {@code /M}), or null
     * @return the signer certificate
     * @throws SignatureVerificationException when the certificate was outside its validity then
     */
    static X509Certificate withinValidity(Parsed p, Instant claimed) throws SignatureVerificationException {
        Parsed q = p.claimedTime() != null || claimed == null ? p
                : new Parsed(p.signer(), p.signerInfo(), p.certificates(), p.evidence(), claimed);
        VerificationOptions o = VerificationOptions.defaults();
        String outside = Judge.outsideValidity(input(q, List.of(), false, List.of(), List.of(), null, true, o), o.clock());
        if (outside != null) {
            throw new SignatureVerificationException(outside);
        }
        return p.signer();
    }

    /**
     * Verifies a signature over bytes and judges it: level, trusted time, validity at the signing
     * time, chain, revocation.
     *
     * @param content the signed bytes
     * @param signature the DER of the CMS ContentInfo
     * @param options trust anchors, revocation mode, clock
     * @return the verdict
     * @throws SignatureVerificationException when the signature is malformed or its cryptography does not verify
     */
    public static SignatureVerification verify(byte[] content, byte[] signature, VerificationOptions options)
            throws SignatureVerificationException {
        try {
            return verify(new ByteArrayInputStream(content), signature, options);
        } catch (IOException e) {
            throw new SignatureVerificationException("unexpected I/O failure on bytes in memory", e);
        }
    }

    /**
     * Verifies a signature over a file and judges it.
     *
     * @param content the signed file
     * @param signature the DER of the CMS ContentInfo
     * @param options trust anchors, revocation mode, clock
     * @return the verdict
     * @throws IOException when the file cannot be read
     * @throws SignatureVerificationException when the signature is malformed or its cryptography does not verify
     */
    public static SignatureVerification verify(Path content, byte[] signature, VerificationOptions options)
            throws IOException, SignatureVerificationException {
        try (InputStream in = Files.newInputStream(content)) {
            return verify(in, signature, options);
        }
    }

    /**
     * Verifies a signature over a stream (read once to its end, not closed) and judges it.
     *
     * <p>The cryptography (signature, message digest, signing-certificate-v2) must verify, or this
     * throws. Then each signature time-stamp (id-aa-signatureTimeStampToken) must verify over the
     * signature value, and the certificate must have been valid at the signing time: the
     * earliest time-stamp's time when there is one, else the claimed signing-time, else now. The
     * level is B-T with a time-stamp, B-LT when the SignedData also carries revocation data.
     *
     * @param content the signed content
     * @param signature the DER of the CMS ContentInfo
     * @param options trust anchors, revocation mode, clock
     * @return the verdict
     * @throws IOException when the stream cannot be read
     * @throws SignatureVerificationException when the signature is malformed or its cryptography does not verify
     */
    public static SignatureVerification verify(InputStream content, byte[] signature, VerificationOptions options)
            throws IOException, SignatureVerificationException {
        Objects.requireNonNull(options, "options");
        return Judge.judge(input(parse(content, signature), List.of(), false, List.of(), List.of(), null, true, options),
                options);
    }

    /** What the CMS holds, after its cryptography verified. */
    record Parsed(X509Certificate signer, SignerInformation signerInfo, List<X509Certificate> certificates,
            List<RevocationEvidence> evidence, Instant claimedTime) {
    }

    /** The judge's input for a parsed CMS, with the signature time-stamps verified. */
    static Judge.Input input(Parsed p, List<X509Certificate> morePool, boolean pkcs7, List<RevocationEvidence> moreEvidence,
            List<Timestamp> documentTimestamps, String subFilter, boolean covers, VerificationOptions o) {
        List<Timestamp> stamps = new ArrayList<>();
        String failure = null;
        AttributeTable unsigned = p.signerInfo().getUnsignedAttributes();
        if (unsigned != null) {
            ASN1EncodableVector all = unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
            byte[] value = p.signerInfo().getSignature();
            for (int i = 0; i < all.size(); i++) {
                for (ASN1Encodable v : Attribute.getInstance(all.get(i)).getAttributeValues()) {
                    try {
                        TimeStampToken token = Timestamps.parse(v.toASN1Primitive().getEncoded(ASN1Encoding.DER));
                        stamps.add(Timestamps.verify(token, alg -> alg.digest(value), o.trustAnchors()));
                    } catch (TimestampException e) {
                        failure = "the signature time-stamp does not verify: " + e.getMessage();
                    } catch (IOException e) {
                        failure = "the signature time-stamp cannot be read";
                    }
                }
            }
        }
        List<X509Certificate> pool = new ArrayList<>(p.certificates());
        pool.addAll(morePool);
        List<RevocationEvidence> evidence = new ArrayList<>(p.evidence());
        evidence.addAll(moreEvidence);
        for (Timestamp t : stamps) {
            pool.addAll(t.certificates());
        }
        return new Judge.Input(p.signer(), pool, evidence, p.claimedTime(), stamps, documentTimestamps, failure, pkcs7,
                !evidence.isEmpty(), subFilter, covers);
    }

    static Parsed parse(InputStream content, byte[] signature)
            throws IOException, SignatureVerificationException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signature, "signature");
        requireDer(signature, false);
        try {
            CMSSignedDataParser parser = new CMSSignedDataParser(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build(),
                    new CMSTypedStream(content), signature);
            parser.getSignedContent().drain();
            Collection<SignerInformation> signers = parser.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new SignatureVerificationException("expected one signer, found " + signers.size());
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked") // Bouncy Castle's store of certificates is not typed
            Store<X509CertificateHolder> store = parser.getCertificates();
            Collection<X509CertificateHolder> matches = store.getMatches(signer.getSID());
            if (matches.size() != 1) {
                throw new SignatureVerificationException("the SignedData holds " + matches.size()
                        + " certificates matching the signer (expected one)");
            }
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER)
                    .getCertificate(matches.iterator().next());
            if (signer.getSignedAttributes() == null) {
                throw new SignatureVerificationException("the signer has no signed attributes");
            }
            boolean ok;
            try {
                // the key alone: the certificate's validity at the signing time is judged afterwards, in this project's words
                JcaSimpleSignerInfoVerifierBuilder vb = new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER);
                ok = signer.verify(vb.build(cert.getPublicKey()));
            } catch (CMSException e) {
                String m = String.valueOf(e.getMessage());
                throw new SignatureVerificationException(m.contains("message-digest")
                        ? "the signature does not verify: the digest it signed is not the file's (the file changed after it was "
                                + "signed, or it is another file)"
                        : "the signature does not verify: its signed attributes could not be checked", e);
            }
            if (!ok) {
                throw new SignatureVerificationException("the signature does not verify");
            }
            checkSigningCertificateV2(signer.getSignedAttributes(), cert);
            List<X509Certificate> certs = new ArrayList<>();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = store.getMatches(null);
            for (X509CertificateHolder h : all) {
                certs.add(toJdk(new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(h)));
            }
            List<RevocationEvidence> evidence = new ArrayList<>();
            @SuppressWarnings("unchecked")
            Collection<X509CRLHolder> crls = parser.getCRLs().getMatches(null);
            for (X509CRLHolder crl : crls) {
                evidence.add(new RevocationEvidence(RevocationEvidence.Kind.CRL, crl.getEncoded(), "the signature's crls"));
            }
            for (Object o : parser.getOtherRevocationInfo(CMSObjectIdentifiers.id_ri_ocsp_response).getMatches(null)) {
                evidence.add(new RevocationEvidence(RevocationEvidence.Kind.OCSP,
                        ((ASN1Encodable) o).toASN1Primitive().getEncoded(ASN1Encoding.DER), "the signature's crls"));
            }
            Instant claimed = null;
            Attribute st = signer.getSignedAttributes().get(CMSAttributes.signingTime);
            if (st != null && st.getAttributeValues().length == 1) {
                claimed = Time.getInstance(st.getAttributeValues()[0]).getDate().toInstant();
            }
            return new Parsed(toJdk(cert), signer, certs, evidence, claimed);
        } catch (CMSException e) {
            throw new SignatureVerificationException("not a valid CMS SignedData: " + e.getMessage(), e);
        } catch (OperatorCreationException | CertificateException e) {
            throw new SignatureVerificationException("the signature could not be checked: " + e.getMessage(), e);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new SignatureVerificationException("malformed CMS structure: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that bytes hold exactly one DER object, read within their own length.
     *
     * @param encoded the bytes
     * @param zeroPadded whether zero bytes may follow the object (a PDF's {@code /Contents})
     * @return the object's DER (the input without its padding)
     * @throws SignatureVerificationException when they are not DER or other bytes follow
     */
    static byte[] requireDer(byte[] encoded, boolean zeroPadded) throws SignatureVerificationException {
        ASN1Primitive first;
        try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(encoded), encoded.length)) {
            first = in.readObject();
        } catch (IOException | RuntimeException e) {
            throw new SignatureVerificationException("the signature is not DER: " + e.getMessage(), e);
        }
        if (first == null) {
            throw new SignatureVerificationException("the signature is empty");
        }
        byte[] der;
        try {
            der = first.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new SignatureVerificationException("the signature is not DER: " + e.getMessage(), e);
        }
        if (der.length > encoded.length || !Arrays.equals(der, 0, der.length, encoded, 0, der.length)) {
            throw new SignatureVerificationException("the signature is not DER (its lengths or form differ from DER's)");
        }
        for (int i = der.length; i < encoded.length; i++) {
            if (!zeroPadded || encoded[i] != 0) {
                throw new SignatureVerificationException("the signature is not DER: " + (encoded.length - der.length)
                        + " bytes follow its end");
            }
        }
        return der.length == encoded.length ? encoded : Arrays.copyOf(encoded, der.length);
    }

    /** All certificates carried in a SignedData, in stored order (DER sorts the set). */
    static List<X509Certificate> certificates(byte[] signature) throws SignatureVerificationException {
        try {
            CMSSignedDataParser parser = new CMSSignedDataParser(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build(), signature);
            parser.getSignedContent();
            parser.getSignerInfos();
            List<X509Certificate> out = new ArrayList<>();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = parser.getCertificates().getMatches(null);
            for (X509CertificateHolder h : all) {
                out.add(toJdk(new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(h)));
            }
            return out;
        } catch (CMSException | OperatorCreationException | CertificateException e) {
            throw new SignatureVerificationException("not a valid CMS SignedData: " + e.getMessage(), e);
        }
    }

    private static X509Certificate toJdk(X509Certificate c) throws CertificateException {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.getEncoded()));
    }

    private static void checkSigningCertificateV2(AttributeTable attrs, X509Certificate cert)
            throws SignatureVerificationException, CertificateException {
        Attribute a = attrs.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (a == null) {
            return;
        }
        ASN1Encodable[] values = a.getAttributeValues();
        if (values.length != 1) {
            throw new SignatureVerificationException("signing-certificate-v2 must have one value");
        }
        ESSCertIDv2[] ids = SigningCertificateV2.getInstance(values[0]).getCerts();
        if (ids.length == 0) {
            throw new SignatureVerificationException("signing-certificate-v2 names no certificate");
        }
        ESSCertIDv2 first = ids[0];
        String hashOid = first.getHashAlgorithm().getAlgorithm().getId();
        byte[] actual;
        try {
            actual = MessageDigest.getInstance(hashOid, Bc.PROVIDER).digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new SignatureVerificationException("signing-certificate-v2 uses an unknown hash " + hashOid, e);
        }
        if (!Arrays.equals(actual, first.getCertHash())) {
            throw new SignatureVerificationException("signing-certificate-v2 does not name the signer certificate");
        }
    }
}
