package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.revocation.RevocationReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * The emulated JPKI back office of one emulated card: the two test CAs the card's certificates
 * chain to with their CRLs, a delegated OCSP responder for each, and a test time-stamping
 * authority (RFC 3161) with its own root and CRL. For tests of relying parties: revocation
 * checking (CRL, OCSP), trusted time, long-term signatures. {@link BackOfficeServer} serves it
 * over HTTP on loopback.
 *
 * <h2>Keys and certificates</h2>
 * Every key here is a public test key shipped with the emulator (see the {@code keys/README.txt}
 * resource), and every certificate is made from them with fixed names, serials and dates: the CA
 * roots, the responders, the TSA root and the TSA certificate are the same bytes in every process
 * and every run, so trust anchors written once stay valid. Nothing signed here proves anything.
 *
 * <h2>What it knows</h2>
 * Every answer reads the card as its state file holds it at that moment
 * ({@link MynaCardEmulator#revocations()}): a {@link MynaCardEmulator#revoke} or
 * {@link MynaCardEmulator#reissue} in another process shows in the next CRL or OCSP answer. The
 * back office knows the certificates of this card only (other emulated cards share the CAs but not
 * their revocations): OCSP answers {@code good} for the card's current certificates,
 * {@code revoked} (time, reason) for every certificate of the card that was revoked, and
 * {@code unknown} for any other serial of the two CAs; for the TSA root, {@code good} for the TSA
 * certificate and {@code unknown} for others.
 *
 * <h2>CRLs</h2>
 * Version 2, signed by the CA's own key (SHA-256 with RSA): thisUpdate the clock's now (to the
 * second), nextUpdate one day later, a CRL number (the seconds since the epoch of thisUpdate, so
 * later CRLs have larger numbers), the authority key identifier; one entry per revoked certificate
 * with its revocation time and reason code. A full CRL (no issuing distribution point).
 *
 * <h2>OCSP (RFC 6960)</h2>
 * Requests are matched by issuer key hash (any hash algorithm BC knows; issuer name hash too).
 * Answers to the certificates of a JPKI CA are signed by that CA's delegated responder, whose
 * certificate is included; answers on the TSA root's certificates by the TSA root itself (the CA
 * signing its own answers, as RFC 6960 allows). The responder is chosen by the first request in the
 * list; requests on another issuer's certificates in the same list are answered {@code unknown}.
 * A request none of whose certificates belongs to a known CA is answered {@code unauthorized}; an
 * undecodable one {@code malformedRequest}. thisUpdate and producedAt are now, nextUpdate one day
 * later; a nonce is echoed. Request signatures are not checked.
 *
 * <h2>Time stamps (RFC 3161)</h2>
 * Granted tokens are signed by {@link #tsaCertificate()} (SHA-256 with RSA, ESS
 * signing-certificate-v2 with issuer and serial), under the policy {@value #TSA_POLICY}, with genTime
 * the clock's now to the second, serial numbers increasing (never below the clock's milliseconds),
 * the nonce echoed, and the TSA certificate with its root included when the request asks ({@code certReq}). Message
 * imprints of SHA-256, SHA-384 and SHA-512 are accepted; another algorithm is rejected with
 * {@code badAlg}, an imprint of the wrong length or an undecodable request with
 * {@code badDataFormat}, another requested policy with {@code unacceptedPolicy}.
 *
 * <h2>Where the card's certificates point</h2>
 * Real JPKI holder certificates name their CRL in the CRL Distribution Points extension, published
 * by J-LIS to registered verifiers only, over the protocol the distribution point names (HTTP or
 * LDAP v3, by its 2026-02-27 gazette notice on publishing revocation lists); public mocks of JPKI
 * signing certificates show a directory-name distribution point per municipality under
 * {@code OU=CRL Distribution Points}, and no public dump shows an OCSP URI. The emulated holder
 * certificates carry such a directory name and, for the same CRL, an HTTP URI on loopback at
 * {@link BackOfficeServer#DEFAULT_PORT}, plus an authorityInfoAccess OCSP URI there.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JpkiBackOffice {

    /**
     * The arc under which the emulator's test object identifiers live: a UUID-derived OID
     * (ITU-T X.667, {@code 2.25.<UUID as an integer>}), which needs no registration and names
     * nothing real.
     */
    public static final String TEST_ARC = "2.25.37742631122691965362842430830126701226";
    /** The policy of the test TSA's time-stamp tokens: {@link #TEST_ARC}{@code .1}. */
    public static final String TSA_POLICY = "2.25.37742631122691965362842430830126701226.1";

    private static final Set<ASN1ObjectIdentifier> DIGESTS = Set.of(NISTObjectIdentifiers.id_sha256,
            NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    /**
     * One revoked certificate of an emulated card.
     *
     * @param key which of the card's certificates (its hierarchy)
     * @param serial the certificate's serial number
     * @param time when it was revoked (to the second)
     * @param reason why
     */
    public record Revocation(JpkiKey key, BigInteger serial, Instant time, RevocationReason reason) {
        /**
         * Checks that no part is missing.
         *
         * @param key which of the card's certificates
         * @param serial the certificate's serial number
         * @param time when it was revoked
         * @param reason why
         */
        public Revocation {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final MynaCardEmulator card;
    private final Clock clock;
    private final AtomicLong lastSerial;

    private JpkiBackOffice(MynaCardEmulator card, Clock clock, AtomicLong lastSerial) {
        this.card = card;
        this.clock = clock;
        this.lastSerial = lastSerial;
    }

    /**
     * The back office of a card, on the system clock.
     *
     * @param card the emulated card (kept: every answer reads its state then)
     * @return its back office
     */
    public static JpkiBackOffice of(MynaCardEmulator card) {
        return new JpkiBackOffice(Objects.requireNonNull(card, "card"), Clock.systemUTC(), new AtomicLong());
    }

    /**
     * The same back office on another clock (for CRL and OCSP times and time-stamp genTime); the
     * time-stamp serial counter is shared with this one.
     *
     * @param clock the clock
     * @return a back office on that clock
     */
    public JpkiBackOffice withClock(Clock clock) {
        return new JpkiBackOffice(card, Objects.requireNonNull(clock, "clock"), lastSerial);
    }

    /**
     * @param hierarchy {@link JpkiKey#SIGNING} for the digital-signature CA, else the
     *     user-authentication CA
     * @return the test CA root the card's certificates of that hierarchy chain to
     */
    public X509Certificate certificateAuthority(JpkiKey hierarchy) {
        return Objects.requireNonNull(hierarchy, "hierarchy") == JpkiKey.SIGNING ? CardCertificates.signRoot()
                : CardCertificates.authRoot();
    }

    /**
     * @param hierarchy which CA
     * @return the CA's delegated OCSP responder certificate (issued by the CA; extended key usage
     *     id-kp-OCSPSigning, id-pkix-ocsp-nocheck)
     */
    public X509Certificate ocspResponder(JpkiKey hierarchy) {
        return BackOfficeCertificates.responder(Objects.requireNonNull(hierarchy, "hierarchy"));
    }

    /** @return the test TSA's own root (self-signed) */
    public X509Certificate tsaRoot() {
        return BackOfficeCertificates.tsaRoot();
    }

    /**
     * @return the test TSA's certificate, issued by {@link #tsaRoot()}: extended key usage
     *     timeStamping (critical), key usage digitalSignature, a CRL distribution point of the TSA
     *     root's CRL and an OCSP URI (both on loopback at {@link BackOfficeServer#DEFAULT_PORT})
     */
    public X509Certificate tsaCertificate() {
        return BackOfficeCertificates.tsa();
    }

    /** @return the card's revocations as its state file holds them now, in the order made */
    public List<Revocation> revocations() {
        return card.revocations();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ------------------------------------------------------------------ CRLs

    /**
     * The CRL of a CA now (see the class description).
     *
     * @param hierarchy which CA
     * @return the DER CertificateList
     */
    public byte[] crl(JpkiKey hierarchy) {
        Objects.requireNonNull(hierarchy, "hierarchy");
        List<Revocation> entries = new ArrayList<>();
        for (Revocation r : card.backOfficeView().revocations()) {
            if (r.key() == hierarchy) {
                entries.add(r);
            }
        }
        return crl(certificateAuthority(hierarchy), TestKeys.get(hierarchy == JpkiKey.SIGNING ? TestKeys.SIGN_CA : TestKeys.AUTH_CA),
                entries);
    }

    /** @return the DER CRL of the TSA root now (no entries) */
    public byte[] tsaCrl() {
        return crl(tsaRoot(), TestKeys.get(TestKeys.TSA_ROOT), List.of());
    }

    private byte[] crl(X509Certificate ca, KeyPair caKey, List<Revocation> entries) {
        Instant now = now();
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    Date.from(now));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            for (Revocation r : entries) {
                b.addCRLEntry(r.serial(), Date.from(r.time()), r.reason().code());
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.getEpochSecond())));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey()));
            return b.build(signer(caKey)).getEncoded();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not build a CRL", e);
        }
    }

    private static ContentSigner signer(KeyPair key) {
        try {
            return new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("SHA256withRSA unavailable", e);
        }
    }

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest provider", e);
        }
    }

    // ------------------------------------------------------------------ OCSP

    /** A CA this back office answers for: its certificate, the key that signs its answers and that key's certificate. */
    private record Authority(X509CertificateHolder ca, KeyPair signerKey, X509Certificate signerCert, JpkiKey hierarchy) {
    }

    private List<Authority> authorities() {
        try {
            return List.of(
                    new Authority(new JcaX509CertificateHolder(CardCertificates.signRoot()), TestKeys.get(TestKeys.SIGN_OCSP),
                            ocspResponder(JpkiKey.SIGNING), JpkiKey.SIGNING),
                    new Authority(new JcaX509CertificateHolder(CardCertificates.authRoot()), TestKeys.get(TestKeys.AUTH_OCSP),
                            ocspResponder(JpkiKey.AUTHENTICATION), JpkiKey.AUTHENTICATION),
                    new Authority(new JcaX509CertificateHolder(tsaRoot()), TestKeys.get(TestKeys.TSA_ROOT), tsaRoot(), null));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Authority issuerOf(CertificateID id, List<Authority> authorities, DigestCalculatorProvider digests) {
        for (Authority a : authorities) {
            try {
                if (id.matchesIssuer(a.ca(), digests)) {
                    return a;
                }
            } catch (OCSPException e) {
                // a hash algorithm we cannot compute: not this issuer
            }
        }
        return null;
    }

    /**
     * Answers an OCSP request (see the class description).
     *
     * @param ocspRequestDer the DER OCSPRequest (not kept)
     * @return the DER OCSPResponse; never null, also for garbage ({@code malformedRequest})
     */
    public byte[] answerOcsp(byte[] ocspRequestDer) {
        return answerOcsp(ocspRequestDer, false);
    }

    /**
     * @param wrongNonce answer with a nonce other than the request's (a fault for client tests)
     */
    byte[] answerOcsp(byte[] ocspRequestDer, boolean wrongNonce) {
        OCSPReq req;
        Req[] list;
        try {
            req = new OCSPReq(Objects.requireNonNull(ocspRequestDer, "ocspRequestDer"));
            list = req.getRequestList();
        } catch (IOException | RuntimeException e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        if (list.length == 0) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        DigestCalculatorProvider digests = digests();
        List<Authority> authorities = authorities();
        Authority responder = null;
        for (Req r : list) {
            responder = issuerOf(r.getCertID(), authorities, digests);
            if (responder != null) {
                break;
            }
        }
        if (responder == null) {
            return status(OCSPRespBuilder.UNAUTHORIZED);
        }
        MynaCardEmulator.BackOfficeView view = card.backOfficeView();
        Instant now = now();
        Date thisUpdate = Date.from(now);
        Date nextUpdate = Date.from(now.plus(Duration.ofDays(1)));
        try {
            X509CertificateHolder signerCert = new JcaX509CertificateHolder(responder.signerCert());
            BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(signerCert.getSubjectPublicKeyInfo(),
                    digests.get(CertificateID.HASH_SHA1)));
            for (Req r : list) {
                CertificateID id = r.getCertID();
                Authority issuer = issuerOf(id, authorities, digests);
                b.addResponse(id, issuer == responder ? status(issuer, id.getSerialNumber(), view) : new UnknownStatus(),
                        thisUpdate, nextUpdate, null);
            }
            Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null || wrongNonce) {
                byte[] value = nonce == null ? new byte[] {4, 2, 0, 0} : nonce.getExtnValue().getOctets();
                if (wrongNonce) {
                    value = value.clone();
                    value[value.length - 1] ^= 0x5A;
                }
                b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, value)));
            }
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    b.build(signer(responder.signerKey()), new X509CertificateHolder[] {signerCert}, thisUpdate)).getEncoded();
        } catch (IOException | OCSPException | OperatorCreationException | CertificateEncodingException e) {
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    private CertificateStatus status(Authority issuer, BigInteger serial, MynaCardEmulator.BackOfficeView view) {
        if (issuer.hierarchy() == null) {
            return serial.equals(tsaCertificate().getSerialNumber()) ? CertificateStatus.GOOD : new UnknownStatus();
        }
        Revocation r = MynaCardEmulator.find(view.revocations(), issuer.hierarchy(), serial);
        if (r != null) {
            return new RevokedStatus(Date.from(r.time()), r.reason().code());
        }
        try {
            BigInteger current = CardCertificates.parse(view.certificate(issuer.hierarchy())).getSerialNumber();
            return serial.equals(current) ? CertificateStatus.GOOD : new UnknownStatus();
        } catch (java.security.cert.CertificateException e) {
            return new UnknownStatus();
        }
    }

    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (IOException | OCSPException e) {
            throw new UncheckedIOException(new IOException("could not encode an OCSP status", e));
        }
    }

    // ------------------------------------------------------------------ time stamps

    /**
     * Answers a time-stamp request (see the class description).
     *
     * @param timeStampReqDer the DER TimeStampReq (not kept)
     * @return the DER TimeStampResp; never null, also for garbage (a rejection)
     */
    public byte[] answerTimestamp(byte[] timeStampReqDer) {
        return answerTimestamp(timeStampReqDer, false);
    }

    /**
     * @param wrongNonce stamp a nonce other than the request's (a fault for client tests)
     */
    byte[] answerTimestamp(byte[] timeStampReqDer, boolean wrongNonce) {
        try {
            TimeStampRequest req;
            try {
                req = new TimeStampRequest(Objects.requireNonNull(timeStampReqDer, "timeStampReqDer"));
            } catch (IOException | RuntimeException e) {
                return reject(PKIFailureInfo.badDataFormat, "the request is not a DER TimeStampReq");
            }
            if (wrongNonce) {
                BigInteger nonce = req.getNonce() == null ? BigInteger.ONE : req.getNonce().add(BigInteger.ONE);
                org.bouncycastle.tsp.TimeStampRequestGenerator g = new org.bouncycastle.tsp.TimeStampRequestGenerator();
                g.setCertReq(req.getCertReq());
                if (req.getReqPolicy() != null) {
                    g.setReqPolicy(req.getReqPolicy());
                }
                req = g.generate(req.getMessageImprintAlgOID(), req.getMessageImprintDigest(), nonce);
            }
            X509Certificate tsa = tsaCertificate();
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", TestKeys.get(TestKeys.TSA).getPrivate(), tsa),
                    digests().get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    new ASN1ObjectIdentifier(TSA_POLICY), true);
            // the chain up to the root, as public TSAs send it: a B-LT signer needs the issuer to embed the TSA certificate's CRL
            tokens.addCertificates(new JcaCertStore(List.of(tsa, tsaRoot())));
            TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, DIGESTS,
                    Set.of(new ASN1ObjectIdentifier(TSA_POLICY)));
            Instant now = now();
            TimeStampResponse resp = responses.generate(req, nextSerial(now), Date.from(now));
            return resp.getEncoded();
        } catch (TSPException | IOException | GeneralSecurityException | OperatorCreationException e) {
            return reject(PKIFailureInfo.systemFailure, "the time stamp could not be made");
        }
    }

    private BigInteger nextSerial(Instant now) {
        return BigInteger.valueOf(lastSerial.updateAndGet(last -> Math.max(last + 1, now.toEpochMilli())));
    }

    private static byte[] reject(int failInfo, String text) {
        try {
            return new TimeStampResponseGenerator(null, TSPAlgorithms.ALLOWED)
                    .generateFailResponse(PKIStatus.REJECTION, failInfo, text).getEncoded();
        } catch (IOException | TSPException e) {
            throw new UncheckedIOException(new IOException("could not encode a time-stamp rejection", e));
        }
    }

    @Override
    public String toString() {
        return "JpkiBackOffice[" + card + "]";
    }
}
