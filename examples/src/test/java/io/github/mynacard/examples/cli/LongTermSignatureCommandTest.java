package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.BackOfficeServer;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.revocation.RevocationReason;
import io.github.mynacard.signing.SamplePdf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relying party's side of the command line, against the emulated back office on loopback:
 * signature levels with a time-stamp and validation data, and what revocation does to signatures
 * made before and after it, to new signatures and to logins.
 */
class LongTermSignatureCommandTest extends CliTestBase {

    private BackOfficeServer services;
    private Path trust;

    @BeforeEach
    void startServices() throws Exception {
        MynaCardEmulator.builder().stateFile(card).seed(26L).build().close();
        try (MynaCardEmulator e = MynaCardEmulator.load(card)) {
            services = BackOfficeServer.start(JpkiBackOffice.of(e), 0);
        }
        trust = tmp.resolve("trust");
        Files.createDirectories(trust);
        JpkiBackOffice office;
        try (MynaCardEmulator e = MynaCardEmulator.load(card)) {
            office = JpkiBackOffice.of(e);
            Files.writeString(trust.resolve("sign-ca.pem"), pem(office.certificateAuthority(JpkiKey.SIGNING)));
            Files.writeString(trust.resolve("auth-ca.pem"), pem(office.certificateAuthority(JpkiKey.AUTHENTICATION)));
            Files.writeString(trust.resolve("tsa-root.pem"), pem(office.tsaRoot()));
        }
    }

    @AfterEach
    void stopServices() {
        services.close();
    }

    private static String pem(java.security.cert.X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private String tsa() {
        return services.tsaUrl().toString();
    }

    private String ocsp() {
        return "ocsp:" + services.ocspUrl();
    }

    private int signingCounter() throws Exception {
        try (MynaCardEmulator e = MynaCardEmulator.load(card)) {
            return e.remainingAttempts(PinKind.SIGNING);
        }
    }

    private void revoke(JpkiKey key) throws Exception {
        try (MynaCardEmulator e = MynaCardEmulator.load(card)) {
            e.revoke(key, RevocationReason.KEY_COMPROMISE);
        }
    }

    @Test
    void aBltaPdfShowsItsLevelAndTimeStampsAndStaysValidAfterTheCertificateIsRevoked() throws Exception {
        Path in = SamplePdf.create(tmp.resolve("in.pdf"));
        Path out = tmp.resolve("lta.pdf");
        Result s = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--out", out.toString(), "--level", "b-lta", "--tsa", tsa(),
                "--revocation", ocsp(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, s.code(), s.err());
        Result v = run("verify-signature", out.toString(), "--trust-anchors", trust.toString());
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("Level:     B-LTA"), v.out());
        assertTrue(v.out().contains("(signature time-stamp, verified)") && v.out().contains("(document time-stamp, verified)"), v.out());
        assertTrue(v.out().contains("Revocation: GOOD"), v.out());

        revoke(JpkiKey.SIGNING);
        Result after = run("verify-signature", out.toString(), "--trust-anchors", trust.toString(), "--revocation", ocsp());
        assertEquals(0, after.code(), after.out() + after.err());
        assertTrue(after.out().contains("the certificate was revoked later"), after.out());
        Result embedded = run("verify-signature", out.toString(), "--trust-anchors", trust.toString());
        assertEquals(0, embedded.code(), embedded.out() + embedded.err());
    }

    @Test
    void aBbSignatureMadeBeforeTheRevocationIsRevokedByOcspAndNewSignaturesAreRefusedBeforeThePassword() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "contract\n");
        assertEquals(0, stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--card", card.toString(), "--pin-stdin").code());
        assertEquals(0, run("verify-signature", doc.toString(), "--revocation", ocsp()).code());
        revoke(JpkiKey.SIGNING);
        Result v = run("verify-signature", doc.toString(), "--revocation", ocsp(), "--json");
        assertEquals(ExitCodes.REVOKED, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("\"reason\":\"certificate_revoked\""), v.out());

        int before = signingCounter();
        Path in = SamplePdf.create(tmp.resolve("in.pdf"));
        Result pdf = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--card", card.toString(), "--pin-stdin");
        Result cms = stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--out", tmp.resolve("again.p7s").toString(), "--card",
                card.toString(), "--pin-stdin");
        for (Result r : java.util.List.of(pdf, cms)) {
            assertEquals(ExitCodes.REVOKED, r.code(), r.err());
            assertTrue(r.err().contains("revoked") && r.err().contains("nothing was sent to the card"), r.err());
        }
        assertEquals(before, signingCounter());
        assertFalse(Files.exists(tmp.resolve("in-signed.pdf")));
        assertFalse(Files.exists(tmp.resolve("again.p7s")));
    }

    @Test
    void aLoginOfACardWhoseAuthenticationCertificateIsRevokedFailsWithTheRevokedReason() throws Exception {
        String nonce = run("auth-challenge").out().trim();
        Path response = tmp.resolve("response.txt");
        assertEquals(0, stdin("4821\n", "auth-sign", "--origin", "https://service.example", "--nonce", nonce, "--out", response.toString(), "--card", card.toString(),
                "--pin-stdin").code());
        Result good = run("auth-verify", "--origin", "https://service.example", "--response", response.toString(), "--nonce", nonce, "--trust-anchors", trust.toString(),
                "--revocation", ocsp());
        assertEquals(0, good.code(), good.out() + good.err());
        revoke(JpkiKey.AUTHENTICATION);
        Result r = run("auth-verify", "--origin", "https://service.example", "--response", response.toString(), "--nonce", nonce, "--trust-anchors", trust.toString(),
                "--revocation", ocsp(), "--json");
        assertEquals(ExitCodes.REVOKED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\"status\":\"certificate_revoked\""), r.out());
        Result crl = run("auth-verify", "--origin", "https://service.example", "--response", response.toString(), "--nonce", nonce, "--trust-anchors", trust.toString(),
                "--revocation", "crl:" + services.crlUrl(JpkiKey.AUTHENTICATION));
        assertEquals(ExitCodes.REVOKED, crl.code(), crl.out() + crl.err());
    }

    @Test
    void aHangingOrStoppedTimeStampAuthorityEndsTheSigningWithinTenSecondsAndSpendsNothing() throws Exception {
        Path in = SamplePdf.create(tmp.resolve("in.pdf"));
        int before = signingCounter();
        services.fault(BackOfficeServer.Service.TSA, BackOfficeServer.Fault.HANG);
        long t0 = System.nanoTime();
        Result hung = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--level", "b-t", "--tsa", tsa(), "--card", card.toString(),
                "--pin-stdin");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(ExitCodes.NETWORK, hung.code(), hung.err());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        assertEquals(1, hung.err().strip().lines().count(), hung.err());
        String url = tsa();
        services.close();
        Result stopped = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--level", "b-t", "--tsa", url, "--card", card.toString(),
                "--pin-stdin");
        assertEquals(ExitCodes.NETWORK, stopped.code(), stopped.err());
        assertEquals(before, signingCounter());
        assertFalse(Files.exists(tmp.resolve("in-signed.pdf")));
        try (MynaCardEmulator e = MynaCardEmulator.load(card)) {
            services = BackOfficeServer.start(JpkiBackOffice.of(e), 0);
        }
    }

    @Test
    void levelOptionsThatDisagreeAreRefusedBeforeAnyPin() throws Exception {
        Path in = SamplePdf.create(tmp.resolve("in.pdf"));
        Result noTsa = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--level", "b-t", "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, noTsa.code());
        assertTrue(noTsa.err().contains("--tsa URL"), noTsa.err());
        Result level = stdin("MYNA2026\n", "sign", "--cms", in.toString(), "--level", "b-lta", "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, level.code());
        Result raw = stdin("MYNA2026\n", "sign", in.toString(), "--level", "b-t", "--tsa", tsa(), "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, raw.code());
        Result source = run("verify-signature", in.toString(), "--revocation", "ftp://x");
        assertEquals(ExitCodes.BAD_INPUT, source.code());
        assertEquals(5, signingCounter());
    }
}
