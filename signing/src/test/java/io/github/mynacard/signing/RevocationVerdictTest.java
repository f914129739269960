package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationReason;
import org.junit.jupiter.api.Test;

/** Verdicts after the signer's certificate is revoked, and the check before signing. */
class RevocationVerdictTest {

    @Test
    void revocationAfterATimestampLeavesTheSignatureStanding() throws Exception {
        try (BackOfficeFixture f = new BackOfficeFixture()) {
            byte[] content = "contract".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] lta = f.pdf().level(SignatureLevel.B_LTA).timestamps(f.tsa()).revocation(f.checker()).build()
                    .sign(SamplePdf.create());
            byte[] bb = f.cms().build().sign(content);
            Thread.sleep(1100); // the revocation time, in whole seconds, falls after the time-stamp
            f.card.emulator.revoke(JpkiKey.SIGNING, RevocationReason.KEY_COMPROMISE);

            VerificationOptions online = VerificationOptions.defaults().withTrustAnchors(f.anchors())
                    .withRevocationChecker(RevocationChecker.of(f.ocsp()));
            SignatureVerification later = PdfVerifier.verify(lta, online).get(0);
            assertEquals(SignatureVerification.Verdict.VALID_REVOKED_LATER, later.verdict(), later.toString());
            SignatureVerification embedded = PdfVerifier.verify(lta, VerificationOptions.defaults()).get(0);
            assertEquals(SignatureVerification.Verdict.VALID, embedded.verdict(), embedded.toString());

            SignatureVerification revoked = CmsVerifier.verify(content, bb, online);
            assertEquals(SignatureVerification.Verdict.REVOKED, revoked.verdict(), revoked.toString());

            PreflightException e = assertThrows(PreflightException.class, () -> f.cms().revocation(f.checker()).build().sign(content));
            assertEquals(PreflightException.Reason.CERTIFICATE_REVOKED, e.reason());
        }
    }

    @Test
    void cmsAndPdfAgreeOnACertificateNotValidAtTheClaimedTime() throws Exception {
        try (CardFixture f = new CardFixture()) {
            java.time.Instant before = f.signingCertificate().getNotBefore().toInstant().minusSeconds(86400);
            // a signature whose claimed time predates the certificate: made by a signer without the check
            java.time.Clock early = java.time.Clock.fixed(before, java.time.ZoneOffset.UTC);
            byte[] content = "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            CmsSigner.Builder b = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).clock(early)
                    .skipPreflight();
            byte[] p7s = b.build().sign(content);
            assertEquals(SignatureVerification.Verdict.CERTIFICATE_EXPIRED_AT_SIGNING,
                    CmsVerifier.verify(content, p7s, VerificationOptions.defaults()).verdict());
        }
    }
}
