package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import io.github.mynacard.revocation.RevocationReason;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpkiBackOfficeTest {

    private static final Instant NOW = Instant.parse("2026-05-01T03:04:05Z");

    @TempDir
    Path dir;

    private static MynaCardEmulator card() {
        return MynaCardEmulator.builder().seed(42L).build();
    }

    static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    static byte[] ocspRequest(X509Certificate issuer, BigInteger serial, byte[] nonce) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
        OCSPReqBuilder b = new OCSPReqBuilder().addRequest(id);
        if (nonce != null) {
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getEncoded())));
        }
        return b.build().getEncoded();
    }

    /** The single answer of a successful response, after checking its signature by the included responder certificate. */
    static SingleResp single(byte[] resp, X509Certificate expectedSigner) throws Exception {
        OCSPResp r = new OCSPResp(resp);
        assertEquals(OCSPResp.SUCCESSFUL, r.getStatus());
        BasicOCSPResp basic = (BasicOCSPResp) r.getResponseObject();
        X509CertificateHolder[] certs = basic.getCerts();
        assertEquals(1, certs.length);
        assertArrayEquals(expectedSigner.getEncoded(), certs[0].getEncoded());
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(expectedSigner.getPublicKey())));
        assertEquals(1, basic.getResponses().length);
        return basic.getResponses()[0];
    }

    @Test
    void backOfficeCertificatesAreFixedAndShaped() throws Exception {
        JpkiBackOffice a = JpkiBackOffice.of(card());
        JpkiBackOffice b = JpkiBackOffice.of(MynaCardEmulator.builder().seed(7L).build());
        for (JpkiKey k : JpkiKey.values()) {
            X509Certificate responder = a.ocspResponder(k);
            assertArrayEquals(responder.getEncoded(), b.ocspResponder(k).getEncoded());
            responder.verify(a.certificateAuthority(k).getPublicKey());
            assertEquals(List.of("1.3.6.1.5.5.7.3.9"), responder.getExtendedKeyUsage());
            assertNotNull(responder.getExtensionValue(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck.getId()));
        }
        X509Certificate tsa = a.tsaCertificate();
        tsa.verify(a.tsaRoot().getPublicKey());
        a.tsaRoot().verify(a.tsaRoot().getPublicKey());
        assertTrue(tsa.getCriticalExtensionOIDs().contains(Extension.extendedKeyUsage.getId()));
        assertEquals(List.of("1.3.6.1.5.5.7.3.8"), tsa.getExtendedKeyUsage());
        assertTrue(tsa.getKeyUsage()[0]);
        CRLDistPoint dp = CRLDistPoint.getInstance(new JcaX509CertificateHolder(tsa).getExtension(Extension.cRLDistributionPoints)
                .getParsedValue());
        assertTrue(dp.toString().contains("http://127.0.0.1:18470/crl/tsa.crl"), dp.toString());
    }

    @Test
    void holderCertificatesPointAtTheBackOffice() throws Exception {
        MynaCardEmulator card = card();
        for (JpkiCertificate c : new JpkiCertificate[] {JpkiCertificate.SIGNING, JpkiCertificate.AUTHENTICATION}) {
            X509CertificateHolder h = new JcaX509CertificateHolder(card.certificate(c));
            CRLDistPoint dp = CRLDistPoint.getInstance(h.getExtension(Extension.cRLDistributionPoints).getParsedValue());
            GeneralName[] names = org.bouncycastle.asn1.x509.GeneralNames.getInstance(
                    dp.getDistributionPoints()[0].getDistributionPoint().getName()).getNames();
            assertEquals(GeneralName.directoryName, names[0].getTagNo());
            assertTrue(names[0].getName().toString().contains("OU=CRL Distribution Points"), names[0].toString());
            assertTrue(names[0].getName().toString().contains("CN=13101 CRLDP"), names[0].toString());
            assertEquals(c == JpkiCertificate.SIGNING ? "http://127.0.0.1:18470/crl/signing.crl"
                    : "http://127.0.0.1:18470/crl/authentication.crl", names[1].getName().toString());
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    h.getExtension(Extension.authorityInfoAccess).getParsedValue());
            assertEquals("http://127.0.0.1:18470/ocsp", aia.getAccessDescriptions()[0].getAccessLocation().getName().toString());
        }
        // one DER length for every card (recorded APDU traces depend on it)
        MynaCardEmulator other = MynaCardEmulator.builder().seed(99L).municipalityCode("47201").name("長い\u3000名前")
                .build();
        assertEquals(card.certificate(JpkiCertificate.AUTHENTICATION).getEncoded().length,
                other.certificate(JpkiCertificate.AUTHENTICATION).getEncoded().length);
    }

    @Test
    void crlListsTheRevokedCertificateWithTimeAndReason() throws Exception {
        MynaCardEmulator card = card();
        JpkiBackOffice office = JpkiBackOffice.of(card).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        X509Certificate signing = card.certificate(JpkiCertificate.SIGNING);
        X509CRL empty = crl(office.crl(JpkiKey.SIGNING));
        assertNull(empty.getRevokedCertificates());
        Instant when = Instant.parse("2026-04-30T10:00:00.700Z");
        card.revoke(JpkiKey.SIGNING, RevocationReason.KEY_COMPROMISE, when);
        X509CRL crl = crl(office.crl(JpkiKey.SIGNING));
        crl.verify(office.certificateAuthority(JpkiKey.SIGNING).getPublicKey());
        assertEquals(office.certificateAuthority(JpkiKey.SIGNING).getSubjectX500Principal(), crl.getIssuerX500Principal());
        assertEquals(NOW, crl.getThisUpdate().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(1)), crl.getNextUpdate().toInstant());
        assertNotNull(crl.getExtensionValue(Extension.cRLNumber.getId()));
        assertNotNull(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId()));
        X509CRLEntry e = crl.getRevokedCertificate(signing.getSerialNumber());
        assertNotNull(e);
        assertEquals(Instant.parse("2026-04-30T10:00:00Z"), e.getRevocationDate().toInstant());
        assertEquals(java.security.cert.CRLReason.KEY_COMPROMISE, e.getRevocationReason());
        assertTrue(crl.isRevoked(signing));
        // the other hierarchy's CRL does not list it
        X509CRL auth = crl(office.crl(JpkiKey.AUTHENTICATION));
        auth.verify(office.certificateAuthority(JpkiKey.AUTHENTICATION).getPublicKey());
        assertNull(auth.getRevokedCertificates());
        X509CRL tsa = crl(office.tsaCrl());
        tsa.verify(office.tsaRoot().getPublicKey());
        assertNull(tsa.getRevokedCertificates());
    }

    @Test
    void ocspAnswersGoodRevokedUnknownAndEchoesTheNonce() throws Exception {
        MynaCardEmulator card = card();
        JpkiBackOffice office = JpkiBackOffice.of(card).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        X509Certificate auth = card.certificate(JpkiCertificate.AUTHENTICATION);
        X509Certificate ca = office.certificateAuthority(JpkiKey.AUTHENTICATION);
        byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] resp = office.answerOcsp(ocspRequest(ca, auth.getSerialNumber(), nonce));
        SingleResp good = single(resp, office.ocspResponder(JpkiKey.AUTHENTICATION));
        assertEquals(CertificateStatus.GOOD, good.getCertStatus());
        assertEquals(NOW, good.getThisUpdate().toInstant());
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(resp).getResponseObject();
        assertArrayEquals(new DEROctetString(nonce).getEncoded(),
                basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets());

        card.revoke(JpkiKey.AUTHENTICATION, RevocationReason.CESSATION_OF_OPERATION, NOW.minusSeconds(60));
        SingleResp revoked = single(office.answerOcsp(ocspRequest(ca, auth.getSerialNumber(), null)),
                office.ocspResponder(JpkiKey.AUTHENTICATION));
        RevokedStatus rs = assertInstanceOf(RevokedStatus.class, revoked.getCertStatus());
        assertEquals(NOW.minusSeconds(60), rs.getRevocationTime().toInstant());
        assertEquals(RevocationReason.CESSATION_OF_OPERATION.code(), rs.getRevocationReason());

        // another serial of the CA: this back office never issued it
        SingleResp unknown = single(office.answerOcsp(ocspRequest(ca, BigInteger.valueOf(12345), null)),
                office.ocspResponder(JpkiKey.AUTHENTICATION));
        assertInstanceOf(UnknownStatus.class, unknown.getCertStatus());

        // the signing CA's answers come from its own responder
        X509Certificate signing = card.certificate(JpkiCertificate.SIGNING);
        SingleResp sgood = single(office.answerOcsp(ocspRequest(office.certificateAuthority(JpkiKey.SIGNING),
                signing.getSerialNumber(), null)), office.ocspResponder(JpkiKey.SIGNING));
        assertEquals(CertificateStatus.GOOD, sgood.getCertStatus());

        // the TSA's certificate, answered by the TSA root itself
        SingleResp tsa = single(office.answerOcsp(ocspRequest(office.tsaRoot(), office.tsaCertificate().getSerialNumber(),
                null)), office.tsaRoot());
        assertEquals(CertificateStatus.GOOD, tsa.getCertStatus());
    }

    @Test
    void ocspGarbageAndStrangersGetAStatus() throws Exception {
        JpkiBackOffice office = JpkiBackOffice.of(card());
        assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(office.answerOcsp(new byte[] {0x30, 0x03, 1, 2, 3})).getStatus());
        assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(office.answerOcsp(new byte[0])).getStatus());
        // an issuer the back office does not know
        X509Certificate stranger = card().certificate(JpkiCertificate.SIGNING);
        assertEquals(OCSPResp.UNAUTHORIZED,
                new OCSPResp(office.answerOcsp(ocspRequest(stranger, BigInteger.ONE, null))).getStatus());
        new OCSPReq(ocspRequest(stranger, BigInteger.ONE, null)); // the request itself was well-formed
    }

    static TimeStampRequest tsq(byte[] data, BigInteger nonce) throws Exception {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        return g.generate(NISTObjectIdentifiers.id_sha256, MessageDigest.getInstance("SHA-256").digest(data), nonce);
    }

    @Test
    void timeStampTokenVerifiesAgainstTheTsaCertificate() throws Exception {
        JpkiBackOffice office = JpkiBackOffice.of(card()).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        TimeStampRequest req = tsq("document".getBytes(), BigInteger.valueOf(987654321));
        TimeStampResponse resp = new TimeStampResponse(office.answerTimestamp(req.getEncoded()));
        resp.validate(req);
        assertEquals(PKIStatus.GRANTED, resp.getStatus());
        TimeStampToken token = resp.getTimeStampToken();
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(office.tsaCertificate()));
        assertEquals(NOW, token.getTimeStampInfo().getGenTime().toInstant());
        assertEquals(BigInteger.valueOf(987654321), token.getTimeStampInfo().getNonce());
        assertArrayEquals(req.getMessageImprintDigest(), token.getTimeStampInfo().getMessageImprintDigest());
        assertEquals(JpkiBackOffice.TSA_POLICY, token.getTimeStampInfo().getPolicy().getId());
        assertNotNull(token.getSignedAttributes().get(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signingCertificateV2));
        assertEquals(1, token.getCertificates().getMatches(null).size());
        // serials increase, also on a fixed clock
        BigInteger first = token.getTimeStampInfo().getSerialNumber();
        TimeStampResponse again = new TimeStampResponse(office.answerTimestamp(req.getEncoded()));
        assertTrue(again.getTimeStampToken().getTimeStampInfo().getSerialNumber().compareTo(first) > 0);
        // no certificate when not asked for
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        TimeStampRequest bare = g.generate(NISTObjectIdentifiers.id_sha256, new byte[32]);
        assertEquals(0, new TimeStampResponse(office.answerTimestamp(bare.getEncoded())).getTimeStampToken().getCertificates()
                .getMatches(null).size());
    }

    @Test
    void timeStampRejectsGarbageAndUnknownDigests() throws Exception {
        JpkiBackOffice office = JpkiBackOffice.of(card());
        TimeStampResponse garbage = new TimeStampResponse(office.answerTimestamp(new byte[] {1, 2, 3}));
        assertEquals(PKIStatus.REJECTION, garbage.getStatus());
        assertEquals(PKIFailureInfo.badDataFormat, garbage.getFailInfo().intValue());
        TimeStampRequest md5 = new TimeStampRequestGenerator().generate(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.md5, new byte[16]);
        TimeStampResponse badAlg = new TimeStampResponse(office.answerTimestamp(md5.getEncoded()));
        assertEquals(PKIStatus.REJECTION, badAlg.getStatus());
        assertEquals(PKIFailureInfo.badAlg, badAlg.getFailInfo().intValue());
        assertNull(badAlg.getTimeStampToken());
    }

    @Test
    void revocationsSurviveRestartsAndReissueMakesANewCertificate() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().seed(5L).stateFile(file).build();
        X509Certificate old = card.certificate(JpkiCertificate.SIGNING);
        card.revoke(JpkiKey.SIGNING, RevocationReason.KEY_COMPROMISE, NOW);
        CertificateAlreadyRevokedException twice = assertThrows(CertificateAlreadyRevokedException.class,
                () -> card.revoke(JpkiKey.SIGNING, RevocationReason.SUPERSEDED, NOW));
        assertEquals(JpkiKey.SIGNING, twice.key());
        assertEquals(1, card.revocations().size());

        MynaCardEmulator reloaded = MynaCardEmulator.load(file);
        assertEquals(List.of(new JpkiBackOffice.Revocation(JpkiKey.SIGNING, old.getSerialNumber(), NOW,
                RevocationReason.KEY_COMPROMISE)), reloaded.revocations());

        // a spent attempt survives the reissue
        Apdus.sw(reloaded, Apdus.SELECT_JPKI);
        Apdus.sw(reloaded, Apdus.verify(0x18, "0000"));
        X509Certificate oldAuth = reloaded.certificate(JpkiCertificate.AUTHENTICATION);
        reloaded.reissue(JpkiKey.AUTHENTICATION);
        X509Certificate newAuth = reloaded.certificate(JpkiCertificate.AUTHENTICATION);
        assertNotEquals(oldAuth.getSerialNumber(), newAuth.getSerialNumber());
        assertEquals(oldAuth.getEncoded().length, newAuth.getEncoded().length);
        newAuth.verify(reloaded.authenticationRootCertificate().getPublicKey());
        assertEquals(newAuth.getPublicKey(), reloaded.publicKey(JpkiKey.AUTHENTICATION));
        assertNotEquals(oldAuth.getPublicKey(), newAuth.getPublicKey());
        assertEquals(2, reloaded.remainingAttempts(PinKind.USER_AUTH));
        // the first card object (same file) sees it: the superseded one revoked, the new one current
        assertEquals(newAuth, card.certificate(JpkiCertificate.AUTHENTICATION));
        List<JpkiBackOffice.Revocation> all = card.revocations();
        assertEquals(2, all.size());
        assertEquals(RevocationReason.SUPERSEDED, all.get(1).reason());
        assertEquals(oldAuth.getSerialNumber(), all.get(1).serial());
        // the card reads out the new certificate, and its key signs for it
        byte[] ef = card.fileContent(MynaCardEmulator.JPKI_AID, 0x000A);
        assertArrayEquals(newAuth.getEncoded(), java.util.Arrays.copyOf(ef, newAuth.getEncoded().length));
        // OCSP of a fresh process's view: old revoked (superseded), new good
        JpkiBackOffice office = JpkiBackOffice.of(MynaCardEmulator.load(file));
        X509Certificate ca = office.certificateAuthority(JpkiKey.AUTHENTICATION);
        assertInstanceOf(RevokedStatus.class, single(office.answerOcsp(ocspRequest(ca, oldAuth.getSerialNumber(), null)),
                office.ocspResponder(JpkiKey.AUTHENTICATION)).getCertStatus());
        assertEquals(CertificateStatus.GOOD, single(office.answerOcsp(ocspRequest(ca, newAuth.getSerialNumber(), null)),
                office.ocspResponder(JpkiKey.AUTHENTICATION)).getCertStatus());
        // a second reissue draws yet another key
        reloaded.reissue(JpkiKey.AUTHENTICATION);
        assertNotEquals(newAuth.getPublicKey(), reloaded.publicKey(JpkiKey.AUTHENTICATION));
        assertEquals(3, MynaCardEmulator.load(file).revocations().size());
        assertFalse(card.revocations().isEmpty());
    }

    @Test
    void removeFromCrlIsNoReason() {
        MynaCardEmulator card = card();
        assertThrows(IllegalArgumentException.class, () -> card.revoke(JpkiKey.SIGNING, RevocationReason.REMOVE_FROM_CRL));
        assertTrue(card.revocations().isEmpty());
    }
}
