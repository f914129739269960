package io.github.mynacard.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The J-LIS CA certificates built into the library: exactly the four public ones, and nothing else trusted through them. */
class JpkiTrustAnchorsTest {

    private static final String JLIS = "OU=Japan Agency for Local Authority Information Systems";
    private static final String SIGNING = "OU=Japan Agency for Local Authority Information Systems,OU=JPKI for digital signature,O=JPKI,C=JP";
    private static final String AUTHENTICATION =
            "OU=Japan Agency for Local Authority Information Systems,OU=JPKI for user authentication,O=JPKI,C=JP";

    /** Subject, SHA-256 of the DER, notBefore and notAfter of each, in the order jpki() returns them. */
    private static final String[][] EXPECTED = {
        {SIGNING, "d227f6cde11d35c5252178f106f843d24651944975413b539fa2fb68dbfa365f", "2023-07-16T00:50:27Z", "2033-07-15T14:59:59Z"},
        {SIGNING, "19645405a1fe14377434bd55957628ac4038557c542403a2243f21c706fc9355", "2015-10-20T02:40:28Z", "2025-10-19T14:59:59Z"},
        {AUTHENTICATION, "64114f29620c24ed2631d46476a040e7ee740d956089c00b036a6a8118c322b5", "2023-07-16T01:01:04Z",
            "2033-07-15T14:59:59Z"},
        {AUTHENTICATION, "4dcfc4ca0aaf9fb2a3081b3f0c991c320b3acc008667a341eeaec5af1d58ca7d", "2015-10-20T03:08:13Z",
            "2025-10-19T14:59:59Z"},
    };

    @Test
    void areTheFourPublishedCertificatesByFingerprint() throws Exception {
        TrustAnchors a = TrustAnchors.jpki();
        assertEquals(EXPECTED.length, a.certificates().size());
        assertTrue(a.skipped().isEmpty());
        for (int i = 0; i < EXPECTED.length; i++) {
            X509Certificate c = a.certificates().get(i);
            assertEquals(EXPECTED[i][1], sha256(c), "fingerprint of certificate " + i);
            assertEquals(EXPECTED[i][0], c.getSubjectX500Principal().getName(X500Principal.RFC2253), "subject of certificate " + i);
            assertEquals(Instant.parse(EXPECTED[i][2]), c.getNotBefore().toInstant(), "notBefore of certificate " + i);
            assertEquals(Instant.parse(EXPECTED[i][3]), c.getNotAfter().toInstant(), "notAfter of certificate " + i);
        }
    }

    @Test
    void eachIsASelfSignedJlisCa() throws Exception {
        for (X509Certificate c : TrustAnchors.jpki().certificates()) {
            String subject = c.getSubjectX500Principal().getName(X500Principal.RFC2253);
            assertTrue(subject.contains(JLIS), subject);
            assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal(), "self-issued: " + subject);
            c.verify(c.getPublicKey()); // self-signed: its own key verifies it
            assertTrue(c.getBasicConstraints() >= 0, "a CA certificate: " + subject);
            assertTrue(c.getCriticalExtensionOIDs().contains(Extension.basicConstraints.getId()), subject);
            boolean[] usage = c.getKeyUsage();
            assertNotNull(usage, subject);
            assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign: " + subject);
            assertEquals("RSA", c.getPublicKey().getAlgorithm());
        }
    }

    @Test
    void theGenerationsShareANameAndDifferByKey() {
        List<X509Certificate> c = TrustAnchors.jpki().certificates();
        assertEquals(c.get(0).getSubjectX500Principal(), c.get(1).getSubjectX500Principal());
        assertFalse(c.get(0).getPublicKey().equals(c.get(1).getPublicKey()));
        assertEquals(c.get(2).getSubjectX500Principal(), c.get(3).getSubjectX500Principal());
        assertFalse(c.get(2).getPublicKey().equals(c.get(3).getPublicKey()));
        assertTrue(TrustAnchors.jpki().includesJpki());
        assertEquals(TrustAnchors.jpki(), TrustAnchors.jpki());
    }

    @Test
    void aCertificateUnderAFakeRootOfTheSameNameDoesNotValidate() throws Exception {
        KeyPair fakeRoot = rsa();
        X500Name name = new X500Name(SIGNING);
        X509Certificate holder = issue(name, new X500Name("CN=someone,C=JP"), rsa().getPublic(), fakeRoot, false);
        ChainValidator v = ChainValidator.of(TrustAnchors.jpki()).withClock(at("2026-06-01T00:00:00Z"));
        ChainValidationException e = assertThrows(ChainValidationException.class, () -> v.validate(holder));
        assertEquals(ChainValidationException.Reason.NO_ISSUER_FOUND, e.reason());
        assertTrue(e.getMessage().startsWith("the certificate was not issued by J-LIS"), e.getMessage());
        // even with the fake root offered as an intermediate
        X509Certificate fakeRootCert = issue(name, name, fakeRoot.getPublic(), fakeRoot, true);
        assertThrows(ChainValidationException.class, () -> v.validate(holder, List.of(fakeRootCert)));
    }

    @Test
    void aCertificateOfTheEmulatorsTestCaIsNamedAsSuch() throws Exception {
        X500Name testCa = new X500Name("OU=mynacard test CA,OU=JPKI for digital signature,O=JPKI,C=JP");
        X509Certificate holder = issue(testCa, new X500Name("CN=someone,C=JP"), rsa().getPublic(), rsa(), false);
        assertTrue(TrustAnchors.issuedByEmulator(holder));
        ChainValidator v = ChainValidator.of(TrustAnchors.jpki()).withClock(at("2026-06-01T00:00:00Z"));
        ChainValidationException e = assertThrows(ChainValidationException.class, () -> v.validate(holder));
        assertTrue(e.getMessage().startsWith("the certificate is from an emulated card"), e.getMessage());
        assertTrue(e.getMessage().contains("not by J-LIS"), e.getMessage());
        assertTrue(e.getMessage().contains("the emulator's own CA certificates"), e.getMessage());

        // a look-alike unit inside another value is not the emulator's
        X509Certificate other = issue(new X500Name("OU=x\\,OU=mynacard test CA\\,y,O=JPKI,C=JP"), new X500Name("CN=a"),
                rsa().getPublic(), rsa(), false);
        assertFalse(TrustAnchors.issuedByEmulator(other));
        // other anchors: no note
        KeyPair own = rsa();
        X500Name ownName = new X500Name("CN=own root");
        assertEquals("", TrustAnchors.of(issue(ownName, ownName, own.getPublic(), own, true)).noIssuerNote(holder));
    }

    private static Clock at(String t) {
        return Clock.fixed(Instant.parse(t), ZoneOffset.UTC);
    }

    private static String sha256(X509Certificate c) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate issue(X500Name issuer, X500Name subject, PublicKey key, KeyPair signer, boolean ca)
            throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.parse("2024-01-01T00:00:00Z")), Date.from(Instant.parse("2030-01-01T00:00:00Z")), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }
}
