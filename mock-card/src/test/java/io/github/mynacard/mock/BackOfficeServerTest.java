package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.revocation.RevocationReason;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackOfficeServerTest {

    /** An HTTP answer: status, content type, body. */
    record Answer(int statusCode, String type, byte[] body) {
    }

    /** A tiny HTTP client with bounded timeouts (java.base only). */
    static Answer exchange(URI uri, String method, String type, byte[] body, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        try {
            c.setConnectTimeout(5000);
            c.setReadTimeout((int) timeout.toMillis());
            c.setRequestMethod(method);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", type);
                c.setFixedLengthStreamingMode(body.length);
                try (var out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            var in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] b = in == null ? new byte[0] : in.readAllBytes();
            return new Answer(status, String.valueOf(c.getContentType()), b);
        } finally {
            c.disconnect();
        }
    }

    @TempDir
    Path dir;

    static Answer get(URI uri) throws Exception {
        return exchange(uri, "GET", null, null, Duration.ofSeconds(10));
    }

    static Answer post(URI uri, String type, byte[] body, Duration timeout) throws Exception {
        return exchange(uri, "POST", type, body, timeout);
    }

    @Test
    void servesCrlsOcspAndTimeStampsOnLoopback() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.builder().seed(11L).build();
        JpkiBackOffice office = JpkiBackOffice.of(card);
        try (BackOfficeServer server = BackOfficeServer.start(office, 0)) {
            assertEquals("127.0.0.1", server.ocspUrl().getHost());
            assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/crl/signing.crl"), server.crlUrl(JpkiKey.SIGNING));
            Answer crl = get(server.crlUrl(JpkiKey.AUTHENTICATION));
            assertEquals(200, crl.statusCode());
            assertEquals("application/pkix-crl", crl.type());
            X509CRL parsed = JpkiBackOfficeTest.crl(crl.body());
            parsed.verify(office.certificateAuthority(JpkiKey.AUTHENTICATION).getPublicKey());
            JpkiBackOfficeTest.crl(get(server.tsaCrlUrl()).body()).verify(office.tsaRoot().getPublicKey());

            X509Certificate signing = card.certificate(JpkiCertificate.SIGNING);
            byte[] req = JpkiBackOfficeTest.ocspRequest(office.certificateAuthority(JpkiKey.SIGNING), signing.getSerialNumber(), null);
            Answer ocsp = post(server.ocspUrl(), "application/ocsp-request", req, Duration.ofSeconds(10));
            assertEquals("application/ocsp-response", ocsp.type());
            assertEquals(CertificateStatus.GOOD, JpkiBackOfficeTest.single(ocsp.body(),
                    office.ocspResponder(JpkiKey.SIGNING)).getCertStatus());
            card.revoke(JpkiKey.SIGNING, RevocationReason.AFFILIATION_CHANGED);
            // GET form, URL-encoded Base64
            String b64 = java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(req), StandardCharsets.US_ASCII);
            Answer viaGet = get(URI.create(server.ocspUrl() + "/" + b64));
            assertInstanceOf(RevokedStatus.class, JpkiBackOfficeTest.single(viaGet.body(),
                    office.ocspResponder(JpkiKey.SIGNING)).getCertStatus());

            TimeStampRequest tsq = JpkiBackOfficeTest.tsq("x".getBytes(), BigInteger.TEN);
            Answer ts = post(server.tsaUrl(), "application/timestamp-query", tsq.getEncoded(), Duration.ofSeconds(10));
            assertEquals("application/timestamp-reply", ts.type());
            new TimeStampResponse(ts.body()).validate(tsq);

            assertEquals(404, get(URI.create("http://127.0.0.1:" + server.port() + "/nothing")).statusCode());
            assertEquals(405, get(server.tsaUrl()).statusCode());
        }
    }

    @Test
    void faultsAnswerWithinBoundsAndCloseReleasesHungExchanges() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.builder().seed(12L).build();
        JpkiBackOffice office = JpkiBackOffice.of(card);
        byte[] req = JpkiBackOfficeTest.ocspRequest(office.certificateAuthority(JpkiKey.SIGNING),
                card.certificate(JpkiCertificate.SIGNING).getSerialNumber(), new byte[] {9, 8, 7, 6});
        BackOfficeServer server = BackOfficeServer.start(office, 0);
        int port = server.port();
        try {
            server.fault(BackOfficeServer.Service.OCSP, BackOfficeServer.Fault.SERVER_ERROR);
            assertEquals(500, post(server.ocspUrl(), "application/ocsp-request", req, Duration.ofSeconds(5)).statusCode());

            server.fault(BackOfficeServer.Service.OCSP, BackOfficeServer.Fault.GARBAGE);
            Answer junk = post(server.ocspUrl(), "application/ocsp-request", req, Duration.ofSeconds(5));
            assertEquals(200, junk.statusCode());
            assertThrows(IOException.class, () -> new OCSPResp(junk.body()).getResponseObject());

            server.fault(BackOfficeServer.Service.OCSP, BackOfficeServer.Fault.WRONG_NONCE);
            byte[] wrong = post(server.ocspUrl(), "application/ocsp-request", req, Duration.ofSeconds(5)).body();
            BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(wrong).getResponseObject();
            assertNotEquals(new org.bouncycastle.asn1.DEROctetString(new byte[] {9, 8, 7, 6}),
                    org.bouncycastle.asn1.ASN1Primitive.fromByteArray(
                            basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets()));

            server.fault(BackOfficeServer.Service.TSA, BackOfficeServer.Fault.WRONG_NONCE);
            TimeStampRequest tsq = JpkiBackOfficeTest.tsq("y".getBytes(), BigInteger.valueOf(77));
            TimeStampResponse tsr = new TimeStampResponse(post(server.tsaUrl(), "application/timestamp-query", tsq.getEncoded(),
                    Duration.ofSeconds(5)).body());
            assertThrows(org.bouncycastle.tsp.TSPValidationException.class, () -> tsr.validate(tsq));

            server.fault(BackOfficeServer.Service.CRL, BackOfficeServer.Fault.WRONG_NONCE);
            X509CRL other = JpkiBackOfficeTest.crl(get(server.crlUrl(JpkiKey.SIGNING)).body());
            assertEquals(office.certificateAuthority(JpkiKey.AUTHENTICATION).getSubjectX500Principal(), other.getIssuerX500Principal());

            server.fault(BackOfficeServer.Service.CRL, BackOfficeServer.Fault.HANG);
            long t0 = System.nanoTime();
            assertThrows(SocketTimeoutException.class,
                    () -> exchange(server.crlUrl(JpkiKey.SIGNING), "GET", null, null, Duration.ofMillis(700)));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
            // back to normal for the other services
            server.fault(BackOfficeServer.Service.OCSP, BackOfficeServer.Fault.NONE);
            assertEquals(OCSPResp.SUCCESSFUL, new OCSPResp(post(server.ocspUrl(), "application/ocsp-request", req,
                    Duration.ofSeconds(5)).body()).getStatus());
            // a hung exchange in flight while the server closes
            CompletableFuture<Answer> hung = CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange(server.tsaCrlUrl(), "GET", null, null, Duration.ofSeconds(60));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(300);
            long c0 = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - c0 < TimeUnit.SECONDS.toNanos(3), "close() returns at once");
            try {
                // released at once: well before the client's own 60 s read timeout
                Answer r = hung.get(5, TimeUnit.SECONDS);
                assertNotEquals(200, r.statusCode());
            } catch (java.util.concurrent.ExecutionException e) {
                // the connection was dropped: as good as an answer
            }
            // and the server's threads, the hung one among them, end
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("mynacard-back-office-"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("mynacard-back-office-")),
                    "no exchange thread left after close()");
        } finally {
            server.close();
        }
        try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort(), "the port is released");
        }
    }

    @Test
    void aRevocationByAnotherProcessShowsInTheNextAnswer() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().seed(13L).stateFile(file).build();
        JpkiBackOffice office = JpkiBackOffice.of(MynaCardEmulator.load(file));
        X509Certificate auth = card.certificate(JpkiCertificate.AUTHENTICATION);
        byte[] req = JpkiBackOfficeTest.ocspRequest(office.certificateAuthority(JpkiKey.AUTHENTICATION), auth.getSerialNumber(), null);
        try (BackOfficeServer server = BackOfficeServer.start(office, 0)) {
            assertEquals(CertificateStatus.GOOD, JpkiBackOfficeTest.single(post(server.ocspUrl(), "application/ocsp-request",
                    req, Duration.ofSeconds(10)).body(), office.ocspResponder(JpkiKey.AUTHENTICATION)).getCertStatus());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    RevokeWorker.class.getName(), file.toString(), "AUTHENTICATION", "key-compromise")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            RevokedStatus revoked = assertInstanceOf(RevokedStatus.class, JpkiBackOfficeTest.single(post(server.ocspUrl(),
                    "application/ocsp-request", req, Duration.ofSeconds(10)).body(),
                    office.ocspResponder(JpkiKey.AUTHENTICATION)).getCertStatus());
            assertEquals(RevocationReason.KEY_COMPROMISE.code(), revoked.getRevocationReason());
            assertTrue(JpkiBackOfficeTest.crl(get(server.crlUrl(JpkiKey.AUTHENTICATION)).body()).isRevoked(auth));
        }
        assertTrue(Files.readString(file).contains("revoked.0=AUTHENTICATION,"));
    }

    @Test
    void opensslOcspSaysGoodThenRevoked() throws Exception {
        ExternalTool.require("openssl", "openssl");
        MynaCardEmulator card = MynaCardEmulator.builder().seed(14L).build();
        JpkiBackOffice office = JpkiBackOffice.of(card);
        Path issuer = pem("ca.pem", office.certificateAuthority(JpkiKey.SIGNING));
        Path cert = pem("cert.pem", card.certificate(JpkiCertificate.SIGNING));
        Path responder = pem("responder.pem", office.ocspResponder(JpkiKey.SIGNING));
        try (BackOfficeServer server = BackOfficeServer.start(office, 0)) {
            String[] cmd = {"openssl", "ocsp", "-issuer", issuer.toString(), "-cert", cert.toString(), "-url",
                server.ocspUrl().toString(), "-CAfile", issuer.toString(), "-VAfile", responder.toString(), "-timeout", "10"};
            ExternalTool.Run good = ExternalTool.run(cmd);
            assertEquals(0, good.exitCode(), good.output());
            assertTrue(good.output().contains("Response verify OK"), good.output());
            assertTrue(good.output().contains(cert + ": good"), good.output());
            card.revoke(JpkiKey.SIGNING, RevocationReason.KEY_COMPROMISE);
            ExternalTool.Run revoked = ExternalTool.run(cmd);
            assertTrue(revoked.output().contains(cert + ": revoked"), revoked.output());
            assertTrue(revoked.output().contains("Reason: keyCompromise"), revoked.output());
            // the delegated responder alone, chained to the CA (no -VAfile)
            ExternalTool.Run chained = ExternalTool.run("openssl", "ocsp", "-issuer", issuer.toString(), "-cert", cert.toString(),
                    "-url", server.ocspUrl().toString(), "-CAfile", issuer.toString(), "-timeout", "10");
            assertTrue(chained.output().contains("Response verify OK"), chained.output());
        }
    }

    @Test
    void opensslVerifiesTheTimeStampToken() throws Exception {
        ExternalTool.require("openssl", "openssl");
        JpkiBackOffice office = JpkiBackOffice.of(MynaCardEmulator.builder().seed(15L).build());
        Path data = dir.resolve("data.txt");
        Files.writeString(data, "a document to stamp\n");
        Path query = dir.resolve("q.tsq");
        ExternalTool.Run q = ExternalTool.run("openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert",
                "-out", query.toString());
        assertEquals(0, q.exitCode(), q.output());
        Path root = pem("tsa-root.pem", office.tsaRoot());
        Path tsa = pem("tsa.pem", office.tsaCertificate());
        try (BackOfficeServer server = BackOfficeServer.start(office, 0)) {
            Answer r = post(server.tsaUrl(), "application/timestamp-query", Files.readAllBytes(query),
                    Duration.ofSeconds(10));
            Path reply = dir.resolve("r.tsr");
            Files.write(reply, r.body());
            ExternalTool.Run v = ExternalTool.run("openssl", "ts", "-verify", "-queryfile", query.toString(), "-in",
                    reply.toString(), "-CAfile", root.toString(), "-untrusted", tsa.toString());
            assertEquals(0, v.exitCode(), v.output());
            assertTrue(v.output().contains("Verification: OK"), v.output());
            ExternalTool.Run other = ExternalTool.run("openssl", "ts", "-verify", "-data", root.toString(), "-in",
                    reply.toString(), "-CAfile", root.toString(), "-untrusted", tsa.toString());
            assertNotEquals(0, other.exitCode(), "another document's imprint must not verify");
        }
    }

    private Path pem(String name, X509Certificate c) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return p;
    }

    @Test
    void certificatesAreTheSameInAnotherProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RevokeWorker.class.getName(), "--print-fingerprints").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(RevokeWorker.fingerprints(), out);
        assertArrayEquals(BackOfficeCertificates.tsa().getEncoded(), JpkiBackOffice.of(MynaCardEmulator.createDefault())
                .tsaCertificate().getEncoded());
    }
}
