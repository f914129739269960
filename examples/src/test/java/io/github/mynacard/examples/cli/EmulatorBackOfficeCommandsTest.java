package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.revocation.RevocationReason;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code emulator services}, {@code emulator revoke} and {@code emulator reissue}. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EmulatorBackOfficeCommandsTest extends CliTestBase {

    @Test
    void revokeKeepsTheRevocationAndRefusesItTwiceOrBadInput() throws Exception {
        MynaCardEmulator m = newCard();
        BigInteger serial = m.certificate(JpkiCertificate.SIGNING).getSerialNumber();
        byte[] before = Files.readAllBytes(card);
        Result bad = run("emulator", "revoke", "--card", card.toString(), "both");
        assertEquals(2, bad.code(), bad.err());
        Result badReason = run("emulator", "revoke", "--card", card.toString(), "signing", "--reason", "lost-it");
        assertEquals(2, badReason.code(), badReason.err());
        assertTrue(badReason.err().contains("key-compromise"), badReason.err());
        assertEquals(2, run("emulator", "revoke", "--card", card.toString(), "signing", "--reason", "remove-from-crl").code());
        assertArrayEquals(before, Files.readAllBytes(card), "nothing changed by bad input");

        Result r = run("emulator", "revoke", "--card", card.toString(), "signing");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("key-compromise") && r.out().contains(serial.toString(16)), r.out());
        List<JpkiBackOffice.Revocation> list = loadCard().revocations();
        assertEquals(1, list.size());
        assertEquals(serial, list.get(0).serial());
        assertEquals(RevocationReason.KEY_COMPROMISE, list.get(0).reason());

        byte[] revoked = Files.readAllBytes(card);
        Result twice = run("emulator", "revoke", "--card", card.toString(), "signing", "--reason", "superseded");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("already revoked"), twice.err());
        assertArrayEquals(revoked, Files.readAllBytes(card));

        Result auth = run("emulator", "revoke", "--card", card.toString(), "auth", "--reason", "cessation-of-operation", "--json");
        assertEquals(0, auth.code(), auth.err());
        assertTrue(auth.out().contains("\"reason\":\"cessation-of-operation\""), auth.out());
        assertEquals(2, run("emulator", "revoke", "--card", tmp.resolve("missing.state").toString(), "auth").code());
        assertFalse(Files.exists(tmp.resolve("missing.state")), "revoke creates no card");
    }

    @Test
    void reissueGivesANewCertificateAndSupersedesTheOld() throws Exception {
        MynaCardEmulator m = newCard();
        X509Certificate old = m.certificate(JpkiCertificate.AUTHENTICATION);
        Result r = run("emulator", "reissue", "--card", card.toString(), "auth", "--json");
        assertEquals(0, r.code(), r.err());
        X509Certificate now = loadCard().certificate(JpkiCertificate.AUTHENTICATION);
        assertNotEquals(old.getSerialNumber(), now.getSerialNumber());
        assertTrue(r.out().contains("\"serialNumber\":\"" + now.getSerialNumber().toString(16) + "\""), r.out());
        assertEquals(RevocationReason.SUPERSEDED, loadCard().revocations().get(0).reason());
        assertEquals(2, run("emulator", "reissue", "--card", card.toString(), "nothing").code());
    }

    @Test
    void servicesRefusesBadInputBeforeServing() throws Exception {
        newCard();
        assertEquals(2, run("emulator", "services", "--card", card.toString()).code(), "--trust-out is required");
        assertEquals(2, run("emulator", "services", "--card", card.toString(), "--trust-out", tmp.toString(), "--port", "70000")
                .code());
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        Result notDir = run("emulator", "services", "--card", card.toString(), "--trust-out", file.toString(), "--port", "0");
        assertEquals(2, notDir.code());
        assertTrue(notDir.err().contains("not a directory"), notDir.err());
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, home);
            Result busy = run(ctx, "emulator", "services", "--card", card.toString(), "--trust-out", tmp.resolve("t").toString(),
                    "--port", "" + taken.getLocalPort());
            assertEquals(ExitCodes.NETWORK, busy.code(), busy.err());
        }
    }

    @Test
    void servicesInProcessWritesTheTrustAnchorsAndStopsOnTheSignal() throws Exception {
        newCard();
        Path trust = tmp.resolve("trust");
        CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, home);
        ctx.stopSignal().complete(null); // stops as soon as it serves
        Result r = run(ctx, "emulator", "services", "--card", card.toString(), "--port", "0", "--trust-out", trust.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        assertTrue(r.out().contains("\"ocsp\":\"http://127.0.0.1:"), r.out());
        JpkiBackOffice office = JpkiBackOffice.of(loadCard());
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate[] expected = {office.certificateAuthority(JpkiKey.SIGNING), office.certificateAuthority(JpkiKey.AUTHENTICATION),
            office.ocspResponder(JpkiKey.SIGNING), office.ocspResponder(JpkiKey.AUTHENTICATION), office.tsaRoot(),
            office.tsaCertificate()};
        for (int i = 0; i < expected.length; i++) {
            Path pem = trust.resolve(EmulatorServicesCommand.TRUST_FILES[i]);
            try (var in = Files.newInputStream(pem)) {
                assertEquals(expected[i], cf.generateCertificate(in), pem.toString());
            }
        }
    }

    /** The services command as its own process: URLs from its output, a revoke from another command, SIGTERM. */
    @Test
    void servicesAsAProcessAnswersARevocationAndStopsCleanlyOnSigterm() throws Exception {
        newCard();
        X509Certificate signing = loadCard().certificate(JpkiCertificate.SIGNING);
        Path trust = tmp.resolve("trust");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), MynacardCli.class.getName(), "emulator", "services", "--card",
                card.toString(), "--port", "0", "--trust-out", trust.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ocspUrl = null;
            String crlUrl = null;
            for (String line; (line = out.readLine()) != null && (ocspUrl == null || crlUrl == null); ) {
                Matcher o = Pattern.compile("^\\s+ocsp (http://127\\.0\\.0\\.1:\\d+/ocsp)$").matcher(line);
                Matcher c = Pattern.compile("^\\s+signingCrl (http://127\\.0\\.0\\.1:\\d+/crl/signing\\.crl)$").matcher(line);
                if (o.find()) {
                    ocspUrl = o.group(1);
                }
                if (c.find()) {
                    crlUrl = c.group(1);
                }
            }
            assertTrue(ocspUrl != null && crlUrl != null, "the URLs are printed");
            assertTrue(Files.isRegularFile(trust.resolve("tsa-root.pem")));
            X509CRL before = crl(get(URI.create(crlUrl)));
            assertTrue(before.getRevokedCertificates() == null);
            assertEquals(0, run("emulator", "revoke", "--card", card.toString(), "signing").code());
            X509CRL after = crl(get(URI.create(crlUrl)));
            assertTrue(after.isRevoked(signing), "the next CRL lists the revocation made by another command");
            int port = URI.create(ocspUrl).getPort();

            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops within bounds");
            assertEquals(0, p.exitValue(), "a clean stop");
            try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                assertEquals(port, again.getLocalPort(), "the port is released");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] get(URI uri) throws Exception {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10_000);
        try (var in = c.getInputStream()) {
            assertEquals(200, c.getResponseCode());
            return in.readAllBytes();
        } finally {
            c.disconnect();
        }
    }

    private static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }
}
