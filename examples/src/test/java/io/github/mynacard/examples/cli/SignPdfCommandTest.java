package io.github.mynacard.examples.cli;

import io.github.mynacard.signing.SamplePdf;
import io.github.mynacard.signing.ExternalTool;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import io.github.mynacard.signing.PdfSignatureVerification;
import io.github.mynacard.signing.PdfVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sign-pdf}: a PAdES baseline-B signature, checked by the signing module, by verify-signature and by pdfsig. */
class SignPdfCommandTest extends CliTestBase {

    static final String PDFSIG_VALID = "Signature Validation: Signature is Valid.";

    @Test
    void signsIntoINSignedPdfAndKeepsTheOriginal() throws Exception {
        newCard().close();
        Path in = SamplePdf.create(tmp.resolve("form.pdf"));
        byte[] original = Files.readAllBytes(in);
        Result r = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--card", card.toString(), "--pin-stdin", "--reason", "test");
        assertEquals(0, r.code(), r.err());
        Path out = tmp.resolve("form-signed.pdf");
        assertTrue(r.out().contains(out.toString()), r.out());
        assertArrayEquals(original, Files.readAllBytes(in));
        List<PdfSignatureVerification> v = PdfVerifier.verify(out);
        assertEquals(1, v.size());
        assertEquals("ETSI.CAdES.detached", v.get(0).subFilter());
        assertEquals(loadCard().certificate(JpkiCertificate.SIGNING), v.get(0).signerCertificate());
        assertTrue(v.get(0).coversWholeDocument());
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void refusesANonPdfAndTheInputAsOutput() throws Exception {
        newCard().close();
        Path txt = Files.writeString(tmp.resolve("not.pdf"), "hello");
        Result r = stdin("MYNA2026\n", "sign-pdf", txt.toString(), "--out", tmp.resolve("o.pdf").toString(), "--card",
                card.toString(), "--pin-stdin");
        assertEquals(2, r.code(), r.err());
        Path in = SamplePdf.create(tmp.resolve("a.pdf"));
        Result same = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--out", in.toString(), "--card", card.toString(),
                "--pin-stdin");
        assertEquals(2, same.code());
        assertTrue(same.err().contains("must not be the input"), same.err());
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void pdfsigReportsAValidSignatureAndAnInvalidOneAfterOneByteChanges() throws Exception {
        ExternalTool.require("pdfsig", "poppler-utils");
        newCard().close();
        Path in = SamplePdf.create(tmp.resolve("doc.pdf"));
        Path out = tmp.resolve("signed.pdf");
        Result r = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--out", out.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        ExternalTool.Run ok = ExternalTool.run("pdfsig", out.toString());
        assertTrue(ok.output().contains(PDFSIG_VALID), ok.output());
        assertTrue(ok.output().contains("ETSI.CAdES.detached"), ok.output());

        byte[] tampered = Files.readAllBytes(out);
        int at = SamplePdf.textOffset(tampered);
        assertTrue(at > 0);
        tampered[at] = 'M';
        Path bad = tmp.resolve("tampered.pdf");
        Files.write(bad, tampered);
        ExternalTool.Run ko = ExternalTool.run("pdfsig", bad.toString());
        assertFalse(ko.output().contains(PDFSIG_VALID), ko.output());
        assertTrue(ko.output().contains("Digest Mismatch"), ko.output());
    }
}
