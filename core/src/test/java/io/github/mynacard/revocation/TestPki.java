package io.github.mynacard.revocation;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A root CA, a user-authentication certificate it issued, CRLs it signs, and a loopback server. */
final class TestPki {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    final KeyPair caKey = rsa();
    final X509Certificate ca;
    final KeyPair eeKey = rsa();
    final X509Certificate ee;

    TestPki() throws Exception {
        this("CN=Test Auth CA,O=Test,C=JP");
    }

    TestPki(String caName) throws Exception {
        ca = cert(new X500Name(caName), new X500Name(caName), caKey.getPublic(), caKey, BigInteger.ONE, true);
        ee = cert(new X500Name(caName), new X500Name("CN=holder"), eeKey.getPublic(), caKey, BigInteger.valueOf(4242), false);
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate cert(X500Name issuer, X500Name subject, java.security.PublicKey key, KeyPair signer, BigInteger serial,
            boolean ca) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(NOW.minus(Duration.ofDays(365))),
                Date.from(NOW.plus(Duration.ofDays(365))), subject, key);
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    /** A CRL of this CA, issued at {@code thisUpdate}, due at {@code nextUpdate}, listing the serials given. */
    X509CRL crl(Instant thisUpdate, Instant nextUpdate, KeyPair signer, Object... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
        if (nextUpdate != null) {
            b.setNextUpdate(Date.from(nextUpdate));
        }
        for (int i = 0; i < revoked.length; i += 3) {
            b.addCRLEntry((BigInteger) revoked[i], Date.from((Instant) revoked[i + 1]), (Integer) revoked[i + 2]);
        }
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    X509CRL goodCrl() throws Exception {
        return crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), caKey);
    }

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    /** A clock a test moves. */
    static final class MovingClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(NOW);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** A loopback server answering every GET with the current body; counts requests. */
    static final class Server implements AutoCloseable {
        final HttpServer server;
        final AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
        final AtomicInteger requests = new AtomicInteger();

        Server() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                requests.incrementAndGet();
                byte[] b = body.get();
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
