package io.github.mynacard.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationEvidence;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.OtherRevocationInfoFormat;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Makes detached CMS (PKCS#7) SignedData signatures over a file or stream, SHA-256 with RSA.
 *
 * <p>The SignerInfo carries the signed attributes content-type, message-digest, signing-time
 * (unless turned off, as PAdES asks), CMS algorithm protection (RFC 6211) and
 * signing-certificate-v2 (RFC 5035, the SHA-256 of the signer certificate with its issuer and
 * serial), so the signature is a CAdES baseline-B signature (B-T and B-LT with {@link Builder#level}). The certificates set holds the signer
 * certificate and any added CA certificates.
 *
 * <p>The RSA operation is a JCA {@code SHA256withRSA} signature over the DER of the signed
 * attributes. With a card key, pass {@code io.github.mynacard.jca.MynaCardProvider} and a key
 * handle from its key store: the provider hashes the attributes and the card signs their
 * DigestInfo; the signing password is asked for once per signature.
 *
 * <pre>{@code
 * CmsSigner signer = CmsSigner.builder((PrivateKey) ks.getKey("signing", null),
 *         (X509Certificate) ks.getCertificate("signing"))
 *     .provider(provider)
 *     .addCertificate(caCertificate)
 *     .build();
 * byte[] p7s = signer.sign(Path.of("contract.pdf"));
 * }</pre>
 *
 * <p>Instances are immutable; each {@code sign} call makes one card signature.
 */
public final class CmsSigner {

    private static final String ALGORITHM = "SHA256withRSA";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final List<X509Certificate> extraCertificates;
    private final Provider provider;
    private final Clock clock;
    private final boolean signingTime;
    private final SignatureLevel level;
    private final TsaClient tsa;
    private final RevocationChecker revocation;
    private final boolean preflight;

    private CmsSigner(Builder b) {
        this.key = b.key;
        this.certificate = b.certificate;
        this.extraCertificates = List.copyOf(b.extra);
        this.provider = b.provider;
        this.clock = b.clock;
        this.signingTime = b.signingTime;
        this.level = b.level;
        this.tsa = b.tsa;
        this.revocation = b.revocation;
        this.preflight = b.preflight;
        if (level.timestamped() && tsa == null) {
            throw new IllegalStateException("level " + level.label() + " needs a time-stamp authority: call timestamps(…)");
        }
        if (level.longTerm() && !revocation.enabled()) {
            throw new IllegalStateException("level " + level.label() + " needs a revocation checker: call revocation(…)");
        }
        if (level == SignatureLevel.B_LTA) {
            throw new IllegalStateException("CAdES B-LTA is not offered; use b-lt");
        }
    }

    /**
     * Starts a signer.
     *
     * @param key the private key (a card key handle, or any JCA RSA key)
     * @param signerCertificate the key's certificate
     * @return a builder
     */
    public static Builder builder(PrivateKey key, X509Certificate signerCertificate) {
        return new Builder(Objects.requireNonNull(key, "key"), Objects.requireNonNull(signerCertificate, "signerCertificate"));
    }

    /** Options of a {@link CmsSigner}. */
    public static final class Builder {
        private final PrivateKey key;
        private final X509Certificate certificate;
        private final List<X509Certificate> extra = new ArrayList<>();
        private Provider provider;
        private Clock clock = Clock.systemUTC();
        private boolean signingTime = true;
        private SignatureLevel level = SignatureLevel.B_B;
        private TsaClient tsa;
        private RevocationChecker revocation = RevocationChecker.none();
        private boolean preflight = true;

        private Builder(PrivateKey key, X509Certificate certificate) {
            this.key = key;
            this.certificate = certificate;
        }

        /**
         * @param provider the JCA provider of the key's {@code SHA256withRSA} (for a card key,
         *     the {@code MynaCardProvider}); null (the default) to look it up among installed providers
         * @return this builder
         */
        public Builder provider(Provider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * @param caCertificate a certificate to include in the SignedData, e.g. the card's CA certificate
         * @return this builder
         */
        public Builder addCertificate(X509Certificate caCertificate) {
            extra.add(Objects.requireNonNull(caCertificate, "caCertificate"));
            return this;
        }

        /**
         * @param clock the source of the signing-time attribute; default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param include false to leave out the signing-time attribute (PAdES keeps the time in the
         *     signature dictionary instead); default true
         * @return this builder
         */
        public Builder signingTime(boolean include) {
            this.signingTime = include;
            return this;
        }

        /**
         * @param level B-B (the default), B-T (a signature time-stamp, needs {@link
         *     #timestamps(TsaClient)}) or B-LT (also the CA and authority certificates and their
         *     revocation evidence, needs {@link #revocation(RevocationChecker)}); B-LTA is not
         *     offered for CMS
         * @return this builder
         */
        public Builder level(SignatureLevel level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param tsa the time-stamp authority for B-T and above; null for none
         * @return this builder
         */
        public Builder timestamps(TsaClient tsa) {
            this.tsa = tsa;
            return this;
        }

        /**
         * @param checker where revocation is checked before signing and where B-LT's evidence comes from;
         *     default {@link RevocationChecker#none()}
         * @return this builder
         */
        public Builder revocation(RevocationChecker checker) {
            this.revocation = Objects.requireNonNull(checker, "checker");
            return this;
        }

        /** The PDF signer runs the checks once itself. */
        Builder skipPreflight() {
            this.preflight = false;
            return this;
        }

        /**
         * @return the signer
         * @throws IllegalStateException when the level needs a time-stamp authority or a revocation
         *     checker that was not given, or for B-LTA
         */
        public CmsSigner build() {
            return new CmsSigner(this);
        }
    }

    /** @return the signer certificate */
    public X509Certificate signerCertificate() {
        return certificate;
    }

    /**
     * Signs a file.
     *
     * @param file the content
     * @return the DER of a detached CMS ContentInfo (SignedData), as in a {@code .p7s} file
     * @throws IOException when the file cannot be read
     * @throws SigningException when the signature cannot be made (the card's refusal is in the cause chain)
     */
    public byte[] sign(Path file) throws IOException, SigningException {
        try (InputStream in = Files.newInputStream(file)) {
            return sign(in);
        }
    }

    /**
     * Signs bytes.
     *
     * @param content the content
     * @return the DER of a detached CMS SignedData
     * @throws SigningException when the signature cannot be made
     */
    public byte[] sign(byte[] content) throws SigningException {
        try {
            return sign(new java.io.ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new SigningException("unexpected I/O failure on bytes in memory", e);
        }
    }

    /**
     * Signs a stream, read once to its end (not closed).
     *
     * @param content the content
     * @return the DER of a detached CMS SignedData
     * @throws IOException when the stream cannot be read
     * @throws SigningException when the signature cannot be made
     */
    public byte[] sign(InputStream content) throws IOException, SigningException {
        return signDetailed(content).der();
    }

    /** A signature with what went into it. */
    record Signed(byte[] der, Timestamp timestamp, ValidationData validationData) {
    }

    /** The issuer of the signer certificate among the added certificates, or null. */
    X509Certificate issuer() {
        return Chains.issuerOf(certificate, extraCertificates);
    }

    /** @return the added certificates */
    List<X509Certificate> extraCertificates() {
        return extraCertificates;
    }

    /** @return the level */
    SignatureLevel level() {
        return level;
    }

    /**
     * Runs {@link SigningPreflight} for this signer's certificate, level, checker and authority.
     *
     * @param now the clock
     * @throws PreflightException when a signature must not be attempted
     */
    void preflight(Clock now) throws PreflightException {
        SigningPreflight.builder(certificate).issuer(issuer()).level(level).revocation(revocation).timestamps(tsa).clock(now)
                .build().check();
    }

    Signed signDetailed(InputStream content) throws IOException, SigningException {
        Objects.requireNonNull(content, "content");
        if (preflight) {
            preflight(clock);
        }
        CMSSignedData basic = signBasic(content);
        if (!level.timestamped()) {
            return new Signed(der(basic), null, null);
        }
        SignerInformation si = basic.getSignerInfos().getSigners().iterator().next();
        Timestamp ts = tsa.timestamp(si.getSignature());
        AttributeTable unsigned = si.getUnsignedAttributes() != null ? si.getUnsignedAttributes()
                : new AttributeTable(new ASN1EncodableVector());
        unsigned = unsigned.add(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, ContentInfo.getInstance(ts.encoded()));
        CMSSignedData stamped = CMSSignedData.replaceSigners(basic,
                new SignerInformationStore(SignerInformation.replaceUnsignedAttributes(si, unsigned)));
        if (!level.longTerm()) {
            return new Signed(der(stamped), ts, null);
        }
        ValidationData.waitPast(ts.time());
        ValidationData data = ValidationData.collect(certificate, extraCertificates, List.of(ts), tsa.trustAnchors(), revocation);
        return new Signed(der(withValidationData(stamped, data)), ts, data);
    }

    private static byte[] der(CMSSignedData sd) throws SigningException {
        try {
            return sd.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new SigningException("the CMS structure could not be encoded", e);
        }
    }

    /** Puts the certificates and revocation evidence into the SignedData's certificates and crls sets. */
    private CMSSignedData withValidationData(CMSSignedData sd, ValidationData data) throws SigningException {
        try {
            java.util.LinkedHashSet<X509Certificate> certs = new java.util.LinkedHashSet<>();
            certs.add(certificate);
            certs.addAll(extraCertificates);
            certs.addAll(data.certificates());
            List<Object> revocations = new ArrayList<>();
            for (RevocationEvidence e : data.evidence()) {
                if (e.kind() == RevocationEvidence.Kind.CRL) {
                    revocations.add(new X509CRLHolder(e.der()));
                } else {
                    revocations.add(new OtherRevocationInfoFormat(CMSObjectIdentifiers.id_ri_ocsp_response,
                            OCSPResponse.getInstance(e.der())));
                }
            }
            return CMSSignedData.replaceCertificatesAndCRLs(sd, new JcaCertStore(certs), null, new CollectionStore<>(revocations));
        } catch (IOException | CMSException | CertificateEncodingException | RuntimeException e) {
            throw new SigningException("the validation data could not be added to the signature", e);
        }
    }

    private CMSSignedData signBasic(InputStream content) throws IOException, SigningException {
        try {
            JcaContentSignerBuilder csb = new JcaContentSignerBuilder(ALGORITHM);
            if (provider != null) {
                csb.setProvider(provider);
            }
            ContentSigner contentSigner = csb.build(key);
            SignerInfoGenerator sig = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build())
                    .setSignedAttributeGenerator(signedAttributes())
                    .build(contentSigner, certificate);
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(sig);
            List<X509Certificate> certs = new ArrayList<>();
            certs.add(certificate);
            certs.addAll(extraCertificates);
            gen.addCertificates(new JcaCertStore(certs));
            return gen.generate(new StreamContent(content), false);
        } catch (StreamContent.ReadFailure e) {
            throw e.getCause();
        } catch (RuntimeOperatorException e) {
            throw new SigningException("the signature could not be made: " + e.getMessage(), unwrap(e));
        } catch (CMSException e) {
            if (e.getCause() instanceof StreamContent.ReadFailure) {
                throw ((StreamContent.ReadFailure) e.getCause()).getCause();
            }
            throw new SigningException("the CMS structure could not be made: " + e.getMessage(), unwrap(e));
        } catch (OperatorCreationException | CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new SigningException("the signer could not be set up: " + e.getMessage(), e);
        }
    }

    private static Throwable unwrap(Exception e) {
        // keep the provider's SignatureException (whose cause is the typed card exception) close to the top
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.SignatureException) {
                return t;
            }
        }
        return e;
    }

    private CMSAttributeTableGenerator signedAttributes() throws CertificateEncodingException, NoSuchAlgorithmException {
        AttributeTable base = new AttributeTable(signingCertificateV2(certificate));
        if (signingTime) {
            base = base.add(CMSAttributes.signingTime, new Time(new Date(clock.millis())));
        }
        DefaultSignedAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator(base);
        if (signingTime) {
            return defaults;
        }
        return parameters -> defaults.getAttributes(parameters).remove(CMSAttributes.signingTime);
    }

    /** The ESS signing-certificate-v2 attribute: the certificate's SHA-256 (the default algorithm) and issuer/serial. */
    static Attribute signingCertificateV2(X509Certificate cert) throws CertificateEncodingException, NoSuchAlgorithmException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()))),
                cert.getSerialNumber());
        SigningCertificateV2 scv2 = new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(hash, issuerSerial)});
        return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(scv2));
    }

    /** Content read from a stream exactly once, while BC computes its digest. */
    private static final class StreamContent implements CMSTypedData {
        private final InputStream in;

        StreamContent(InputStream in) {
            this.in = in;
        }

        @Override
        public ASN1ObjectIdentifier getContentType() {
            return CMSObjectIdentifiers.data;
        }

        @Override
        public void write(OutputStream out) {
            try {
                in.transferTo(out);
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }

        @Override
        public Object getContent() {
            return in;
        }

        /** Carries a read failure of the content through Bouncy Castle. */
        static final class ReadFailure extends RuntimeException {
            private static final long serialVersionUID = 1L;

            ReadFailure(IOException cause) {
                super(cause);
            }

            @Override
            public synchronized IOException getCause() {
                return (IOException) super.getCause();
            }
        }
    }

    /** @return a description without personal data */
    @Override
    public String toString() {
        return "CmsSigner[" + ALGORITHM + ", certificates=" + (1 + extraCertificates.size()) + ", signingTime=" + signingTime
                + ", level=" + level.label() + "]";
    }

}
