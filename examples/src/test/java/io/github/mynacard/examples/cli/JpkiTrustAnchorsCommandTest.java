package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.cert.ChainValidationException;
import io.github.mynacard.cert.ChainValidator;
import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code --trust-anchors jpki}: the built-in J-LIS CA certificates, which never trust anything an
 * emulated card made; a folder named {@code jpki} is still reachable by its path.
 */
class JpkiTrustAnchorsCommandTest extends CliTestBase {

    private static final String ORIGIN = "https://service.example";

    @Test
    void theEmulatorsCertificatesDoNotValidateAgainstTheJlisCertificates() throws Exception {
        try (MynaCardEmulator e = newCard()) {
            ChainValidator v = ChainValidator.of(TrustAnchors.jpki());
            for (JpkiCertificate which : JpkiCertificate.values()) {
                ChainValidationException x = assertThrows(ChainValidationException.class, () -> v.validate(e.certificate(which)),
                        which.toString());
                assertEquals(ChainValidationException.Reason.NO_ISSUER_FOUND, x.reason());
                assertTrue(x.getMessage().startsWith("the certificate is from an emulated card"), x.getMessage());
            }
        }
    }

    @Test
    void certShowOfAnEmulatedCardIsNotTrustedAndSaysWhy() throws Exception {
        newCard().close();
        for (String which : new String[] {"auth", "auth-ca"}) {
            Result r = run("cert", "show", which, "--trust-anchors", "jpki", "--card", card.toString());
            assertEquals(ExitCodes.NOT_TRUSTED, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("Chain:       NOT VALID: the certificate is from an emulated card"), r.out());
            assertTrue(r.out().contains("not issued by J-LIS"), r.out());
            assertTrue(r.out().contains("emulator services --trust-out DIR"), r.out());
            assertTrue(r.err().contains("mynacard: error: the certificate's chain does not validate against --trust-anchors: "
                    + "the certificate is from an emulated card"), r.err());
            assertNoInternalNames(r);
        }
        Result json = stdin(MynaCardEmulator.DEFAULT_SIGNING_PIN + "\n", "cert", "show", "signing", "--trust-anchors", "jpki",
                "--card", card.toString(), "--pin-stdin", "--json");
        assertEquals(ExitCodes.NOT_TRUSTED, json.code(), json.out() + json.err());
        assertTrue(json.out().startsWith("{\"ok\":false,\"command\":\"cert show\",\"exitCode\":9,\"reason\":\"not_trusted\""),
                json.out());
        assertTrue(json.out().contains("\"chain\":{\"checked\":true,\"valid\":false,\"detail\":\"the certificate is from an "
                + "emulated card"), json.out());
        assertNoInternalNames(json);
    }

    @Test
    void theEmulatorsOwnCaValidatesWhatJpkiRefuses() throws Exception {
        newCard().close();
        // a folder that happens to be named jpki, given by its path: read as a folder
        Path folder = Files.createDirectories(tmp.resolve("jpki"));
        Result export = run("cert", "export", "auth-ca", "--out", folder.resolve("auth-ca.pem").toString(), "--card", card.toString());
        assertEquals(0, export.code(), export.err());
        Result ok = run("cert", "show", "auth", "--trust-anchors", folder.toString(), "--card", card.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("Chain:       VALID: up to the anchor OU=mynacard test CA"), ok.out());
    }

    @Test
    void theWordJpkiAloneMeansTheBuiltInCertificatesAndDotSlashMeansAFolder() throws Exception {
        StringWriter err = new StringWriter();
        TrustAnchors a = CertificateChecks.anchors(Path.of("jpki"), new PrintWriter(err, true));
        assertEquals(TrustAnchors.jpki(), a);
        CliException x = assertThrows(CliException.class, () -> CertificateChecks.anchors(Path.of("./jpki"), new PrintWriter(err)));
        assertEquals(ExitCodes.BAD_INPUT, x.exitCode());
        assertTrue(x.getMessage().contains("no such folder: ./jpki"), x.getMessage());
    }

    @Test
    void verifySignatureOfAnEmulatedCardsSignatureIsNotTrusted() throws Exception {
        newCard().close();
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "contract text\n");
        Result s = stdin(MynaCardEmulator.DEFAULT_SIGNING_PIN + "\n", "sign", "--cms", doc.toString(), "--card", card.toString(),
                "--pin-stdin");
        assertEquals(0, s.code(), s.err());
        Result r = run("verify-signature", doc.toString(), "--trust-anchors", "jpki");
        assertEquals(ExitCodes.NOT_TRUSTED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Chain:     NOT VALID: the certificate is from an emulated card"), r.out());
        assertTrue(r.out().contains("not issued by J-LIS"), r.out());
        assertNoInternalNames(r);
    }

    @Test
    void authVerifyOfAnEmulatedCardsAnswerIsNotTrusted() throws Exception {
        newCard().close();
        String nonce = run("auth-challenge").out().strip();
        Path response = tmp.resolve("response.txt");
        Result signed = stdin(MynaCardEmulator.DEFAULT_USER_PIN + "\n", "auth-sign", "--origin", ORIGIN, "--nonce", nonce, "--out",
                response.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, signed.code(), signed.err());
        Result r = run("auth-verify", "--origin", ORIGIN, "--response", response.toString(), "--nonce", nonce, "--trust-anchors",
                "jpki");
        assertEquals(ExitCodes.NOT_TRUSTED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("the certificate is from an emulated card"), r.out());
        assertTrue(r.out().contains("not by J-LIS"), r.out());
        assertTrue(r.out().contains("the emulator's own CA certificates"), r.out());
    }

    @Test
    void theHelpOfEachCommandNamesTheWord() {
        for (String[] command : new String[][] {{"cert", "show"}, {"verify-signature"}, {"auth-verify"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Result help = run(args);
            String text = help.out().replaceAll("\\s+", " ");
            assertTrue(text.contains("The word jpki means the built-in J-LIS CA certificates"), String.join(" ", command) + ": " + help.out());
            assertTrue(text.contains("given as ./jpki)"), String.join(" ", command) + ": " + help.out());
        }
    }

    private static void assertNoInternalNames(Result r) {
        for (String s : new String[] {"NO_ISSUER_FOUND", "Exception", "io.github", "X509"}) {
            assertFalse(r.out().contains(s), s + " in " + r.out());
            assertFalse(r.err().contains(s), s + " in " + r.err());
        }
    }
}
