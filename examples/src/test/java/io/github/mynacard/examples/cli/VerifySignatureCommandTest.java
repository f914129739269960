package io.github.mynacard.examples.cli;

import java.util.List;

import io.github.mynacard.signing.SamplePdf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@code verify-signature}: CMS and PDF, holder name on request, validity, chain against --trust-anchors, exit codes 0/8/9. */
class VerifySignatureCommandTest extends CliTestBase {

    private Path doc;

    private void signedDocument() throws Exception {
        doc = Files.writeString(tmp.resolve("doc.txt"), "contract text\n");
        Result s = stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, s.code(), s.err());
    }

    /** A folder holding one certificate exported from the card. */
    private Path anchors(String which) {
        Path dir = tmp.resolve("anchors-" + which);
        dir.toFile().mkdirs();
        Result r = run("cert", "export", which, "--out", dir.resolve(which + ".pem").toString(), "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        return dir;
    }

    @Test
    void aGoodCmsSignatureIsValidAndTheHolderIsHiddenUnlessAsked() throws Exception {
        newCard().close();
        signedDocument();
        Result r = run("verify-signature", doc.toString(), "--sig", doc + ".p7s");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Signature: VALID"), r.out());
        assertTrue(r.out().contains("Validity:  valid until"), r.out());
        assertTrue(r.out().contains("Chain:     not checked"), r.out());
        assertFalse(r.out().contains(MynaCardEmulator.DEFAULT_NAME), r.out());

        Result holder = run("verify-signature", doc.toString(), "--show-holder");
        assertEquals(0, holder.code(), holder.err());
        assertTrue(holder.out().contains("Holder:    " + MynaCardEmulator.DEFAULT_NAME), holder.out());
    }

    @Test
    void aChangedFileIsInvalidWithExitCode8() throws Exception {
        newCard().close();
        signedDocument();
        Files.writeString(doc, "contract texT\n");
        Result r = run("verify-signature", doc.toString(), "--sig", doc + ".p7s");
        assertEquals(ExitCodes.SIGNATURE_INVALID, r.code());
        assertTrue(r.err().contains("signature NOT valid"), r.err());
        Result json = run("verify-signature", doc.toString(), "--json");
        assertEquals(8, json.code());
        assertTrue(json.out().startsWith("{\"ok\":false,\"command\":\"verify-signature\",\"exitCode\":8,"), json.out());
    }

    @Test
    void theChainIsValidatedAgainstTrustAnchors() throws Exception {
        newCard().close();
        signedDocument();
        Result good = run("verify-signature", doc.toString(), "--trust-anchors", anchors("signing-ca").toString(), "--json");
        assertEquals(0, good.code(), good.err());
        assertTrue(good.out().contains("\"chain\":{\"checked\":true,\"valid\":true"), good.out());
        assertTrue(good.out().contains("\"signatureValid\":true"), good.out());
        assertFalse(good.out().contains("\"holder\""), good.out());

        Result wrong = run("verify-signature", doc.toString(), "--trust-anchors", anchors("auth-ca").toString());
        assertEquals(ExitCodes.NOT_TRUSTED, wrong.code(), wrong.err());
        assertTrue(wrong.out().contains("Chain:     NOT VALID: no trusted issuer found"), wrong.out());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Result none = run("verify-signature", doc.toString(), "--trust-anchors", empty.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--trust-anchors"), none.err());
    }

    @Test
    void aSignerCertificateExpiringWithin90DaysIsReported() throws Exception {
        // the certificate expires on the holder's 5th birthday after issue: make that birthday 30 days away
        LocalDate expiry = LocalDate.now(Names.JAPAN).plusDays(30);
        MynaCardEmulator.builder().stateFile(card).birthDate(expiry.minusYears(40))
                .certificateIssueDate(expiry.minusYears(5).plusDays(1)).build().close();
        signedDocument();
        Result r = run("verify-signature", doc.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"validity\":{\"status\":\"expiring_soon\",\"notAfter\":\"" + expiry + "\""), r.out());
        Result text = run("verify-signature", doc.toString());
        assertTrue(text.out().contains("Validity:  EXPIRES SOON: valid until " + expiry), text.out());
    }

    @Test
    void anExpiredSigningCertificateIsRefusedBeforeThePasswordAndNothingIsSent() throws Exception {
        MynaCardEmulator.builder().stateFile(card).certificateIssueDate(LocalDate.of(2015, 1, 10)).build().close();
        doc = Files.writeString(tmp.resolve("doc.txt"), "contract text\n");
        Path in = SamplePdf.create(tmp.resolve("in.pdf"));
        Result cms = stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--card", card.toString(), "--pin-stdin");
        Result pdf = stdin("MYNA2026\n", "sign-pdf", in.toString(), "--card", card.toString(), "--pin-stdin");
        for (Result r : List.of(cms, pdf)) {
            assertEquals(ExitCodes.NOT_TRUSTED, r.code(), r.err());
            assertTrue(r.err().contains("expired on 2019-04-01") && r.err().contains("nothing was sent to the card"), r.err());
        }
        assertFalse(Files.exists(Path.of(doc + ".p7s")));
        assertFalse(Files.exists(tmp.resolve("in-signed.pdf")));
        try (MynaCardEmulator e = MynaCardEmulator.load(card)) {
            assertEquals(5, e.remainingAttempts(io.github.mynacard.PinKind.SIGNING));
        }
        Result show = run("cert", "show", "auth", "--card", card.toString());
        assertTrue(show.out().contains("Status:      EXPIRED on 2019-04-01"), show.out());
    }

    @Test
    void aSignedPdfIsDetectedByItsExtensionAndChecked() throws Exception {
        newCard().close();
        Path in = SamplePdf.create(tmp.resolve("in.pdf"));
        Path out = tmp.resolve("out.pdf");
        assertEquals(0, stdin("MYNA2026\n", "sign-pdf", in.toString(), "--out", out.toString(), "--card", card.toString(),
                "--pin-stdin").code());
        Result r = run("verify-signature", out.toString(), "--trust-anchors", anchors("signing-ca").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 PDF signature(s)"), r.out());
        assertTrue(r.out().contains("SubFilter: ETSI.CAdES.detached"), r.out());
        assertTrue(r.out().contains("Covers:    the whole document"), r.out());

        Path renamed = Files.copy(out, tmp.resolve("signed.bin"));
        assertEquals(0, run("verify-signature", "--pdf", renamed.toString()).code());

        byte[] tampered = Files.readAllBytes(out);
        tampered[SamplePdf.textOffset(tampered)] = 'M';
        Files.write(out, tampered);
        Result bad = run("verify-signature", out.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, bad.code(), bad.out());

        Result unsigned = run("verify-signature", in.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, unsigned.code());
        assertTrue(unsigned.err().contains("no signature"), unsigned.err());
    }

    @Test
    void badInputIsRefused() throws Exception {
        Path plain = Files.writeString(tmp.resolve("plain.txt"), "x");
        Result noSig = run("verify-signature", plain.toString());
        assertEquals(2, noSig.code());
        assertTrue(noSig.err().contains("--sig"), noSig.err());
        Result both = run("verify-signature", plain.toString(), "--pdf", "--sig", plain.toString());
        assertEquals(2, both.code());
        Result missing = run("verify-signature", tmp.resolve("nope.txt").toString());
        assertEquals(2, missing.code());
        Result garbage = run("verify-signature", plain.toString(), "--sig", plain.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, garbage.code());
    }

    @Test
    void theRawSignatureSignWritesVerifiesAndFailsAfterOneByteOfTheFileChanges() throws Exception {
        newCard().close();
        java.nio.file.Path contract = java.nio.file.Files.writeString(tmp.resolve("contract.txt"), "I agree to the terms.\n");
        assertEquals(0, stdin("MYNA2026\n", "sign", contract.toString(), "--card", card.toString(), "--pin-stdin").code());
        String sig = contract + ".sig";
        Result ok = run("verify-signature", contract.toString(), "--sig", sig, "--card", card.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("Signature: VALID (raw SHA256withRSA"), ok.out());
        // the signer's certificate from a file, as for a card in a reader
        java.nio.file.Path cert = tmp.resolve("signing.pem");
        assertEquals(0, stdin("MYNA2026\n", "cert", "export", "signing", "--out", cert.toString(), "--card", card.toString(),
                "--pin-stdin").code());
        assertEquals(0, run("verify-signature", contract.toString(), "--sig", sig, "--cert", cert.toString()).code());
        // the authentication key's signature, found among the card's two certificates
        assertEquals(0, stdin("4821\n", "sign", contract.toString(), "--key", "auth", "--out", tmp.resolve("auth.sig").toString(),
                "--card", card.toString(), "--pin-stdin").code());
        assertEquals(0, run("verify-signature", contract.toString(), "--sig", tmp.resolve("auth.sig").toString(), "--card",
                card.toString()).code());
        byte[] b = java.nio.file.Files.readAllBytes(contract);
        b[3] ^= 0x01;
        java.nio.file.Files.write(contract, b);
        Result ko = run("verify-signature", contract.toString(), "--sig", sig, "--card", card.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, ko.code(), ko.out());
        assertEquals(1, ko.err().strip().lines().count(), ko.err());
        assertTrue(ko.err().startsWith("mynacard: error: signature NOT valid"), ko.err());
        assertEquals(ExitCodes.SIGNATURE_INVALID, run("verify-signature", contract.toString(), "--sig", sig, "--cert",
                cert.toString()).code());
    }
}
