package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardType;
import io.github.mynacard.Sex;
import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.cert.CertificateValidity;
import io.github.mynacard.login.LoginResult;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.signing.ExternalTool;
import io.github.mynacard.signing.SamplePdf;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one JSON contract of the command line (examples/README.md, "JSON output"), checked for every
 * command in a success and a failure: exactly one object on standard output; {@code "ok"} and
 * {@code "command"} first; on failure {@code "exitCode"} (the process's), {@code "reason"} (its
 * stable name) and {@code "error"} (one line); enum values in lower snake case; the same names for
 * the same things (the card is {@code "card"}, an input file {@code "in"}, an output file {@code "out"}).
 */
class JsonContractTest extends CliTestBase {

    private final Set<String> successes = new TreeSet<>();
    private final Set<String> failures = new TreeSet<>();

    /** Enum constants the output must never show in upper case. */
    private static final Set<String> UPPER_ENUMS = new HashSet<>();

    static {
        for (Enum<?>[] values : List.<Enum<?>[]>of(Authenticity.Status.values(), CertificateValidity.Status.values(),
                CardType.values(), Sex.values(), LoginResult.Status.values(), SelfTestCommand.Outcome.values())) {
            for (Enum<?> e : values) {
                UPPER_ENUMS.add(e.name());
            }
        }
    }

    private Map<String, Object> check(String command, int expectedCode, Result r) {
        String out = r.out().strip();
        assertEquals(1, out.lines().count(), () -> command + ": not one line of JSON: " + r.out() + r.err());
        Object parsed = new JsonParser(out).parse();
        Map<String, Object> o = asObject(parsed, command);
        List<String> keys = new ArrayList<>(o.keySet());
        assertEquals("ok", keys.get(0), command + ": " + out);
        assertEquals("command", keys.get(1), command + ": " + out);
        assertEquals(command, o.get("command"), out);
        assertEquals(expectedCode, r.code(), () -> command + ": " + r.out() + r.err());
        if (r.code() == 0) {
            assertEquals(Boolean.TRUE, o.get("ok"), out);
            assertFalse(o.containsKey("error") || o.containsKey("exitCode"), out);
            successes.add(command);
        } else {
            assertEquals(Boolean.FALSE, o.get("ok"), out);
            assertEquals("exitCode", keys.get(2), out);
            assertEquals((long) r.code(), o.get("exitCode"), out);
            assertEquals(ExitCodes.reason(r.code()), o.get("reason"), out);
            assertInstanceOf(String.class, o.get("error"), out);
            assertFalse(((String) o.get("error")).isBlank(), out);
            assertFalse(((String) o.get("error")).contains("java."), out);
            assertTrue(r.err().lines().anyMatch(l -> l.equals("mynacard: error: " + o.get("error"))), () -> command
                    + ": standard error does not end with the same one line: " + r.err());
            failures.add(command);
        }
        walk(command, o);
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object v, String command) {
        if (!(v instanceof Map)) {
            fail(command + ": not an object");
        }
        return (Map<String, Object>) v;
    }

    /** No upper-case enum value anywhere; no old names for the card, an input or an output. */
    private static void walk(String command, Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = (String) e.getKey();
                assertFalse(Set.of("target", "file", "signature", "signatureFile", "serial", "previousSerial").contains(k),
                        command + ": key " + k);
                if (k.equals("card")) {
                    assertTrue(e.getValue() instanceof Map<?, ?> c && c.containsKey("kind"), command + ": card is written one "
                            + "way, an object with its kind: " + e.getValue());
                }
                assertTrue(k.matches("[a-z][A-Za-z0-9]*"), command + ": key " + k + " is not camelCase");
                walk(command, e.getValue());
            }
        } else if (v instanceof List<?> l) {
            for (Object x : l) {
                walk(command, x);
            }
        } else if (v instanceof String s) {
            assertFalse(UPPER_ENUMS.contains(s), command + ": enum value in upper case: " + s);
        }
    }

    private Result json(String stdin, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--json");
        return stdin(stdin, a.toArray(String[]::new));
    }

    private String c() {
        return card.toString();
    }

    private String numberB() throws Exception {
        MynaCardEmulator m = loadCard();
        return new String(VerificationNumbers.numberB(m.holderBirthDate(), m.cardExpiryDate().getYear(), m.securityCode()));
    }

    @Test
    void everyCommandAnswersInOneShapeOnSuccessAndOnFailure() throws Exception {
        newCard().close();
        Path dir = tmp.resolve("dir");
        Files.createDirectories(dir);
        Path doc = Files.writeString(tmp.resolve("contract.txt"), "契約書\n");
        Path pdf = SamplePdf.create(tmp.resolve("form.pdf"));

        check("demo", 0, json("", "demo", "--card", tmp.resolve("demo.state").toString()));
        check("demo", 2, json("", "demo", "--card", dir.toString()));
        check("status", 0, json("", "status", "--card", c()));
        check("status", 2, json("", "status", "--card", dir.toString()));
        check("doctor", 0, json("", "doctor", "--card", c()));
        check("doctor", 2, json("", "doctor", "--card", "/dev/zero"));
        check("card-report", 0, json("", "card-report", "--card", c(), "--out", tmp.resolve("report.json").toString()));
        check("card-report", 2, json("", "card-report", "--card", c(), "--out", dir.resolve("no/r.json").toString()));
        check("fields", 0, json("7364\n", "fields", "--card", c(), "--pin-stdin", "--check-authenticity"));
        check("fields", 3, json("0000\n", "fields", "--card", c(), "--pin-stdin"));
        assertEquals(0, json("7364\n", "fields", "--card", c(), "--pin-stdin").code());
        Map<String, Object> face = check("face", 0, json(numberB() + "\n", "face", "--card", c(), "--pin-stdin", "--out-dir",
                tmp.resolve("face").toString(), "--check-authenticity"));
        assertEquals("genuine", ((Map<?, ?>) face.get("authenticity")).get("status"));
        assertEquals("female", face.get("sex"));
        check("face", 2, json("123\n", "face", "--card", c(), "--pin-stdin", "--out-dir", tmp.resolve("face").toString()));
        check("verify", 0, json("4821\n", "verify", "--pin", "user", "--card", c(), "--pin-stdin"));
        check("verify", 3, json("0000\n", "verify", "--pin", "user", "--card", c(), "--pin-stdin"));
        check("verify", 2, json("", "verify", "--pin", "user", "4821", "--card", c()));
        check("cert show", 0, json("", "cert", "show", "auth", "--card", c()));
        Path signingRoots = tmp.resolve("signing-roots");
        Files.createDirectories(signingRoots);
        Files.writeString(signingRoots.resolve("ca.pem"), run("cert", "export", "signing-ca", "--card", c()).out());
        check("cert show", ExitCodes.NOT_TRUSTED, json("", "cert", "show", "auth", "--card", c(), "--trust-anchors",
                signingRoots.toString()));
        check("cert export", 0, json("", "cert", "export", "auth", "--card", c(), "--out", tmp.resolve("auth.pem").toString()));
        check("cert export", 2, json("", "cert", "export", "auth", "--card", c(), "--out", tmp.resolve("no/dir/auth.pem").toString()));
        Map<String, Object> signed = check("sign", 0, json("MYNA2026\n", "sign", doc.toString(), "--card", c(), "--pin-stdin"));
        assertEquals(doc.toString(), signed.get("in"));
        assertEquals(doc + ".sig", signed.get("out"));
        check("sign", 2, json("MYNA2026\n", "sign", dir.toString(), "--card", c(), "--pin-stdin"));
        check("sign-pdf", 0, json("MYNA2026\n", "sign-pdf", pdf.toString(), "--card", c(), "--pin-stdin"));
        check("sign-pdf", 2, json("MYNA2026\n", "sign-pdf", doc.toString(), "--card", c(), "--pin-stdin"));
        Map<String, Object> verified = check("verify-signature", 0, json("", "verify-signature", doc.toString(), "--sig",
                doc + ".sig", "--card", c()));
        assertEquals("raw", verified.get("format"));
        byte[] sig = Files.readAllBytes(Path.of(doc + ".sig"));
        sig[7] ^= 1;
        Path bad = Files.write(tmp.resolve("bad.sig"), sig);
        Map<String, Object> invalid = check("verify-signature", ExitCodes.SIGNATURE_INVALID, json("", "verify-signature",
                doc.toString(), "--sig", bad.toString(), "--card", c()));
        assertEquals(Boolean.FALSE, invalid.get("signatureValid"));
        check("verify-signature", ExitCodes.NOT_TRUSTED, json("", "verify-signature", tmp.resolve("form-signed.pdf").toString(),
                "--trust-anchors", anchors("auth-ca").toString()));
        check("change-pin", 0, json("4821\n1357\n", "change-pin", "--pin", "user", "--card", c(), "--pin-stdin"));
        check("change-pin", 3, json("0000\n2468\n", "change-pin", "--pin", "user", "--card", c(), "--pin-stdin"));
        check("reset-signing-pin", 0, json("1357\nQ7RZ2K9M\n", "reset-signing-pin", "--card", c(), "--pin-stdin"));
        check("reset-signing-pin", 3, json("0000\nQ7RZ2K9N\n", "reset-signing-pin", "--card", c(), "--pin-stdin"));
        Map<String, Object> selfTest = check("self-test", 0, json("", "self-test", "--card", c()));
        for (Object x : (List<?>) selfTest.get("checks")) {
            assertTrue(String.valueOf(((Map<?, ?>) x).get("id")).matches("[a-z0-9]+(-[a-z0-9]+)*"), x.toString());
        }
        check("self-test", 2, json("", "self-test", "--card", c(), "--allow-pin-tests"));
        Map<String, Object> bench = check("bench apdus", 0, json("", "bench", "apdus"));
        assertInstanceOf(List.class, bench.get("operations"));
        check("bench apdus", 2, json("", "bench", "apdus", "--bogus"));
        check("emulator init", 0, json("", "emulator", "init", "--card", tmp.resolve("new.state").toString()));
        check("emulator init", 2, json("", "emulator", "init", "--card", tmp.resolve("new.state").toString()));
        check("emulator serve", 2, json("", "emulator", "serve", "--card", c(), "--host", "192.0.2.1"));
        String other = tmp.resolve("back-office.state").toString();
        check("emulator init", 0, json("", "emulator", "init", "--card", other));
        check("emulator revoke", 0, json("", "emulator", "revoke", "--card", other, "auth"));
        check("emulator revoke", 2, json("", "emulator", "revoke", "--card", other, "auth"));
        check("emulator reissue", 0, json("", "emulator", "reissue", "--card", other, "auth"));
        check("emulator reissue", 2, json("", "emulator", "reissue", "--card", other, "neither"));
        check("emulator services", 2, json("", "emulator", "services", "--card", other, "--port", "70000", "--trust-out",
                tmp.resolve("trust").toString()));
        CliContext stopped = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, home);
        stopped.stopSignal().complete(null);
        check("emulator services", 0, run(stopped, "emulator", "services", "--card", other, "--port", "0", "--trust-out",
                tmp.resolve("trust").toString(), "--json"));
        check("emulator serve", 0, serve());
        check("auth-challenge", 0, json("", "auth-challenge"));
        check("auth-challenge", 2, json("", "auth-challenge", "extra"));
        String nonce = (String) check("auth-challenge", 0, json("", "auth-challenge")).get("nonce");
        Path response = tmp.resolve("response.txt");
        check("auth-sign", 0, json("1357\n", "auth-sign", "--origin", "https://service.example", "--nonce", nonce, "--out", response.toString(), "--card", c(), "--pin-stdin"));
        check("auth-sign", 2, json("1357\n", "auth-sign", "--origin", "https://service.example", "--nonce", "xyz", "--card", c(), "--pin-stdin"));
        check("auth-verify", 0, json("", "auth-verify", "--origin", "https://service.example", "--response", response.toString(), "--nonce", nonce, "--trust-anchors",
                anchors("auth-ca").toString()));
        Map<String, Object> stale = check("auth-verify", ExitCodes.SIGNATURE_INVALID, json("", "auth-verify", "--origin", "https://service.example",
                "--response", response.toString(), "--nonce", nonce.substring(0, 62) + (nonce.endsWith("00") ? "01" : "00"), "--trust-anchors",
                anchors("auth-ca").toString()));
        assertEquals("nonce_mismatch", stale.get("status"));
        check("login", 2, json("1357\n", "login", "--url", "http://127.0.0.1/", "--card", c(), "--pin-stdin"));
        loginSuccess();

        // a usage error before any command is known
        Result unknown = json("", "stauts");
        Map<String, Object> u = asObject(new JsonParser(unknown.out().strip()).parse(), "stauts");
        assertEquals(Boolean.FALSE, u.get("ok"));
        assertEquals(null, u.get("command"));
        assertEquals(2L, u.get("exitCode"));
        assertTrue(((String) u.get("error")).contains("did you mean 'status'"), unknown.out());

        List<String> all = MynacardCli.commandNames();
        // readers and watch: their answers depend on the machine's PC/SC service, so ReadersCommandTest and WatchCommandTest
        // check them against pcscd and without a service; completion and man print a script and a page, not JSON
        all.removeAll(List.of("readers", "watch", "completion", "man"));
        assertEquals(new TreeSet<>(all), successes, "commands checked in success");
        assertEquals(new TreeSet<>(all), failures, "commands checked in failure");
    }

    private Path anchors(String which) {
        Path d = tmp.resolve("anchors-" + which);
        if (!Files.isDirectory(d)) {
            try {
                Files.createDirectories(d);
                Files.writeString(d.resolve("ca.pem"), run("cert", "export", which, "--card", c()).out());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return d;
    }

    /** emulator serve until a stop, with a stand-in vpcd on loopback. */
    private Result serve() throws Exception {
        try (ServerSocket vpcd = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            vpcd.setSoTimeout(10_000);
            CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, home);
            CompletableFuture<Result> serving = CompletableFuture.supplyAsync(
                    () -> run(ctx, "emulator", "serve", "--card", c(), "--port", "" + vpcd.getLocalPort(), "--json"));
            try (Socket s = vpcd.accept()) {
                ctx.stopSignal().complete(null);
                return serving.get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** login against openssl s_server on loopback. */
    private void loginSuccess() throws Exception {
        ExternalTool.require("openssl", "openssl");
        Path key = tmp.resolve("server.key");
        Path cert = tmp.resolve("server.pem");
        ExternalTool.Run req = ExternalTool.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-days", "1");
        assertEquals(0, req.exitCode(), req.output());
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process p = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-tls1_2", "-Verify", "2",
                "-CAfile", anchors("auth-ca").resolve("ca.pem").toString(), "-cert", cert.toString(), "-key", key.toString(),
                "-www").redirectErrorStream(true).redirectOutput(tmp.resolve("s_server.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    break;
                } catch (java.io.IOException notYet) {
                    assertTrue(p.isAlive() && System.nanoTime() < deadline, "s_server did not start");
                    Thread.sleep(50);
                }
            }
            Map<String, Object> o = check("login", 0, json("1357\n", "login", "--url", "https://127.0.0.1:" + port + "/",
                    "--server-ca", cert.toString(), "--card", c(), "--pin-stdin"));
            assertEquals(200L, o.get("status"));
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A small strict JSON reader for the test: objects keep their order; numbers are longs or doubles. */
    static final class JsonParser {
        private final String s;
        private int i;

        JsonParser(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value();
            ws();
            assertEquals(s.length(), i, "trailing text in " + s);
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    assertFalse(m.containsKey(k), "duplicate key " + k);
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            assertNotEquals("", n, "not a JSON value at " + start + " in " + s);
            return n.matches("-?\\d+") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
        }

        private void expect(char c) {
            assertEquals(c, s.charAt(i), "at " + i + " in " + s);
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }
    }
}
