package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.signing.ExternalTool;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mynacard login} against {@code openssl s_server -Verify 2} on loopback, and the
 * challenge-response commands {@code auth-challenge}, {@code auth-sign}, {@code auth-verify}.
 */
class LoginCommandTest extends CliTestBase {

    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (Process p : servers) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts openssl s_server requiring a client certificate from the card's authentication CA; returns its port. */
    private int server(String protocol, String... more) throws Exception {
        ExternalTool.require("openssl", "openssl");
        Path ca = tmp.resolve("auth-ca.pem");
        if (!Files.exists(ca)) {
            Result export = run("cert", "export", "auth-ca", "--format", "pem", "--out", ca.toString(), "--card", card.toString());
            assertEquals(0, export.code(), export.err());
        }
        Path key = tmp.resolve("server.key");
        if (!Files.exists(key)) {
            ExternalTool.Run req = ExternalTool.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    key.toString(), "-out", serverCert().toString(), "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1", "-days", "1");
            assertEquals(0, req.exitCode(), req.output());
        }
        int port = freePort();
        Process p = new ProcessBuilder(serverCommand(port, protocol, ca, key, more)).redirectErrorStream(true).redirectOutput(serverLog().toFile()).start();
        servers.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return port;
            } catch (java.io.IOException notYet) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, () -> "s_server did not start: " + log());
                Thread.sleep(50);
            }
        }
    }

    private List<String> serverCommand(int port, String protocol, Path ca, Path key, String... more) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, protocol, "-Verify", "2",
                "-CAfile", ca.toString(), "-cert", serverCert().toString(), "-key", key.toString(), "-www"));
        cmd.addAll(List.of(more));
        return cmd;
    }

    private Path serverCert() {
        return tmp.resolve("server.pem");
    }

    private Path serverLog() {
        return tmp.resolve("s_server.log");
    }

    private String log() {
        try {
            return Files.readString(serverLog(), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Result login(String pin, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("login", "--card", card.toString(), "--pin-stdin"));
        args.addAll(List.of(more));
        return stdin(pin + "\n", args.toArray(String[]::new));
    }

    @Test
    void logsInOverTls12WithTheUserPinAloneAndPrintsTheAnswer() throws Exception {
        newCard().close();
        int port = server("-tls1_2");
        Result r = login("4821", "--url", "https://127.0.0.1:" + port + "/", "--server-ca", serverCert().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Verify return code: 0 (ok)"), r.out());
        assertTrue(r.out().contains("Protocol  : TLSv1.2"), r.out());
        assertTrue(r.out().contains("OU=JPKI for user authentication") || r.out().contains("OU = JPKI for user authentication"),
                r.out());
        assertTrue(r.err().contains("HTTP 200 from 127.0.0.1 over TLSv1.2, logged in with the card's user-authentication certificate"),
                r.err());
        assertTrue(log().contains("depth=0 C = JP, CN = "), log());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
        assertNotShown(r, "4821");
    }

    @Test
    void aWrongPinSpendsOneAttemptAndSaysSo() throws Exception {
        newCard().close();
        int port = server("-tls1_2");
        Result r = login("0000", "--url", "https://127.0.0.1:" + port + "/", "--server-ca", serverCert().toString());
        assertEquals(ExitCodes.WRONG_PIN, r.code(), r.err());
        assertTrue(r.err().contains("2"), r.err());
        assertEquals("", r.out());
        assertEquals(2, loadCard().remainingAttempts(PinKind.USER_AUTH));
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
        assertNotShown(r, "0000");
    }

    @Test
    void aTls13OnlyServerIsExplainedAndCostsNothing() throws Exception {
        newCard().close();
        int port = server("-tls1_3");
        Result r = login("4821", "--url", "https://127.0.0.1:" + port + "/", "--server-ca", serverCert().toString());
        assertEquals(ExitCodes.NETWORK, r.code(), r.err());
        assertTrue(r.err().contains("TLS 1.3") && r.err().contains("RSA-PSS") && r.err().contains("PKCS#1 v1.5"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void anUntrustedServerIsRefusedBeforeTheCardSigns() throws Exception {
        newCard().close();
        int port = server("-tls1_2");
        Result r = login("0000", "--url", "https://127.0.0.1:" + port + "/");
        assertEquals(ExitCodes.NETWORK, r.code(), r.err());
        assertTrue(r.err().contains("--server-ca"), r.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void badInputsAndAnUnreachableServerCostNoAttempt() throws Exception {
        newCard().close();
        Result http = login("0000", "--url", "http://127.0.0.1/");
        assertEquals(ExitCodes.BAD_INPUT, http.code(), http.err());
        Result noCa = login("0000", "--url", "https://127.0.0.1/", "--server-ca", tmp.resolve("missing.pem").toString());
        assertEquals(ExitCodes.BAD_INPUT, noCa.code(), noCa.err());
        Result notCa = login("0000", "--url", "https://127.0.0.1/", "--server-ca", card.toString());
        assertEquals(ExitCodes.BAD_INPUT, notCa.code(), notCa.err());
        Result outDir = login("0000", "--url", "https://127.0.0.1/", "--out", tmp.resolve("no/such/dir/x").toString());
        assertEquals(ExitCodes.BAD_INPUT, outDir.code(), outDir.err());
        Result closed = login("0000", "--url", "https://127.0.0.1:" + freePort() + "/", "--timeout", "5");
        assertEquals(ExitCodes.NETWORK, closed.code(), closed.err());
        assertTrue(closed.err().contains("cannot connect to 127.0.0.1:"), closed.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    // --- challenge and response ---

    private static final String ORIGIN = "https://service.example";

    private Path anchors() throws Exception {
        Path dir = tmp.resolve("anchors");
        Files.createDirectories(dir);
        Result export = run("cert", "export", "auth-ca", "--format", "pem", "--out", dir.resolve("auth-ca.pem").toString(),
                "--card", card.toString());
        assertEquals(0, export.code(), export.err());
        return dir;
    }

    private Path sign(String nonce) {
        Path response = tmp.resolve("response-" + nonce.substring(nonce.length() - 8) + ".txt");
        return sign(nonce, ORIGIN, response);
    }

    private Path sign(String nonce, String origin, Path response) {
        Result r = stdin("4821\n", "auth-sign", "--origin", origin, "--nonce", nonce, "--out", response.toString(), "--card",
                card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        return response;
    }

    private Result verify(Path response, String nonce, Path anchors, String... more) {
        List<String> args = new ArrayList<>(List.of("auth-verify", "--origin", ORIGIN, "--response", response.toString(), "--nonce", nonce,
                "--trust-anchors", anchors.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aSignedChallengeVerifiesAndFailsAfterOneByteChanges() throws Exception {
        newCard().close();
        Path anchors = anchors();
        Result challenge = run("auth-challenge");
        assertEquals(0, challenge.code(), challenge.err());
        String nonce = challenge.out().strip();
        assertTrue(nonce.matches("[0-9a-f]{64}"), nonce);
        Path response = sign(nonce);
        Result ok = verify(response, nonce, anchors);
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("Login: VERIFIED"), ok.out());

        // one byte of the signature changed (a Base64 character of its middle)
        List<String> lines = new ArrayList<>(Files.readAllLines(response));
        String sig = lines.get(4);
        assertTrue(sig.startsWith("signature: "), sig);
        int i = sig.length() / 2;
        lines.set(4, sig.substring(0, i) + (sig.charAt(i) == 'A' ? 'B' : 'A') + sig.substring(i + 1));
        Path bad = tmp.resolve("bad.txt");
        Files.write(bad, lines);
        Result ko = verify(bad, nonce, anchors);
        assertEquals(ExitCodes.SIGNATURE_INVALID, ko.code(), ko.out());
        assertTrue(ko.out().contains("bad_signature"), ko.out());

        // the response checked against another nonce
        String other = nonce.substring(0, 62) + (nonce.endsWith("00") ? "01" : "00");
        Result wrongNonce = verify(response, other, anchors);
        assertEquals(ExitCodes.SIGNATURE_INVALID, wrongNonce.code(), wrongNonce.out());
        assertTrue(wrongNonce.out().contains("nonce_mismatch"), wrongNonce.out());

        // JSON
        Result j = verify(response, nonce, anchors, "--json");
        assertTrue(j.out().startsWith("{\"ok\":true,\"command\":\"auth-verify\""), j.out());
        Result jko = verify(bad, nonce, anchors, "--json");
        assertTrue(jko.out().contains("\"ok\":false") && jko.out().contains("\"status\":\"bad_signature\""), jko.out());
    }

    @Test
    void aStaleNonceFailsAndAnotherRootIsNotTrusted() throws Exception {
        newCard().close();
        Path anchors = anchors();
        byte[] old = new byte[32];
        ByteBuffer.wrap(old).putLong(Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli());
        old[20] = 7;
        String stale = HexFormat.of().formatHex(old);
        Result r = verify(sign(stale), stale, anchors);
        assertEquals(ExitCodes.SIGNATURE_INVALID, r.code(), r.out());
        assertTrue(r.out().contains("nonce_stale"), r.out());
        assertEquals(0, verify(sign(stale), stale, anchors, "--max-age", "900").code());

        Path signingRoots = tmp.resolve("signing-roots");
        Files.createDirectories(signingRoots);
        assertEquals(0, run("cert", "export", "signing-ca", "--format", "pem", "--out",
                signingRoots.resolve("ca.pem").toString(), "--card", card.toString()).code());
        String fresh = run("auth-challenge").out().strip();
        Result untrusted = verify(sign(fresh), fresh, signingRoots);
        assertEquals(ExitCodes.NOT_TRUSTED, untrusted.code(), untrusted.out());
        assertTrue(untrusted.out().contains("untrusted"), untrusted.out());
    }

    @Test
    void authSignChecksItsInputsBeforeThePin() throws Exception {
        newCard().close();
        Result notHex = stdin("0000\n", "auth-sign", "--origin", ORIGIN, "--nonce", "xyz", "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, notHex.code(), notHex.err());
        Result empty = stdin("0000\n", "auth-sign", "--origin", ORIGIN, "--nonce", "", "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, empty.code(), empty.err());
        Result out = stdin("0000\n", "auth-sign", "--origin", ORIGIN, "--nonce", "00ff", "--out", tmp.resolve("nope/r.txt").toString(), "--card",
                card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, out.code(), out.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
        Result wrong = stdin("0000\n", "auth-sign", "--origin", ORIGIN, "--nonce", "00ff", "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.WRONG_PIN, wrong.code(), wrong.err());
        assertEquals(2, loadCard().remainingAttempts(PinKind.USER_AUTH));
        assertFalse(wrong.out().contains("signature:"), wrong.out());
    }

    @Test
    void anAnswerForOneOriginIsRefusedByAServiceAtAnother() throws Exception {
        newCard().close();
        Path anchors = anchors();
        String nonce = run("auth-challenge").out().strip();
        Path forA = sign(nonce, "https://a.example", tmp.resolve("for-a.txt"));
        assertTrue(Files.readString(forA).startsWith("mynacard-login: 2\norigin: https://a.example\n"), Files.readString(forA));
        Result atB = run("auth-verify", "--origin", "https://b.example", "--response", forA.toString(), "--nonce", nonce,
                "--trust-anchors", anchors.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, atB.code(), atB.out());
        assertTrue(atB.out().contains("origin_mismatch") && atB.out().contains("made for https://a.example"), atB.out());
        Result atA = run("auth-verify", "--origin", "https://A.example:443/", "--response", forA.toString(), "--nonce", nonce,
                "--trust-anchors", anchors.toString(), "--json");
        assertEquals(0, atA.code(), atA.out() + atA.err());
        assertTrue(atA.out().contains("\"origin\":\"https://a.example\"") && atA.out().contains("\"replayChecked\":false"), atA.out());
        // an origin that is not one is refused before the PIN
        Result page = stdin("4821\n", "auth-sign", "--origin", "https://a.example/login", "--nonce", nonce, "--card",
                card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, page.code(), page.err());
        assertTrue(page.err().contains("--origin") && page.err().contains("path"), page.err());
        Result plain = run("auth-verify", "--origin", "http://a.example", "--response", forA.toString(), "--nonce", nonce,
                "--trust-anchors", anchors.toString());
        assertEquals(ExitCodes.BAD_INPUT, plain.code(), plain.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void aNonceStoreAcceptsAnAnswerOnceAndOnlyForANonceItIssued() throws Exception {
        newCard().close();
        Path anchors = anchors();
        Path store = tmp.resolve("nonces");
        Result challenge = run("auth-challenge", "--nonce-store", store.toString(), "--json");
        assertEquals(0, challenge.code(), challenge.err());
        String nonce = challenge.out().replaceAll("(?s).*\"nonce\":\"([0-9a-f]{64})\".*", "$1");
        Path response = sign(nonce);
        Result first = verify(response, nonce, anchors, "--nonce-store", store.toString());
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("Replay: checked"), first.out());
        Result again = verify(response, nonce, anchors, "--nonce-store", store.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, again.code(), again.out());
        assertTrue(again.out().contains("nonce_replayed"), again.out());
        // a nonce the store never issued
        String other = run("auth-challenge").out().strip();
        Result unissued = verify(sign(other), other, anchors, "--nonce-store", store.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, unissued.code(), unissued.out());
        assertTrue(unissued.out().contains("nonce_not_issued"), unissued.out());
        // a file that is not a store is refused before anything, and kept
        Path notAStore = tmp.resolve("notes.txt");
        Files.writeString(notAStore, "my notes\n");
        Result bad = verify(response, nonce, anchors, "--nonce-store", notAStore.toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("not a mynacard nonce store"), bad.err());
        assertEquals("my notes\n", Files.readString(notAStore));
        Result badChallenge = run("auth-challenge", "--nonce-store", tmp.resolve("no/such/dir/nonces").toString());
        assertEquals(ExitCodes.BAD_INPUT, badChallenge.code(), badChallenge.err());
    }

    @Test
    void twoVerifierProcessesOnOneNonceStoreAcceptAnAnswerOnce() throws Exception {
        newCard().close();
        Path anchors = anchors();
        Path store = tmp.resolve("shared-nonces");
        List<WorkerProcess> workers = List.of(new WorkerProcess(tmp.resolve("home")), new WorkerProcess(tmp.resolve("home")));
        try {
            for (int round = 0; round < 3; round++) {
                String nonce = run("auth-challenge", "--nonce-store", store.toString()).out().strip();
                Path response = sign(nonce);
                List<WorkerProcess.Outcome> both = WorkerProcess.all(workers, "", "auth-verify", "--origin", ORIGIN, "--response",
                        response.toString(), "--nonce", nonce, "--trust-anchors", anchors.toString(), "--nonce-store", store.toString());
                long verified = both.stream().filter(o -> o.code() == 0).count();
                long replayed = both.stream().filter(o -> o.code() == ExitCodes.SIGNATURE_INVALID && o.out().contains("nonce_replayed")).count();
                assertEquals(1, verified, both.toString());
                assertEquals(1, replayed, both.toString());
            }
        } finally {
            workers.forEach(WorkerProcess::close);
        }
    }

    @Test
    void aServerCheckingTheCrlRefusesTheHandshakeOnceTheAuthenticationCertificateIsRevoked() throws Exception {
        newCard().close();
        Path goodCrl = tmp.resolve("auth-good.crl");
        Files.write(goodCrl, JpkiBackOffice.of(loadCard()).crl(JpkiKey.AUTHENTICATION));
        int port = server("-tls1_2", "-verify_return_error", "-crl_check", "-CRLform", "DER", "-CRL", goodCrl.toString());
        Result ok = login("4821", "--url", "https://127.0.0.1:" + port + "/", "--server-ca", serverCert().toString());
        assertEquals(0, ok.code(), ok.err());
        stopServers();
        servers.clear();

        Result revoke = run("emulator", "revoke", "--card", card.toString(), "auth");
        assertEquals(0, revoke.code(), revoke.err());
        Path crl = tmp.resolve("auth-revoked.crl");
        Files.write(crl, JpkiBackOffice.of(loadCard()).crl(JpkiKey.AUTHENTICATION));
        port = server("-tls1_2", "-verify_return_error", "-crl_check", "-CRLform", "DER", "-CRL", crl.toString());
        Result refused = login("4821", "--url", "https://127.0.0.1:" + port + "/", "--server-ca", serverCert().toString(), "--json");
        assertEquals(ExitCodes.REVOKED, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("\"reason\":\"certificate_revoked\"") && refused.out().contains("certificate_revoked"),
                refused.out());
        assertTrue(log().contains("certificate revoked"), log());
        // the right PIN was used for the handshake's signature: nothing spent
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }
}
