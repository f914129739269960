package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.mock.BackOfficeServer;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A signature made while the signer's certificate was outside its validity gets the same verdict
 * in a CMS and in a PDF, from the judging verifiers and from the plain ones: not valid, with the
 * certificate's date and the signing time it was judged at.
 */
class ExpiredCertificateVerdictTest {

    private static final byte[] CONTENT = "契約書\n".getBytes(StandardCharsets.UTF_8);

    /** A card whose certificates were issued in 2019 and expired in 2024. */
    private static MynaCardEmulator expiredCard() {
        return MynaCardEmulator.builder().certificateIssueDate(LocalDate.of(2019, 6, 1)).build();
    }

    private static X509Certificate signing(MynaCardEmulator m) {
        return m.certificate(JpkiCertificate.SIGNING);
    }

    @Test
    void cmsAndPdfSignedAfterTheCertificateExpiredAreBothNotValid() throws Exception {
        MynaCardEmulator m = expiredCard();
        Instant expired = signing(m).getNotAfter().toInstant();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertTrue(expired.isBefore(now), "the test card's certificate has expired");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        byte[] p7s = UncheckedSigner.cms(m, CONTENT, clock);
        byte[] pdf = UncheckedSigner.pdf(m, SamplePdf.create(), clock);

        SignatureVerification cms = CmsVerifier.verify(CONTENT, p7s, VerificationOptions.defaults());
        SignatureVerification pades = PdfVerifier.verify(pdf, VerificationOptions.defaults()).get(0);
        String expected = "the signing certificate had expired on " + expired + ", before the claimed signing time " + now;
        for (SignatureVerification v : List.of(cms, pades)) {
            assertEquals(SignatureVerification.Verdict.CERTIFICATE_EXPIRED_AT_SIGNING, v.verdict(), v.toString());
            assertFalse(v.valid());
            assertEquals(expected, v.detail());
        }

        // the plain verifiers agree, in the same words
        SignatureVerificationException c = assertThrows(SignatureVerificationException.class,
                () -> CmsVerifier.verifyDetached(CONTENT, p7s));
        SignatureVerificationException p = assertThrows(SignatureVerificationException.class, () -> PdfVerifier.verify(pdf));
        assertEquals(expected, c.getMessage());
        assertEquals(expected, p.getMessage());
    }

    @Test
    void cmsAndPdfClaimedBeforeTheCertificateBeganAreBothNotValid() throws Exception {
        try (CardFixture f = new CardFixture()) {
            Instant begins = f.signingCertificate().getNotBefore().toInstant();
            Instant before = begins.minus(Duration.ofDays(3));
            Clock early = Clock.fixed(before, ZoneOffset.UTC);
            byte[] p7s = UncheckedSigner.cms(f.emulator, CONTENT, early);
            byte[] pdf = UncheckedSigner.pdf(f.emulator, SamplePdf.create(), early);
            String expected = "the signing certificate was not yet valid at the claimed signing time " + before
                    + ": its validity begins on " + begins;
            SignatureVerification cms = CmsVerifier.verify(CONTENT, p7s, VerificationOptions.defaults());
            SignatureVerification pades = PdfVerifier.verify(pdf, VerificationOptions.defaults()).get(0);
            for (SignatureVerification v : List.of(cms, pades)) {
                assertEquals(SignatureVerification.Verdict.CERTIFICATE_EXPIRED_AT_SIGNING, v.verdict(), v.toString());
                assertEquals(expected, v.detail());
            }
            assertEquals(expected, assertThrows(SignatureVerificationException.class,
                    () -> CmsVerifier.verifyDetached(CONTENT, p7s)).getMessage());
            assertEquals(expected, assertThrows(SignatureVerificationException.class, () -> PdfVerifier.verify(pdf)).getMessage());
        }
    }

    @Test
    void aTimestampAfterTheExpiryIsTheSigningTime() throws Exception {
        MynaCardEmulator m = expiredCard();
        JpkiBackOffice office = JpkiBackOffice.of(m);
        try (BackOfficeServer server = BackOfficeServer.start(office, 0)) {
            TsaClient tsa = TsaClient.of(server.tsaUrl()).withTimeout(Duration.ofSeconds(2))
                    .withTrustAnchors(List.of(office.tsaRoot()));
            // the claimed time lies within the validity; the time-stamp shows when the signature really existed
            Instant inside = signing(m).getNotAfter().toInstant().minus(Duration.ofDays(30));
            byte[] p7s = UncheckedSigner.cms(m, CONTENT, Clock.fixed(inside, ZoneOffset.UTC), tsa);
            SignatureVerification v = CmsVerifier.verify(CONTENT, p7s, VerificationOptions.defaults()
                    .withTrustAnchors(List.of(office.tsaRoot(), office.certificateAuthority(io.github.mynacard.JpkiKey.SIGNING))));
            assertEquals(SignatureVerification.Verdict.CERTIFICATE_EXPIRED_AT_SIGNING, v.verdict(), v.toString());
            assertEquals("the signing certificate had expired on " + signing(m).getNotAfter().toInstant()
                    + ", before the time-stamped signing time " + v.trustedSigningTime(), v.detail());
        }
    }

    @Test
    void aClaimedTimeWithinTheValidityStaysValidAfterTheCertificateExpired() throws Exception {
        MynaCardEmulator m = expiredCard();
        Instant inside = signing(m).getNotAfter().toInstant().minus(Duration.ofDays(30));
        Clock clock = Clock.fixed(inside, ZoneOffset.UTC);
        byte[] p7s = UncheckedSigner.cms(m, CONTENT, clock);
        byte[] pdf = UncheckedSigner.pdf(m, SamplePdf.create(), clock);
        assertTrue(CmsVerifier.verify(CONTENT, p7s, VerificationOptions.defaults()).valid());
        assertTrue(PdfVerifier.verify(pdf, VerificationOptions.defaults()).get(0).valid());
        CmsVerifier.verifyDetached(CONTENT, p7s);
        PdfVerifier.verify(pdf);
    }
}
