package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class CertCommandTest extends CliTestBase {

    @Test
    void showsTheAuthenticationCertificateWithoutAPin() throws Exception {
        newCard().close();
        Result r = run("cert", "show", "auth", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Subject:"), r.out());
        assertTrue(r.out().contains("SHA-256:"), r.out());
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void signingCertificateNeedsThePassword() throws Exception {
        newCard().close();
        Result r = stdin("MYNA2026\n", "cert", "show", "signing", "--card", card.toString(), "--pin-stdin", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"certificate\":\"signing\""), r.out());
        Result noPin = run("cert", "show", "signing", "--card", card.toString());
        assertEquals(2, noPin.code());
        assertTrue(noPin.err().contains("--pin-stdin"), noPin.err());
    }

    @Test
    void exportsPemToStandardOutputAndDerToAFile() throws Exception {
        newCard().close();
        Result pem = run("cert", "export", "signing-ca", "--card", card.toString());
        assertEquals(0, pem.code(), pem.err());
        assertTrue(pem.out().startsWith("-----BEGIN CERTIFICATE-----\n"), pem.out());
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate fromPem = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(pem.out().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(loadCard().certificate(JpkiCertificate.SIGNING_CA), fromPem);

        Path der = tmp.resolve("auth.der");
        Result d = run("cert", "export", "auth", "--format", "der", "--out", der.toString(), "--card", card.toString());
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(loadCard().certificate(JpkiCertificate.AUTHENTICATION).getEncoded(), Files.readAllBytes(der));

        Result noOut = run("cert", "export", "auth", "--format", "der", "--card", card.toString());
        assertEquals(2, noOut.code());
    }

    @Test
    void showValidatesTheChainAgainstTrustAnchors() throws Exception {
        newCard().close();
        Path dir = Files.createDirectories(tmp.resolve("anchors"));
        assertEquals(0, run("cert", "export", "auth-ca", "--out", dir.resolve("auth-ca.pem").toString(), "--card",
                card.toString()).code());
        Files.writeString(dir.resolve("README.txt"), "not a certificate");
        Result ok = run("cert", "show", "auth", "--trust-anchors", dir.toString(), "--card", card.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("Chain:       VALID"), ok.out());
        assertTrue(ok.out().contains("Status:      valid until"), ok.out());
        assertTrue(ok.err().contains("skipped README.txt"), ok.err());

        Result wrong = stdin("MYNA2026\n", "cert", "show", "signing", "--trust-anchors", dir.toString(), "--card", card.toString(),
                "--pin-stdin", "--json");
        assertEquals(ExitCodes.NOT_TRUSTED, wrong.code(), wrong.err());
        assertTrue(wrong.out().startsWith("{\"ok\":false,"), wrong.out());
        assertTrue(wrong.out().contains("\"valid\":false"), wrong.out());

        Result unchecked = run("cert", "show", "auth", "--card", card.toString(), "--json");
        assertTrue(unchecked.out().contains("\"chain\":{\"checked\":false,\"valid\":null"), unchecked.out());
    }
}
