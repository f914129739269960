package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command's failure paths, in text and in JSON, speak the tool's own words: no Java class
 * or method name, no constant's name, no Bouncy Castle sentence (examples/README.md promises it).
 * Each command gets the failures every command can meet (an unknown option, a missing or corrupted
 * card file, a reader that is not there) and the ones of its own (a wrong, blocked or malformed
 * PIN, a file that is not there or not what it should be, a server that does not answer, a
 * signature that does not verify, a chain that does not reach the anchors).
 */
class ErrorWordsSweepTest extends CliTestBase {

    /** What the tool never shows. */
    static final Map<String, Pattern> FORBIDDEN = new LinkedHashMap<>();

    static {
        FORBIDDEN.put("a qualified Java name", Pattern.compile("\\b(java|javax|sun|jdk|org\\.bouncycastle|picocli|io\\.github)\\.[a-z]"));
        FORBIDDEN.put("an exception's class name", Pattern.compile("\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b"));
        FORBIDDEN.put("a method reference", Pattern.compile("\\b[A-Z][a-z]+[A-Z]\\w*\\.[a-z]+[A-Z]?\\w*\\("
                + "|\\b[A-Z][a-z]+[A-Z]\\w*\\.[a-z]+[A-Z]\\w*\\b"));
        FORBIDDEN.put("a constant's name", Pattern.compile("\\b(?!MYNACARD_|PCSCLITE_)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b"));
        FORBIDDEN.put("a Bouncy Castle sentence", Pattern.compile("message-digest attribute value does not match|not valid at "
                + "signingTime|verifier not valid|unable to process signature|exception (processing|on) "));
    }

    private final List<String> ran = new ArrayList<>();
    private final TreeSet<String> commandsCovered = new TreeSet<>();

    /** Runs one failure, in text and in JSON, and checks both outputs. */
    private void failure(String stdin, String... args) {
        for (boolean json : new boolean[] {false, true}) {
            String[] a = json ? java.util.Arrays.copyOf(args, args.length + 1) : args;
            if (json) {
                a[args.length] = "--json";
            }
            Result r = stdin(stdin, a);
            String what = String.join(" ", a);
            assertNotEquals(0, r.code(), what + " was meant to fail: " + r.out() + r.err());
            for (Map.Entry<String, Pattern> f : FORBIDDEN.entrySet()) {
                for (String text : new String[] {r.out(), r.err()}) {
                    Matcher m = f.getValue().matcher(text);
                    assertTrue(!m.find(), what + " shows " + f.getKey() + " '" + (m.hitEnd() ? "" : m.group()) + "': " + text);
                }
            }
            ran.add(what);
        }
        commandsCovered.add(commandOf(args));
    }

    private static String commandOf(String[] args) {
        for (String name : MynacardCli.commandNames()) {
            String[] w = name.split(" ");
            if (args.length >= w.length && java.util.Arrays.equals(java.util.Arrays.copyOf(args, w.length), w)) {
                return name;
            }
        }
        return args[0];
    }

    @Test
    void everyCommandsFailuresSpeakTheToolsOwnWords() throws Exception {
        newCard().close();
        String c = card.toString();
        Path missing = tmp.resolve("missing.state");
        Path corrupt = Files.writeString(tmp.resolve("corrupt.state"), "not a card");
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "contract\n");
        Path notPdf = Files.writeString(tmp.resolve("not.pdf"), "not a pdf");
        Path garbage = Files.writeString(tmp.resolve("garbage.txt"), "garbage\n");
        Path anchorsDir = Files.createDirectories(tmp.resolve("anchors"));
        assertEquals(0, run("cert", "export", "auth-ca", "--out", anchorsDir.resolve("auth-ca.pem").toString(), "--card", c).code());
        assertEquals(0, stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--card", c, "--pin-stdin").code());
        assertEquals(0, stdin("MYNA2026\n", "sign", doc.toString(), "--card", c, "--pin-stdin", "--out",
                tmp.resolve("doc.sig").toString()).code());
        Path changed = Files.writeString(tmp.resolve("changed.txt"), "contract, changed\n");
        Files.copy(tmp.resolve("doc.txt.p7s"), tmp.resolve("changed.txt.p7s"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        // what every command that takes a card can meet
        for (String name : MynacardCli.commandNames()) {
            String[] w = name.split(" ");
            failure("", concat(w, "--no-such-option"));
        }
        for (String[] w : new String[][] {{"status"}, {"doctor"}, {"fields", "--pin-stdin"}, {"face", "--pin-stdin"},
            {"verify", "--pin", "user", "--pin-stdin"}, {"cert", "show", "auth"}, {"cert", "export", "auth"},
            {"sign", doc.toString(), "--pin-stdin"}, {"sign-pdf", notPdf.toString(), "--pin-stdin"},
            {"change-pin", "--pin", "user", "--pin-stdin"}, {"reset-signing-pin", "--pin-stdin"},
            {"auth-sign", "--origin", "https://a.example", "--nonce", "00112233445566778899aabbccddeeff", "--pin-stdin"},
            {"login", "--url", "https://127.0.0.1:" + closedPort + "/", "--pin-stdin"}, {"self-test"},
            {"emulator", "serve", "--port", "1"}, {"emulator", "services", "--trust-out", tmp.resolve("t").toString()},
            {"emulator", "revoke", "auth"}, {"emulator", "reissue", "auth"}}) {
            failure("4821\n", concat(w, "--card", missing.toString()));
            failure("4821\n", concat(w, "--card", corrupt.toString()));
        }
        for (String[] w : new String[][] {{"status"}, {"verify", "--pin", "user", "--pin-stdin"}, {"fields", "--pin-stdin"}}) {
            failure("4821\n", concat(w, "--reader", "no such reader here"));
        }

        // PINs: malformed (also full-width), wrong, then blocked
        failure("12\n", "verify", "--pin", "user", "--pin-stdin", "--card", c);
        failure("４８２１\n", "verify", "--pin", "user", "--pin-stdin", "--card", c);
        failure("0000\n", "verify", "--pin", "resident", "--pin-stdin", "--card", c);
        failure("WRONG1\n", "sign", doc.toString(), "--pin-stdin", "--card", c, "--out", tmp.resolve("x.sig").toString());
        spend(PinKind.CARD_INFO_INPUT, 3);
        failure("7364\n", "fields", "--pin-stdin", "--card", c);
        spend(PinKind.RESIDENT_REGISTRY, 1);
        failure("0000\n", "verify", "--pin", "resident", "--pin-stdin", "--card", c);
        failure("0000\n", "face", "--pin-stdin", "--card", c, "--out-dir", tmp.resolve("face").toString());
        failure("", "verify", "--pin", "nosuch", "--pin-stdin", "--card", c);

        // files
        failure("MYNA2026\n", "sign", tmp.resolve("nope.txt").toString(), "--pin-stdin", "--card", c);
        failure("MYNA2026\n", "sign-pdf", notPdf.toString(), "--pin-stdin", "--card", c);
        failure("", "cert", "export", "auth", "--out", tmp.resolve("no/such/dir/x.pem").toString(), "--card", c);
        failure("", "cert", "export", "auth", "--format", "der", "--card", c);
        failure("", "face", "--card", c, "--out-dir", doc.toString(), "--pin-stdin");

        // signatures, chains and logins
        failure("", "verify-signature", changed.toString());
        failure("", "verify-signature", doc.toString(), "--sig", garbage.toString());
        failure("", "verify-signature", notPdf.toString());
        failure("", "verify-signature", doc.toString(), "--trust-anchors", anchorsDir.toString());
        failure("", "verify-signature", doc.toString(), "--sig", tmp.resolve("doc.sig").toString(), "--card",
                newOtherCard().toString());
        failure("", "verify-signature", doc.toString(), "--trust-anchors", "jpki");
        failure("", "verify-signature", doc.toString(), "--revocation", "ocsp:http://127.0.0.1:" + closedPort + "/");
        failure("", "cert", "show", "auth", "--trust-anchors", anchorsDir.resolve("nope").toString(), "--card", c);
        failure("", "auth-verify", "--origin", "https://a.example", "--response", garbage.toString(), "--nonce", "00",
                "--trust-anchors", anchorsDir.toString());
        failure("", "auth-verify", "--origin", "ftp://a.example", "--response", garbage.toString(), "--nonce", "00",
                "--trust-anchors", anchorsDir.toString());
        failure("", "auth-challenge", "--nonce-store", doc.toString());
        failure("4821\n", "login", "--url", "https://127.0.0.1:" + closedPort + "/", "--pin-stdin", "--card", c);
        failure("4821\n", "login", "--url", "https://no-such-host.invalid/", "--pin-stdin", "--card", c);
        failure("4821\n", "login", "--url", "not a url", "--pin-stdin", "--card", c);
        failure("", "emulator", "init", "--card", c, "--birth-date", "1990-13-01");
        failure("", "emulator", "init", "--card", tmp.resolve("n.state").toString(), "--my-number", "123");
        failure("", "emulator", "serve", "--card", c, "--host", "192.0.2.1");
        failure("", "bench", "apdus", "--no-such");
        failure("", "readers", "--no-such");
        failure("", "watch", "--count", "0");
        failure("", "watch", "--for", "soon");
        failure("", "watch", "--run", "fields");
        failure("", "nosuchcommand");

        TreeSet<String> notCovered = new TreeSet<>(MynacardCli.commandNames());
        notCovered.removeAll(commandsCovered);
        assertEquals(new TreeSet<>(), notCovered, "commands without a failure in the sweep");
        System.out.println("error-words sweep: " + ran.size() + " failing runs of " + commandsCovered.size() + " commands, "
                + "text and JSON");
    }

    private Path newOtherCard() {
        Path other = tmp.resolve("other.state");
        if (!Files.exists(other)) {
            io.github.mynacard.mock.MynaCardEmulator.builder().stateFile(other).build().close();
        }
        return other;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theLastGuardSaysJavaWordsInTheToolsWords() {
        assertEquals("cannot connect: the connection was closed", ErrorHandler.toolWords(
                "cannot connect: java.nio.channels.ClosedChannelException"));
        assertEquals("the host name could not be resolved", ErrorHandler.toolWords("UnresolvedAddressException"));
        assertEquals("use TLS 1.2 with the card", ErrorHandler.toolWords("use TLS 1.2 with the card (MynaCardTls.clientContext does)"));
        assertEquals("no issuer found: x; set MYNACARD_HOME", ErrorHandler.toolWords("NO_ISSUER_FOUND: x; set MYNACARD_HOME"));
        assertEquals("see /tmp/Contract.pdf (Report.pdf)", ErrorHandler.toolWords("see /tmp/Contract.pdf (Report.pdf)"));
    }
}
