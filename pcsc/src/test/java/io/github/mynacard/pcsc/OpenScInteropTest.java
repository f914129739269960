package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSC's own tools, unchanged, against the emulator served through pcscd: OpenSC's JPKI driver is
 * an independent implementation used with real cards, so its acceptance is evidence that the
 * emulator speaks the card's protocol. The certificate and signature are then checked with openssl.
 */
@Tag("pcsc-stack")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenScInteropTest {

    private static final String[] MODULES = {"/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so", "/usr/lib/opensc-pkcs11.so", "/usr/lib64/opensc-pkcs11.so"};

    @TempDir
    Path dir;
    private MynaCardEmulator emulator;
    private VpcdCardServer server;

    @BeforeAll
    static void tools() {
        PcscStack.bringUp();
        for (String tool : new String[] {"opensc-tool", "pkcs15-tool", "pkcs11-tool", "openssl"}) {
            if (!onPath(tool)) {
                String msg = tool + " is not installed (Debian packages opensc, openssl; see .ci/pcsc-stack.sh)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(msg + " (CI=true: required)");
                }
                System.err.println("* SKIPPING OpenSC checks: " + msg);
                Assumptions.abort(msg);
            }
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    @BeforeEach
    void insert() throws Exception {
        emulator = MynaCardEmulator.createDefault();
        server = PcscStack.insert(emulator, emulator::reset);
        waitUntilOpenScSeesTheCard();
    }

    @AfterEach
    void remove() throws InterruptedException {
        server.close();
        PcscStack.waitUntilPcscdSeesNoCard();
    }

    private void waitUntilOpenScSeesTheCard() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!run("opensc-tool", "--reader", PcscStack.reader, "--atr").out.contains("3b:e0:00:ff:81:31:fe:45:14")) {
            if (System.nanoTime() > deadline) {
                fail("OpenSC never saw the card in " + PcscStack.reader);
            }
            Thread.sleep(100);
        }
    }

    record Result(int code, String out) {
    }

    private Result run(String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "tool", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " hung");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static String module() {
        for (String m : MODULES) {
            if (Files.isRegularFile(Path.of(m))) {
                return m;
            }
        }
        throw new AssertionError("opensc-pkcs11.so not found in " + String.join(", ", MODULES));
    }

    /** The PKCS#11 slot of the user-authentication token in this test's reader. */
    private String authSlot() throws Exception {
        Result r = run("pkcs11-tool", "--module", module(), "--list-slots");
        Matcher m = Pattern.compile("Slot \\d+ \\((0x[0-9a-f]+)\\): " + Pattern.quote(PcscStack.reader)
                + "\\s*\\n\\s*token label\\s*:\\s*JPKI \\(User Authentication PIN\\)").matcher(r.out);
        assertTrue(m.find(), "no JPKI user-authentication slot in " + PcscStack.reader + ":\n" + r.out);
        return m.group(1);
    }

    @Test
    void openscToolRecognisesAJpkiCard() throws Exception {
        Result r = run("opensc-tool", "--reader", PcscStack.reader, "--name");
        assertEquals(0, r.code, r.out);
        assertEquals("jpki", r.out.strip());
    }

    @Test
    void pkcs15ToolListsTheCertificatesAndBothPinsWithTheAttemptsLeft() throws Exception {
        // spend one user-PIN attempt through our library first, so the count OpenSC reports is not a default
        try (MynaCard card = MynaCard.open(PcscStack.openVirtualReader())) {
            try {
                card.verifyUserPin("0000".toCharArray());
                fail("a wrong PIN was accepted");
            } catch (io.github.mynacard.WrongPinException expected) {
                assertEquals(2, expected.attemptsRemaining());
            }
        }
        Result certs = run("pkcs15-tool", "--reader", PcscStack.reader, "--list-certificates");
        assertEquals(0, certs.code, certs.out);
        for (String label : new String[] {"User Authentication Certificate", "Digital Signature Certificate",
                "User Authentication Certificate CA", "Digital Signature Certificate CA"}) {
            assertTrue(certs.out.contains("[" + label + "]"), label + ":\n" + certs.out);
        }
        Result pins = run("pkcs15-tool", "--reader", PcscStack.reader, "--list-pins");
        assertEquals(0, pins.code, pins.out);
        List<String> tries = new ArrayList<>();
        Matcher m = Pattern.compile("PIN \\[(.+?)\\][\\s\\S]*?Tries left\\s*:\\s*(\\d+)").matcher(pins.out);
        while (m.find()) {
            tries.add(m.group(1) + "=" + m.group(2));
        }
        assertEquals(List.of("User Authentication PIN=2", "Digital Signature PIN=5"), tries, pins.out);
        assertEquals(2, emulator.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void pkcs15ToolReadsTheAuthenticationCertificateByteForByte() throws Exception {
        Path pem = dir.resolve("auth.pem");
        Result r = run("pkcs15-tool", "--reader", PcscStack.reader, "--read-certificate", "01", "--output", pem.toString());
        assertEquals(0, r.code, r.out);
        X509Certificate read = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        assertArrayEquals(emulator.certificate(JpkiCertificate.AUTHENTICATION).getEncoded(), read.getEncoded());
    }

    @Test
    void pkcs11ToolSignsWithTheAuthenticationKeyAndOpensslVerifies() throws Exception {
        Path data = dir.resolve("data.txt");
        Files.writeString(data, "signed through OpenSC's PKCS#11 module\n");
        Path sig = dir.resolve("data.sig");
        Result signed = run("pkcs11-tool", "--module", module(), "--slot", authSlot(), "--login", "--pin",
                MynaCardEmulator.DEFAULT_USER_PIN, "--sign", "--mechanism", "SHA256-RSA-PKCS", "--input-file",
                data.toString(), "--output-file", sig.toString());
        assertEquals(0, signed.code, signed.out);
        // the public key of the authentication certificate as OpenSC reads it out
        Path pem = dir.resolve("auth.pem");
        assertEquals(0, run("pkcs15-tool", "--reader", PcscStack.reader, "--read-certificate", "01", "--output",
                pem.toString()).code);
        Path pub = dir.resolve("auth.pub");
        Result key = run("openssl", "x509", "-in", pem.toString(), "-pubkey", "-noout", "-out", pub.toString());
        assertEquals(0, key.code, key.out);
        Result verified = run("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(),
                data.toString());
        assertEquals(0, verified.code, verified.out);
        assertTrue(verified.out.contains("Verified OK"), verified.out);
        // and the JDK agrees
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(emulator.certificate(JpkiCertificate.AUTHENTICATION));
        v.update(Files.readAllBytes(data));
        assertTrue(v.verify(Files.readAllBytes(sig)));
    }

    @Test
    void aWrongPinThroughPkcs11ToolSpendsExactlyOneAttempt() throws Exception {
        Result r = run("pkcs11-tool", "--module", module(), "--slot", authSlot(), "--login", "--pin", "1111",
                "--sign", "--mechanism", "SHA256-RSA-PKCS", "--input-file", "/dev/null", "--output-file",
                dir.resolve("x.sig").toString());
        assertTrue(r.code != 0 && r.out.contains("CKR_PIN_INCORRECT"), r.out);
        assertEquals(2, emulator.remainingAttempts(PinKind.USER_AUTH));
        try (MynaCard card = MynaCard.open(PcscStack.openVirtualReader())) {
            assertEquals(2, card.pinStatus(PinKind.USER_AUTH).remaining());
        }
    }
}
