package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code openssl s_server} on loopback, as an independent TLS server that requires a client
 * certificate issued by a given CA. Its own certificate is a throw-away self-signed one for
 * 127.0.0.1. A missing openssl fails the test under {@code CI=true} and skips it loudly otherwise.
 */
final class OpenSslServer implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final X509Certificate serverCertificate;

    private OpenSslServer(Process process, Path log, int port, X509Certificate serverCertificate) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.serverCertificate = serverCertificate;
    }

    /**
     * @param dir a folder for its files
     * @param clientCa the CA the client's certificate must chain to
     * @param protocol {@code -tls1_2} or {@code -tls1_3}
     * @return the running server, answering {@code GET /} with its status page
     */
    static OpenSslServer start(Path dir, X509Certificate clientCa, String protocol) throws Exception {
        ExternalTool.require("openssl", "openssl");
        Path ca = dir.resolve("client-ca.pem");
        Files.writeString(ca, pem(clientCa), StandardCharsets.US_ASCII);
        Path key = dir.resolve("server.key");
        Path cert = dir.resolve("server.pem");
        Process req = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("req.log").toFile()).start();
        if (!req.waitFor(60, TimeUnit.SECONDS) || req.exitValue() != 0) {
            fail("openssl req failed: " + Files.readString(dir.resolve("req.log")));
        }
        X509Certificate serverCert;
        try (var in = Files.newInputStream(cert)) {
            serverCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = dir.resolve("s_server.log");
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, protocol,
                "-Verify", "2", "-CAfile", ca.toString(), "-cert", cert.toString(), "-key", key.toString(), "-www"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        OpenSslServer server = new OpenSslServer(p, log, port, serverCert);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    fail("openssl s_server did not start: " + server.log());
                }
                Thread.sleep(50);
            }
        }
        return server;
    }

    static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    int port() {
        return port;
    }

    /** @return trust managers that trust this server's certificate only */
    TrustManager[] trust() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("server", serverCertificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** @return what the server printed so far */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
