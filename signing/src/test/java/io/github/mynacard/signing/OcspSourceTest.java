package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.revocation.HttpSettings;
import io.github.mynacard.revocation.RevocationEvidence;
import io.github.mynacard.revocation.RevocationReason;
import io.github.mynacard.revocation.RevocationStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OcspSourceTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant REVOKED_AT = NOW.minus(Duration.ofDays(2));
    static KeyPair caKey;
    static X509Certificate ca;
    static X509Certificate ee;
    static KeyPair responderKey;
    static X509Certificate delegated;
    static X509Certificate noEku;
    static Responder responder;

    /** How the test responder answers: from the request's DER to the response's DER. */
    static final AtomicReference<Function<OCSPReq, byte[]>> ANSWER = new AtomicReference<>();

    @BeforeAll
    static void setUp() throws Exception {
        caKey = rsa();
        X500Name caName = new X500Name("CN=OCSP Test CA,C=JP");
        ca = cert(caName, caName, caKey.getPublic(), caKey, 1, true, false);
        ee = cert(caName, new X500Name("CN=holder"), rsa().getPublic(), caKey, 4242, false, false);
        responderKey = rsa();
        delegated = cert(caName, new X500Name("CN=responder"), responderKey.getPublic(), caKey, 9, false, true);
        noEku = cert(caName, new X500Name("CN=not a responder"), responderKey.getPublic(), caKey, 10, false, false);
        responder = new Responder();
    }

    @AfterAll
    static void tearDown() throws IOException {
        responder.close();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static X509Certificate cert(X500Name issuer, X500Name subject, PublicKey key, KeyPair signer, long serial, boolean isCa,
            boolean ocspSigning) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                Date.from(NOW.minus(Duration.ofDays(365))), Date.from(NOW.plus(Duration.ofDays(365))), subject, key);
        if (isCa) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        }
        if (ocspSigning) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    /** A response for every request of {@code req}, signed by {@code signer}, carrying {@code include}. */
    static byte[] respond(OCSPReq req, CertificateStatus status, KeyPair signer, X509Certificate include, byte[] nonceOverride,
            Instant thisUpdate, Instant nextUpdate) {
        try {
            BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(new X500Name("CN=responder")));
            for (Req r : req.getRequestList()) {
                b.addResponse(r.getCertID(), status, Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate), null);
            }
            Extension n = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonceOverride != null) {
                n = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonceOverride));
            }
            if (n != null) {
                b.setResponseExtensions(new org.bouncycastle.asn1.x509.Extensions(n));
            }
            X509CertificateHolder[] chain = include == null ? null : new X509CertificateHolder[] {new X509CertificateHolder(include.getEncoded())};
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate()), chain, Date.from(thisUpdate))).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] good(OCSPReq req) {
        return respond(req, CertificateStatus.GOOD, caKey, null, null, NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofHours(1)));
    }

    static OcspSource source() {
        return OcspSource.of(responder.uri(), HttpSettings.defaults().withRequestTimeout(Duration.ofSeconds(2)))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void goodSignedByTheIssuer() throws Exception {
        ANSWER.set(OcspSourceTest::good);
        RevocationStatus s = source().check(ee, ca);
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.detail());
        assertEquals(RevocationEvidence.Kind.OCSP, s.evidence().kind());
        assertEquals(OCSPResp.SUCCESSFUL, new OCSPResp(s.evidence().der()).getStatus());
        assertEquals("1.3.14.3.2.26", responder.lastRequest.get().getRequestList()[0].getCertID().getHashAlgOID().getId(),
                "the CertID is SHA-1");
    }

    @Test
    void revokedWithTimeAndReason() {
        ANSWER.set(req -> respond(req, new RevokedStatus(Date.from(REVOKED_AT), CRLReason.cessationOfOperation), caKey, null, null,
                NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofHours(1))));
        RevocationStatus s = source().check(ee, ca);
        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.detail());
        assertEquals(REVOKED_AT, s.revocationTime());
        assertEquals(RevocationReason.CESSATION_OF_OPERATION, s.reason());
    }

    @Test
    void delegatedResponderWithOcspSigningIsAccepted() {
        ANSWER.set(req -> respond(req, CertificateStatus.GOOD, responderKey, delegated, null, NOW.minus(Duration.ofMinutes(1)),
                NOW.plus(Duration.ofHours(1))));
        assertEquals(RevocationStatus.Status.GOOD, source().check(ee, ca).status());
    }

    @Test
    void responderWithoutOcspSigningIsUnauthorised() {
        ANSWER.set(req -> respond(req, CertificateStatus.GOOD, responderKey, noEku, null, NOW.minus(Duration.ofMinutes(1)),
                NOW.plus(Duration.ofHours(1))));
        RevocationStatus s = source().check(ee, ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
        assertTrue(s.detail().contains("not signed by the issuer"), s.detail());
        assertEquals(RevocationStatus.Status.GOOD, source().withResponderCertificate(noEku).check(ee, ca).status(),
                "a responder the relying party pinned is accepted");
    }

    @Test
    void wrongNonceIsUnknown() {
        ANSWER.set(req -> respond(req, CertificateStatus.GOOD, caKey, null, new byte[] {4, 2, 1, 2}, NOW.minus(Duration.ofMinutes(1)),
                NOW.plus(Duration.ofHours(1))));
        RevocationStatus s = source().check(ee, ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
        assertTrue(s.detail().contains("nonce"), s.detail());
    }

    @Test
    void staleResponseIsUnknown() {
        ANSWER.set(req -> respond(req, CertificateStatus.GOOD, caKey, null, null, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1))));
        RevocationStatus s = source().check(ee, ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
        assertTrue(s.detail().contains("stale"), s.detail());
    }

    @Test
    void garbageIsUnknown() {
        ANSWER.set(req -> "<html>hello</html>".getBytes(StandardCharsets.US_ASCII));
        RevocationStatus s = source().check(ee, ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
        assertTrue(s.detail().contains("did not answer an OCSP response"), s.detail());
    }

    @Test
    void hungResponderIsUnknownInBoundedTime() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                    // done
                }
            });
            t.setDaemon(true);
            t.start();
            OcspSource src = OcspSource.of(URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/"),
                    HttpSettings.defaults().withRequestTimeout(Duration.ofSeconds(1)));
            long start = System.nanoTime();
            RevocationStatus s = src.check(ee, ca);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
            assertTrue(ms < 2000, "took " + ms + " ms");
            t.interrupt();
        }
    }

    @Test
    void embeddedResponseAnswersAsOfItsMoment() {
        ANSWER.set(OcspSourceTest::good);
        RevocationStatus live = source().check(ee, ca);
        byte[] der = live.evidence().der();
        RevocationEvidence ev = new RevocationEvidence(RevocationEvidence.Kind.OCSP, der, "signature");
        RevocationStatus before = EmbeddedRevocationSource.of(List.of(ev), NOW.minus(Duration.ofDays(10))).check(ee, ca);
        assertEquals(RevocationStatus.Status.GOOD, before.status(), before.detail());
        assertArrayEquals(der, before.evidence().der());
        RevocationStatus after = EmbeddedRevocationSource.of(List.of(ev), NOW.plus(Duration.ofDays(1))).check(ee, ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, after.status(), "expired before the moment");
        RevocationStatus junk = EmbeddedRevocationSource.of(List.of(new RevocationEvidence(RevocationEvidence.Kind.CRL,
                new byte[] {1, 2, 3}, "junk")), NOW).check(ee, ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, junk.status());
    }

    /** A minimal HTTP/1.1 OCSP responder on loopback: one request per connection. */
    static final class Responder implements AutoCloseable {
        final ServerSocket ss;
        final AtomicReference<OCSPReq> lastRequest = new AtomicReference<>();

        Responder() throws IOException {
            ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::serve);
            t.setDaemon(true);
            t.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/ocsp");
        }

        private void serve() {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(5000);
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        int c = in.read();
                        if (c < 0) {
                            break;
                        }
                        head.write(c);
                    }
                    int length = 0;
                    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    byte[] body = in.readNBytes(length);
                    OCSPReq req = new OCSPReq(body);
                    lastRequest.set(req);
                    byte[] answer = ANSWER.get().apply(req);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: " + answer.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(answer);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    // next connection
                }
            }
        }

        @Override
        public void close() throws IOException {
            ss.close();
        }
    }
}
