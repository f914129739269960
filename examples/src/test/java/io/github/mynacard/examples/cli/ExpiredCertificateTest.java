package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.signing.SamplePdf;
import io.github.mynacard.signing.UncheckedSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A card whose certificates expired: status says so, and a CMS and a PDF signed with the expired
 * certificate get the same verdict from verify-signature, not valid, with the same sentence.
 */
class ExpiredCertificateTest extends CliTestBase {

    /** Certificates issued on 2019-06-01, expired on 2024-04-01 (the holder's birthday rule). */
    private MynaCardEmulator expiredCard() {
        return MynaCardEmulator.builder().stateFile(card).certificateIssueDate(LocalDate.of(2019, 6, 1)).build();
    }

    @Test
    void statusShowsTheExpiredCertificateInTextAndJson() throws Exception {
        expiredCard().close();
        Result r = run("status", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("user-authentication certificate (利用者証明用電子証明書): present, EXPIRED on 2024-04-01 (Japan)\n"),
                r.out());
        assertTrue(r.out().contains("signing certificate (署名用電子証明書): present (PIN-protected): its dates need the signing "
                + "password, see 'mynacard cert show signing'; it is normally issued and renewed with the user-authentication "
                + "certificate, which EXPIRED on 2024-04-01"), r.out());
        assertTrue(r.out().contains("signing CA certificate (署名用CA証明書): present, valid until"), r.out());
        Result j = run("status", "--card", card.toString(), "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("{\"certificate\":\"auth\",\"present\":true,\"pinProtected\":false,\"state\":\"expired\","
                + "\"expired\":true,\"notBefore\":\"2019-06-01\",\"notAfter\":\"2024-04-01\"}"), j.out());
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void statusShowsACertificateNotYetValid() throws Exception {
        LocalDate later = LocalDate.now(Names.JAPAN).plusDays(20);
        MynaCardEmulator.builder().stateFile(card).certificateIssueDate(later).build().close();
        Result r = run("status", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("user-authentication certificate (利用者証明用電子証明書): present, NOT YET VALID: valid from "
                + later + " until "), r.out());
        Result j = run("status", "--card", card.toString(), "--json");
        assertTrue(j.out().contains("\"certificate\":\"auth\",\"present\":true,\"pinProtected\":false,\"state\":\"not_yet_valid\","
                + "\"expired\":false,\"notBefore\":\"" + later + "\""), j.out());
    }

    @Test
    void aCmsAndAPdfSignedWithTheExpiredCertificateGetTheSameVerdict() throws Exception {
        MynaCardEmulator m = expiredCard();
        X509Certificate signing = m.certificate(JpkiCertificate.SIGNING);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Path doc = Files.writeString(tmp.resolve("contract.txt"), "契約書\n");
        Files.write(tmp.resolve("contract.txt.p7s"), UncheckedSigner.cms(m, Files.readAllBytes(doc), clock));
        Path pdf = Files.write(tmp.resolve("signed.pdf"), UncheckedSigner.pdf(m, Files.readAllBytes(SamplePdf.create(
                tmp.resolve("form.pdf"))), clock));
        String why = "the signing certificate had expired on " + signing.getNotAfter().toInstant()
                + ", before the claimed signing time " + now;

        Result cms = run("verify-signature", doc.toString(), "--sig", doc + ".p7s");
        Result pades = run("verify-signature", pdf.toString());
        for (Result r : new Result[] {cms, pades}) {
            assertEquals(ExitCodes.SIGNATURE_INVALID, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("Signature: NOT VALID"), r.out());
            assertTrue(r.out().contains("  Verdict:   NOT VALID: " + why + "\n"), r.out());
            assertTrue(r.out().contains("Result: NOT valid: " + why + "\n"), r.out());
            assertTrue(r.err().endsWith(": " + why + "\n"), r.err());
            assertFalse((r.out() + r.err()).contains("signingTime") || (r.out() + r.err()).contains("_AT_SIGNING"),
                    r.out() + r.err());
        }
        Result cmsJson = run("verify-signature", doc.toString(), "--sig", doc + ".p7s", "--json");
        Result pdfJson = run("verify-signature", pdf.toString(), "--json");
        for (Result r : new Result[] {cmsJson, pdfJson}) {
            assertEquals(ExitCodes.SIGNATURE_INVALID, r.code(), r.out());
            assertTrue(r.out().contains("\"verdict\":\"certificate_expired_at_signing\",\"detail\":\"" + why + "\""), r.out());
            assertTrue(r.out().contains("\"signatureValid\":false"), r.out());
        }
    }

    @Test
    void aSignatureClaimedWithinTheValidityStaysValidAfterTheExpiry() throws Exception {
        MynaCardEmulator m = expiredCard();
        Instant inside = m.certificate(JpkiCertificate.SIGNING).getNotAfter().toInstant().minus(Duration.ofDays(10));
        Clock clock = Clock.fixed(inside, ZoneOffset.UTC);
        Path doc = Files.writeString(tmp.resolve("contract.txt"), "契約書\n");
        Files.write(tmp.resolve("contract.txt.p7s"), UncheckedSigner.cms(m, Files.readAllBytes(doc), clock));
        Path pdf = Files.write(tmp.resolve("signed.pdf"), UncheckedSigner.pdf(m, Files.readAllBytes(SamplePdf.create(
                tmp.resolve("form.pdf"))), clock));
        Result cms = run("verify-signature", doc.toString(), "--sig", doc + ".p7s");
        Result pades = run("verify-signature", pdf.toString());
        for (Result r : new Result[] {cms, pades}) {
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("Signature: VALID"), r.out());
            assertTrue(r.out().contains("Validity:  EXPIRED on 2024-04-01 (Japan)"), r.out());
        }
    }

    @Test
    void aRawSignatureWithTheExpiredCertificateIsWarnedOfAndNotValid() throws Exception {
        expiredCard().close();
        Path doc = Files.writeString(tmp.resolve("contract.txt"), "契約書\n");
        Result s = stdin("MYNA2026\n", "sign", doc.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("mynacard: warning: the signing certificate (署名用電子証明書) expired on 2024-04-01; the "
                + "signature will not verify"), s.err());
        Result v = run("verify-signature", doc.toString(), "--sig", doc + ".sig", "--card", card.toString());
        assertEquals(ExitCodes.SIGNATURE_INVALID, v.code(), v.out());
        assertTrue(v.out().contains("Validity:  EXPIRED on 2024-04-01 (Japan)"), v.out());
        assertTrue(v.out().contains("Result: NOT valid: the signing certificate had expired on 2024-04-01T14:59:59Z, before "
                + "the current time "), v.out());
        assertTrue(v.out().contains("(a raw signature carries no signing time that could show it was made earlier)"), v.out());
    }

    @Test
    void signPdfAndCmsRefuseTheExpiredCertificateBeforeThePassword() throws Exception {
        expiredCard().close();
        Path doc = Files.writeString(tmp.resolve("contract.txt"), "契約書\n");
        Path pdf = SamplePdf.create(tmp.resolve("form.pdf"));
        Result cms = stdin("MYNA2026\n", "sign", "--cms", doc.toString(), "--card", card.toString(), "--pin-stdin");
        Result pades = stdin("MYNA2026\n", "sign-pdf", pdf.toString(), "--card", card.toString(), "--pin-stdin");
        for (Result r : new Result[] {cms, pades}) {
            assertEquals(ExitCodes.NOT_TRUSTED, r.code(), r.err());
            assertTrue(r.err().contains("the signing certificate expired on 2024-04-01"), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("contract.txt.p7s")));
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }
}
