package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.cert.ChainValidation;
import io.github.mynacard.cert.ChainValidationException;
import io.github.mynacard.cert.ChainValidator;
import io.github.mynacard.cert.TrustAnchors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chain validation of card certificates: by key, never by name alone. */
class CertChainValidationTest {

    private static MynaCardEmulator emulator;
    private static KeyPair otherKey;

    @BeforeAll
    static void setUp() throws Exception {
        emulator = MynaCardEmulator.createDefault();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        otherKey = g.generateKeyPair();
    }

    /** A self-signed CA certificate with the given subject and key. */
    static X509Certificate selfSignedCa(X500Principal subject, KeyPair key) throws Exception {
        Date from = Date.from(Instant.parse("2020-01-01T00:00:00Z"));
        Date to = Date.from(Instant.parse("2040-01-01T00:00:00Z"));
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(99), from, to, subject,
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
    }

    /** A CA certificate for a public key, issued by another CA. */
    static X509Certificate issuedCa(X500Principal subject, PublicKey subjectKey, X509Certificate issuer, KeyPair issuerKey)
            throws Exception {
        Date from = Date.from(Instant.parse("2020-01-01T00:00:00Z"));
        Date to = Date.from(Instant.parse("2040-01-01T00:00:00Z"));
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(7), from, to, subject, subjectKey);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
    }

    @Test
    void signingCertificateValidatesToTheEmulatorsSigningRoot() throws Exception {
        ChainValidation v = ChainValidator.of(TrustAnchors.of(emulator.signingRootCertificate(), emulator.authenticationRootCertificate()))
                .validate(emulator.certificate(JpkiCertificate.SIGNING));
        assertEquals(emulator.signingRootCertificate(), v.anchor());
        assertEquals(emulator.certificate(JpkiCertificate.SIGNING), v.endEntity());
    }

    @Test
    void authenticationCertificateValidatesToTheEmulatorsAuthenticationRoot() throws Exception {
        ChainValidation v = ChainValidator.of(TrustAnchors.of(emulator.signingRootCertificate(), emulator.authenticationRootCertificate()))
                .validate(emulator.certificate(JpkiCertificate.AUTHENTICATION));
        assertEquals(emulator.authenticationRootCertificate(), v.anchor());
    }

    @Test
    void anUnrelatedRootIsRefused() throws Exception {
        X509Certificate unrelated = selfSignedCa(new X500Principal("CN=Unrelated Root, O=Example, C=JP"), otherKey);
        ChainValidationException e = assertThrows(ChainValidationException.class,
                () -> ChainValidator.of(TrustAnchors.of(unrelated)).validate(emulator.certificate(JpkiCertificate.SIGNING)));
        assertEquals(ChainValidationException.Reason.NO_ISSUER_FOUND, e.reason());
    }

    @Test
    void aRootWithTheSameNameButAnotherKeyIsNotUsed() throws Exception {
        X509Certificate real = emulator.signingRootCertificate();
        X509Certificate impostor = selfSignedCa(real.getSubjectX500Principal(), otherKey);
        assertEquals(real.getSubjectX500Principal(), impostor.getSubjectX500Principal());

        ChainValidation v = ChainValidator.of(TrustAnchors.of(impostor, real)).validate(emulator.certificate(JpkiCertificate.SIGNING));
        assertSame(real, v.anchor());

        ChainValidationException e = assertThrows(ChainValidationException.class,
                () -> ChainValidator.of(TrustAnchors.of(impostor)).validate(emulator.certificate(JpkiCertificate.SIGNING)));
        assertEquals(ChainValidationException.Reason.NO_ISSUER_FOUND, e.reason());
    }

    @Test
    void anIntermediateIsFoundByKey() throws Exception {
        // a new root cross-certifies the emulator's signing CA key: root2 -> (signing CA key) -> holder
        KeyPair root2Key = otherKey;
        X509Certificate root2 = selfSignedCa(new X500Principal("CN=Bridge Root, C=JP"), root2Key);
        X509Certificate signingCa = emulator.signingRootCertificate();
        X509Certificate cross = issuedCa(signingCa.getSubjectX500Principal(), signingCa.getPublicKey(), root2, root2Key);
        ChainValidation v = ChainValidator.of(TrustAnchors.of(root2))
                .validate(emulator.certificate(JpkiCertificate.SIGNING), List.of(cross));
        assertSame(root2, v.anchor());
        assertEquals(2, v.chain().size());
    }

    @Test
    void anExpiredCertificateFailsWithTheReasonExpired() throws Exception {
        X509Certificate ee = emulator.certificate(JpkiCertificate.SIGNING);
        Clock later = Clock.fixed(ee.getNotAfter().toInstant().plusSeconds(1), ZoneOffset.UTC);
        ChainValidationException e = assertThrows(ChainValidationException.class,
                () -> ChainValidator.of(TrustAnchors.of(emulator.signingRootCertificate())).withClock(later).validate(ee));
        assertEquals(ChainValidationException.Reason.EXPIRED, e.reason());
    }

    @Test
    void trustAnchorsLoadPemAndDerAndListWhatTheySkip(@TempDir Path dir) throws Exception {
        X509Certificate sign = emulator.signingRootCertificate();
        X509Certificate auth = emulator.authenticationRootCertificate();
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sign.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(dir.resolve("a-sign.pem"), pem);
        Files.write(dir.resolve("b-auth.cer"), auth.getEncoded());
        Files.writeString(dir.resolve("c-readme.txt"), "not a certificate");
        Files.createDirectory(dir.resolve("d-sub"));

        TrustAnchors anchors = TrustAnchors.fromDirectory(dir);
        assertEquals(List.of(sign, auth), anchors.certificates());
        assertEquals(1, anchors.skipped().size());
        assertTrue(anchors.skipped().get(0).startsWith("c-readme.txt"), anchors.skipped().get(0));

        ChainValidation v = ChainValidator.of(anchors).validate(emulator.certificate(JpkiCertificate.SIGNING));
        assertEquals(sign, v.anchor());
    }

    @Test
    void aFolderWithoutCertificatesFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("readme.txt"), "nothing here");
        CertificateException e = assertThrows(CertificateException.class, () -> TrustAnchors.fromDirectory(dir));
        assertTrue(e.getMessage().contains("readme.txt"), e.getMessage());
    }
}
