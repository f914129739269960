package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed PDF as poppler's {@code pdfsig} sees it. pdfsig does not trust the emulator's test
 * root (it uses the NSS database), so only its signature-validation line is asserted, not the
 * certificate-validation line.
 */
class PdfPdfsigTest {

    static final String VALID = "Signature Validation: Signature is Valid.";

    @BeforeEach
    void needsPdfsig() {
        ExternalTool.require("pdfsig", "poppler-utils");
    }

    @Test
    void pdfsigReportsAValidSignatureAndAnInvalidOneAfterOneByteChanges(@TempDir Path dir) throws Exception {
        byte[] signed;
        try (CardFixture f = new CardFixture()) {
            signed = PdfSignerTest.signedSample(f);
        }
        Path good = dir.resolve("signed.pdf");
        Files.write(good, signed);
        ExternalTool.Run ok = ExternalTool.run("pdfsig", good.toString());
        assertTrue(ok.output().contains(VALID), ok.output());
        assertTrue(ok.output().contains("ETSI.CAdES.detached"), ok.output());
        assertTrue(ok.output().contains("Total document signed"), ok.output());

        byte[] tampered = signed.clone();
        int at = SamplePdf.textOffset(tampered);
        assertTrue(at > 0);
        tampered[at] = 'J';
        Path bad = dir.resolve("tampered.pdf");
        Files.write(bad, tampered);
        ExternalTool.Run ko = ExternalTool.run("pdfsig", bad.toString());
        assertFalse(ko.output().contains(VALID), ko.output());
        assertTrue(ko.output().contains("Signature Validation: Digest Mismatch."), ko.output());
        ExternalTool.keep(good, bad);
    }
}
