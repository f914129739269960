package io.github.mynacard.revocation;

import static io.github.mynacard.revocation.TestPki.NOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlSourceTest {

    static TestPki pki;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki();
    }

    private static CrlSource of(X509CRL crl) throws Exception {
        return CrlSource.fromEvidence(List.of(new RevocationEvidence(RevocationEvidence.Kind.CRL, crl.getEncoded(), "test.crl")))
                .withClock(TestPki.at(NOW));
    }

    @Test
    void goodWhenNotListed() throws Exception {
        X509CRL crl = pki.goodCrl();
        RevocationStatus s = of(crl).check(pki.ee, pki.ca);
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.detail());
        assertArrayEquals(crl.getEncoded(), s.evidence().der());
        assertEquals(RevocationEvidence.Kind.CRL, s.evidence().kind());
        assertEquals(crl.getThisUpdate().toInstant(), s.thisUpdate());
    }

    @Test
    void revokedWithTimeAndReason() throws Exception {
        var when = NOW.minus(Duration.ofDays(3));
        X509CRL crl = pki.crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), pki.caKey,
                BigInteger.valueOf(7), when, CRLReason.superseded, pki.ee.getSerialNumber(), when, CRLReason.keyCompromise);
        RevocationStatus s = of(crl).check(pki.ee, pki.ca);
        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.detail());
        assertEquals(when.getEpochSecond(), s.revocationTime().getEpochSecond());
        assertEquals(RevocationReason.KEY_COMPROMISE, s.reason());
        assertTrue(s.revokedAt(NOW));
    }

    @Test
    void otherIssuersCrlDoesNotCover() throws Exception {
        TestPki other = new TestPki("CN=Other CA,O=Test,C=JP");
        RevocationStatus s = of(other.goodCrl()).check(pki.ee, pki.ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
        assertTrue(s.detail().contains("not by the certificate's issuer"), s.detail());
    }

    @Test
    void staleCrlIsUnknown() throws Exception {
        X509CRL crl = pki.crl(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1)), pki.caKey);
        RevocationStatus s = of(crl).check(pki.ee, pki.ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
        assertTrue(s.detail().contains("stale"), s.detail());
    }

    @Test
    void crlFromTheFutureIsUnknown() throws Exception {
        X509CRL crl = pki.crl(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), pki.caKey);
        assertEquals(RevocationStatus.Status.UNKNOWN, of(crl).check(pki.ee, pki.ca).status());
    }

    @Test
    void wrongSignerIsUnknown() throws Exception {
        X509CRL crl = pki.crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), TestPki.rsa(),
                pki.ee.getSerialNumber(), NOW, CRLReason.keyCompromise);
        RevocationStatus s = of(crl).check(pki.ee, pki.ca);
        assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
        assertTrue(s.detail().contains("signature"), s.detail());
    }

    @Test
    void asOfAcceptsLaterCrlAndRefusesOneExpiredBefore() throws Exception {
        X509CRL later = pki.goodCrl();
        var ev = new RevocationEvidence(RevocationEvidence.Kind.CRL, later.getEncoded(), "embedded");
        assertEquals(RevocationStatus.Status.GOOD, CrlSource.asOf(List.of(ev), NOW.minus(Duration.ofDays(30))).check(pki.ee, pki.ca).status());
        assertEquals(RevocationStatus.Status.UNKNOWN, CrlSource.asOf(List.of(ev), NOW.plus(Duration.ofDays(2))).check(pki.ee, pki.ca).status());
    }

    @Test
    void badFileNamedAtBuildTime(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.crl");
        Files.write(f, new byte[] {0x30, 0x03, 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> CrlSource.fromFiles(List.of(f)));
        assertTrue(e.getMessage().contains("broken.crl"), e.getMessage());
        Path good = dir.resolve("good.crl");
        Files.write(good, pki.goodCrl().getEncoded());
        assertEquals(RevocationStatus.Status.GOOD, CrlSource.fromFiles(List.of(good)).withClock(TestPki.at(NOW)).check(pki.ee, pki.ca).status());
    }

    @Test
    void urlsOtherThanHttpAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CrlSource.fromUrls(List.of(URI.create("ldap://x/c")), HttpSettings.defaults()));
        assertThrows(IllegalArgumentException.class, () -> CrlSource.fromUrls(List.of(URI.create("file:///etc/c.crl")), HttpSettings.defaults()));
    }

    @Test
    void fetchedCrlIsCachedUntilNextUpdate() throws Exception {
        try (TestPki.Server server = new TestPki.Server()) {
            server.body.set(pki.crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)), pki.caKey).getEncoded());
            TestPki.MovingClock clock = new TestPki.MovingClock();
            CrlSource src = CrlSource.fromUrls(List.of(server.uri("/ca.crl")), HttpSettings.defaults()).withClock(clock);
            assertEquals(RevocationStatus.Status.GOOD, src.check(pki.ee, pki.ca).status());
            assertEquals(RevocationStatus.Status.GOOD, src.check(pki.ee, pki.ca).status());
            assertEquals(1, server.requests.get(), "the second check is answered from the cache");
            clock.now.set(NOW.plus(Duration.ofHours(2)));
            server.body.set(pki.crl(NOW.plus(Duration.ofMinutes(90)), NOW.plus(Duration.ofHours(3)), pki.caKey,
                    pki.ee.getSerialNumber(), NOW.plus(Duration.ofMinutes(80)), CRLReason.affiliationChanged).getEncoded());
            RevocationStatus s = src.check(pki.ee, pki.ca);
            assertEquals(2, server.requests.get(), "past nextUpdate the CRL is fetched again");
            assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.detail());
            assertEquals(RevocationReason.AFFILIATION_CHANGED, s.reason());
        }
    }

    @Test
    void garbageFromUrlIsUnknown() throws Exception {
        try (TestPki.Server server = new TestPki.Server()) {
            server.body.set("<html>not a CRL</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            RevocationStatus s = CrlSource.fromUrls(List.of(server.uri("/ca.crl")), HttpSettings.defaults()).check(pki.ee, pki.ca);
            assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
            assertTrue(s.detail().contains("did not answer a CRL"), s.detail());
        }
    }

    @Test
    void tooLargeResponseIsUnknown() throws Exception {
        try (TestPki.Server server = new TestPki.Server()) {
            server.body.set(pki.goodCrl().getEncoded());
            RevocationStatus s = CrlSource.fromUrls(List.of(server.uri("/ca.crl")), HttpSettings.defaults().withMaxResponseBytes(100))
                    .withClock(TestPki.at(NOW)).check(pki.ee, pki.ca);
            assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
            assertTrue(s.detail().contains("larger than 100"), s.detail());
        }
    }

    @Test
    void hungServerIsUnknownWithinTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        held.add(ss.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            HttpSettings http = HttpSettings.defaults().withRequestTimeout(Duration.ofSeconds(1));
            CrlSource src = CrlSource.fromUrls(List.of(URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/ca.crl")), http);
            long start = System.nanoTime();
            RevocationStatus s = src.check(pki.ee, pki.ca);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(RevocationStatus.Status.UNKNOWN, s.status());
            assertTrue(s.detail().contains("did not answer within"), s.detail());
            assertTrue(ms < 2000, "took " + ms + " ms");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
