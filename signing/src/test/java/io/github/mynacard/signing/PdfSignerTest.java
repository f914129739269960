package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PAdES baseline-B signatures made with the emulated card through the JCA provider. */
class PdfSignerTest {

    /** A fixed second within the emulated certificate's validity (it is issued on the day the card is made). */
    private static final Instant NOW = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    static byte[] signedSample(CardFixture f) throws Exception {
        return PdfSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).caCertificate(f.signingRoot())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).reason("承認 / approval").location("東京").build()
                .sign(SamplePdf.create());
    }

    @Test
    void signedPdfVerifies() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] signed = signedSample(f);
            List<PdfSignatureVerification> results = PdfVerifier.verify(signed);
            assertEquals(1, results.size());
            PdfSignatureVerification r = results.get(0);
            assertEquals(f.signingCertificate(), r.signerCertificate());
            assertEquals("ETSI.CAdES.detached", r.subFilter());
            assertEquals(NOW, r.signingTime());
            assertTrue(r.coversWholeDocument());
            assertEquals(1, f.prompts);
        }
    }

    @Test
    void theSignatureIsAnIncrementalUpdateWithAByteRangeAroundContents() throws Exception {
        byte[] original = SamplePdf.create();
        try (CardFixture f = new CardFixture()) {
            byte[] signed = PdfSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build().sign(original);
            assertArrayEquals(original, Arrays.copyOf(signed, original.length));
            try (PDDocument doc = Loader.loadPDF(signed)) {
                PDSignature s = doc.getLastSignatureDictionary();
                assertEquals("Adobe.PPKLite", s.getFilter());
                assertEquals("ETSI.CAdES.detached", s.getSubFilter());
                assertNull(s.getName(), "no personal data in the signature dictionary");
                int[] br = s.getByteRange();
                assertEquals(0, br[0]);
                assertEquals(signed.length, br[2] + br[3]);
                assertEquals('<', signed[br[1]]);
                assertEquals('>', signed[br[2] - 1]);

                // /Contents is the DER SignedData followed by the zero padding of the reserved space
                ContentInfo cms;
                try (ASN1InputStream in = new ASN1InputStream(s.getContents())) {
                    cms = ContentInfo.getInstance(in.readObject());
                }
                SignerInformation si = new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
                assertNull(si.getSignedAttributes().get(CMSAttributes.signingTime), "PAdES: no signing-time attribute");
                assertNotNull(si.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
                assertNotNull(si.getSignedAttributes().get(CMSAttributes.contentType));
                assertNotNull(si.getSignedAttributes().get(CMSAttributes.messageDigest));
            }
        }
    }

    @Test
    void oneChangedByteInTheSignedRangeFails() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] signed = signedSample(f);
            int at = SamplePdf.textOffset(signed);
            assertTrue(at > 0);
            signed[at] = 'J';
            assertThrows(SignatureVerificationException.class, () -> PdfVerifier.verify(signed));
        }
    }

    @Test
    void bytesAppendedAfterTheSignatureAreRefused() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] signed = signedSample(f);
            byte[] longer = Arrays.copyOf(signed, signed.length + 9);
            System.arraycopy("\n% extra\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, longer, signed.length, 9);
            SignatureVerificationException e = assertThrows(SignatureVerificationException.class, () -> PdfVerifier.verify(longer));
            assertTrue(e.getMessage().contains("end of the file"), e.getMessage());
        }
    }

    @Test
    void anUnsignedPdfHasNoSignature() {
        assertThrows(SignatureVerificationException.class, () -> PdfVerifier.verify(SamplePdf.create()));
    }

    @Test
    void signsFilesOnDisk(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pdf");
        Path out = dir.resolve("out.pdf");
        Files.write(in, SamplePdf.create());
        try (CardFixture f = new CardFixture()) {
            PdfSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build().sign(in, out);
            assertEquals(f.signingCertificate(), PdfVerifier.verify(out).get(0).signerCertificate());
        }
    }

    @Test
    void aWrongPasswordIsASigningExceptionWithTheCardCause() throws Exception {
        try (CardFixture f = new CardFixture("WRONG999")) {
            PdfSigner signer = PdfSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build();
            SigningException e = assertThrows(SigningException.class, () -> signer.sign(SamplePdf.create()));
            assertNotNull(e.cardCause());
        }
    }
}
