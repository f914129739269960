package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detached CMS signature as OpenSSL sees it: accepted with the emulator's signing root, rejected after one byte changes. */
class CmsOpenSslTest {

    @BeforeEach
    void needsOpenSsl() {
        ExternalTool.require("openssl", "openssl");
    }

    @Test
    void opensslAcceptsTheSignatureAndRejectsATamperedFile(@TempDir Path dir) throws Exception {
        Path content = dir.resolve("document.txt");
        Path sig = dir.resolve("document.txt.p7s");
        Path root = dir.resolve("signing-root.pem");
        Files.write(content, "申請書 / application form\n".repeat(50).getBytes(StandardCharsets.UTF_8));
        try (CardFixture f = new CardFixture()) {
            Files.write(sig, CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider)
                    .addCertificate(f.signingRoot()).build().sign(content));
            ExternalTool.writePem(root, f.signingRoot());
        }
        ExternalTool.keep(content, sig, root);

        ExternalTool.Run ok = verify(content, sig, root);
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("Verification successful"), ok.output());

        byte[] bytes = Files.readAllBytes(content);
        bytes[10] ^= 0x01;
        Files.write(content, bytes);
        ExternalTool.Run bad = verify(content, sig, root);
        assertNotEquals(0, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("Verification failure"), bad.output());
    }

    @Test
    void opensslRejectsAnUnrelatedRoot(@TempDir Path dir) throws Exception {
        Path content = dir.resolve("document.txt");
        Path sig = dir.resolve("document.txt.p7s");
        Path root = dir.resolve("auth-root.pem");
        Files.writeString(content, "hello");
        try (CardFixture f = new CardFixture()) {
            Files.write(sig, CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build().sign(content));
            ExternalTool.writePem(root, f.emulator.authenticationRootCertificate());
        }
        ExternalTool.Run bad = verify(content, sig, root);
        assertNotEquals(0, bad.exitCode(), bad.output());
    }

    private static ExternalTool.Run verify(Path content, Path sig, Path caFile) throws Exception {
        return ExternalTool.run("openssl", "cms", "-verify", "-binary", "-content", content.toString(), "-inform", "DER",
                "-in", sig.toString(), "-CAfile", caFile.toString(), "-purpose", "any", "-out", "/dev/null");
    }
}
