package io.github.mynacard.examples.cli;

import io.github.mynacard.signing.ExternalTool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import io.github.mynacard.signing.CmsVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** {@code sign --cms}: a detached CMS made through the JCA provider, checked by the signing module and by OpenSSL. */
class SignCmsCommandTest extends CliTestBase {

    private Path document() throws Exception {
        return Files.writeString(tmp.resolve("doc.txt"), "申請書 / application form\n".repeat(20));
    }

    @Test
    void writesADetachedCmsThatVerifiesWithTheSigningCertificate() throws Exception {
        newCard().close();
        Path doc = document();
        Result r = stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("detached CMS SignedData"), r.out());
        Path p7s = tmp.resolve("doc.txt.p7s");
        X509Certificate signer = CmsVerifier.verifyDetached(doc, Files.readAllBytes(p7s));
        assertEquals(loadCard().certificate(JpkiCertificate.SIGNING), signer);
        assertNotShown(r, "MYNA2026");
        assertFalse(r.out().contains("番号"), "the holder's name is not printed");
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));

        byte[] ca = loadCard().certificate(JpkiCertificate.SIGNING_CA).getEncoded();
        assertTrue(indexOf(Files.readAllBytes(p7s), ca) >= 0, "the signing CA certificate is in the SignedData");
    }

    @Test
    void honoursOutAndJson() throws Exception {
        newCard().close();
        Path doc = document();
        Path out = tmp.resolve("custom.p7s");
        Result r = stdin("MYNA2026\n", "sign", doc.toString(), "--cms", "--out", out.toString(), "--card", card.toString(),
                "--pin-stdin", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"format\":\"cms\""), r.out());
        assertTrue(r.out().contains("\"out\":\"" + out + "\""), r.out());
        CmsVerifier.verifyDetached(doc, Files.readAllBytes(out));
        assertFalse(Files.exists(tmp.resolve("doc.txt.p7s")));
    }

    @Test
    void refusesTheAuthenticationKeyBeforeAskingAnything() throws Exception {
        newCard().close();
        Result r = stdin("4821\n", "sign", "--cms", "--key", "auth", document().toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("signing key only"), r.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void aWrongPasswordSpendsOneAttemptAndWritesNothing() throws Exception {
        newCard().close();
        Path doc = document();
        Result r = stdin("WRONG99\n", "sign", "--cms", doc.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(3, r.code(), r.err());
        assertEquals(4, loadCard().remainingAttempts(PinKind.SIGNING));
        assertFalse(Files.exists(tmp.resolve("doc.txt.p7s")));
    }

    @Test
    void theLockoutGuardRefusesTheLastAttemptWithoutATerminal() throws Exception {
        newCard().close();
        spend(PinKind.SIGNING, 4);
        Result r = stdin("MYNA2026\n", "sign", "--cms", document().toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(5, r.code(), r.err());
        assertEquals(1, loadCard().remainingAttempts(PinKind.SIGNING));
        Result allowed = stdin("MYNA2026\n", "sign", "--cms", document().toString(), "--card", card.toString(), "--pin-stdin",
                "--allow-last-attempt");
        assertEquals(0, allowed.code(), allowed.err());
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void opensslAcceptsTheSignatureAndRejectsItAfterOneByteOfTheFileChanges() throws Exception {
        ExternalTool.require("openssl", "openssl");
        newCard().close();
        Path doc = document();
        Path p7s = tmp.resolve("doc.txt.p7s");
        Path ca = tmp.resolve("ca.pem");
        assertEquals(0, stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--card", card.toString(), "--pin-stdin").code());
        Result export = run("cert", "export", "signing-ca", "--format", "pem", "--out", ca.toString(), "--card", card.toString());
        assertEquals(0, export.code(), export.err());

        ExternalTool.Run ok = openssl(doc, p7s, ca);
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("Verification successful"), ok.output());

        byte[] bytes = Files.readAllBytes(doc);
        bytes[3] ^= 0x01;
        Files.write(doc, bytes);
        ExternalTool.Run bad = openssl(doc, p7s, ca);
        assertNotEquals(0, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("Verification failure"), bad.output());
    }

    private static ExternalTool.Run openssl(Path content, Path sig, Path ca) throws Exception {
        return ExternalTool.run("openssl", "cms", "-verify", "-binary", "-content", content.toString(), "-inform", "DER",
                "-in", sig.toString(), "-CAfile", ca.toString(), "-purpose", "any", "-out", "/dev/null");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
