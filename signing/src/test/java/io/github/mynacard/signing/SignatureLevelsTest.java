package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.BackOfficeServer;
import io.github.mynacard.revocation.RevocationReason;
import io.github.mynacard.revocation.RevocationStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CAdES B-T/B-LT and PAdES B-T/B-LT/B-LTA against the emulated back office, checked by our verifiers, EU DSS, OpenSSL and pdfsig. */
class SignatureLevelsTest {

    private static final byte[] CONTENT = "申請書 / application\n".repeat(40).getBytes(StandardCharsets.UTF_8);

    private static BackOfficeFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new BackOfficeFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static SimpleReport dss(byte[] signed, byte[] detached) throws Exception {
        return DssValidation.validate(signed, detached, f.anchors()).getSimpleReport();
    }

    @Test
    void cadesBtHasAVerifiedSignatureTimestamp(@TempDir Path dir) throws Exception {
        byte[] p7s = f.cms().level(SignatureLevel.B_T).timestamps(f.tsa()).build().sign(CONTENT);
        SignatureVerification v = CmsVerifier.verify(CONTENT, p7s, VerificationOptions.defaults().withTrustAnchors(f.anchors()));
        assertEquals(SignatureVerification.Level.B_T, v.level(), v.toString());
        assertEquals(SignatureVerification.Verdict.VALID, v.verdict(), v.toString());
        assertEquals(1, v.signatureTimestampTimes().size());

        Reports reports = DssValidation.validate(p7s, CONTENT, f.anchors());
        SimpleReport sr = reports.getSimpleReport();
        String id = sr.getFirstSignatureId();
        assertEquals(eu.europa.esig.dss.enumerations.SignatureLevel.CAdES_BASELINE_T, sr.getSignatureFormat(id));
        DiagnosticData dd = reports.getDiagnosticData();
        List<TimestampWrapper> ts = dd.getSignatureById(id).getTimestampList();
        assertEquals(1, ts.size());
        assertEquals(TimestampType.SIGNATURE_TIMESTAMP, ts.get(0).getType());
        assertTrue(ts.get(0).isMessageImprintDataIntact() && ts.get(0).isSignatureValid(), "DSS: the signature time-stamp verifies");

        ExternalTool.require("openssl", "openssl");
        Path content = Files.write(dir.resolve("c.txt"), CONTENT);
        Path sig = Files.write(dir.resolve("c.p7s"), p7s);
        Path ca = dir.resolve("ca.pem");
        Path tsaRoot = dir.resolve("tsa-root.pem");
        Path tsaCert = dir.resolve("tsa.pem");
        ExternalTool.writePem(ca, f.ca());
        ExternalTool.writePem(tsaRoot, f.office.tsaRoot());
        ExternalTool.writePem(tsaCert, f.office.tsaCertificate());
        ExternalTool.Run cms = ExternalTool.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(),
                "-content", content.toString(), "-CAfile", ca.toString(), "-purpose", "any", "-out", "/dev/null");
        assertEquals(0, cms.exitCode(), cms.output());
        SignerInformation si = new CMSSignedData(p7s).getSignerInfos().getSigners().iterator().next();
        byte[] token = si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken).getAttrValues()
                .getObjectAt(0).toASN1Primitive().getEncoded("DER");
        Path tok = Files.write(dir.resolve("token.der"), token);
        String digest = HexFormat.of().formatHex(DigestAlgorithm.SHA256.digest(si.getSignature()));
        ExternalTool.Run ts1 = ExternalTool.run("openssl", "ts", "-verify", "-token_in", "-in", tok.toString(), "-digest", digest,
                "-CAfile", tsaRoot.toString(), "-untrusted", tsaCert.toString());
        assertEquals(0, ts1.exitCode(), ts1.output());
        assertTrue(ts1.output().contains("Verification: OK"), ts1.output());
        String other = HexFormat.of().formatHex(DigestAlgorithm.SHA256.digest(CONTENT));
        ExternalTool.Run ts2 = ExternalTool.run("openssl", "ts", "-verify", "-token_in", "-in", tok.toString(), "-digest", other,
                "-CAfile", tsaRoot.toString(), "-untrusted", tsaCert.toString());
        assertFalse(ts2.exitCode() == 0, "the token is not over the content itself");
    }

    @Test
    void cadesBltCarriesValidationData() throws Exception {
        byte[] p7s = f.cms().level(SignatureLevel.B_LT).timestamps(f.tsa()).revocation(f.checker()).build().sign(CONTENT);
        SignatureVerification v = CmsVerifier.verify(CONTENT, p7s, VerificationOptions.defaults().withTrustAnchors(f.anchors()));
        assertEquals(SignatureVerification.Level.B_LT, v.level(), v.toString());
        assertEquals(RevocationStatus.Status.GOOD, v.revocation().status(), v.toString());
        assertEquals(SignatureVerification.Verdict.VALID, v.verdict(), v.toString());
        SimpleReport sr = dss(p7s, CONTENT);
        assertEquals(eu.europa.esig.dss.enumerations.SignatureLevel.CAdES_BASELINE_LT,
                sr.getSignatureFormat(sr.getFirstSignatureId()));
    }

    @ParameterizedTest
    @EnumSource(PdfSubFilter.class)
    void padesLevels(PdfSubFilter subFilter, @TempDir Path dir) throws Exception {
        byte[] pdf = SamplePdf.create();
        boolean pkcs7 = subFilter == PdfSubFilter.ADBE_PKCS7_DETACHED;
        for (SignatureLevel level : List.of(SignatureLevel.B_T, SignatureLevel.B_LT, SignatureLevel.B_LTA)) {
            byte[] signed = f.pdf().level(level).subFilter(subFilter).timestamps(f.tsa()).revocation(f.checker()).build().sign(pdf);
            List<SignatureVerification> vs = PdfVerifier.verify(signed, VerificationOptions.defaults().withTrustAnchors(f.anchors()));
            assertEquals(1, vs.size());
            SignatureVerification v = vs.get(0);
            assertEquals(SignatureVerification.Level.of(level, pkcs7), v.level(), v.toString());
            assertEquals(SignatureVerification.Verdict.VALID, v.verdict(), v.toString());
            assertEquals(subFilter.pdfName(), v.subFilter());
            assertTrue(v.coversWholeDocument(), v.toString());
            assertEquals(level == SignatureLevel.B_LTA ? 1 : 0, v.documentTimestampTimes().size());
            assertEquals(1, PdfVerifier.verify(signed).size(), "the simple verifier accepts the /DSS and document time-stamp too");
            if (level == SignatureLevel.B_LTA) {
                // EU DSS 6.3 is not asked here: it reads the zero-padded /Contents with a parser
                // that Bouncy Castle 1.87 made strict ("extra data detected"), so it finds no
                // signature in any padded PDF signature (see docs/signatures.md).
                ExternalTool.require("pdfsig", "poppler-utils");
                Path file = Files.write(dir.resolve("signed-" + subFilter + ".pdf"), signed);
                ExternalTool.keep(file);
                ExternalTool.Run run = ExternalTool.run("pdfsig", file.toString());
                assertTrue(run.output().contains("Signature #1") && run.output().contains("Signature #2"), run.output());
                assertTrue(run.output().contains(subFilter.pdfName()) || run.output().contains(pkcs7 ? "adbe.pkcs7.detached"
                        : "ETSI.CAdES.detached"), run.output());
                String second = run.output().substring(run.output().indexOf("Signature #2"));
                assertTrue(run.output().contains("Signature is Valid."), run.output());
                assertTrue(second.contains(f.office.tsaCertificate().getSubjectX500Principal().getName().split(",")[0].substring(3))
                        && second.contains("Total document signed"), "the document time-stamp, by the authority, over the whole file: "
                        + run.output());
            }
        }
    }

    @Test
    void tsaFaultsAreTyped() throws Exception {
        TsaClient tsa = f.tsa();
        try {
            f.server.fault(BackOfficeServer.Service.TSA, BackOfficeServer.Fault.HANG);
            long t0 = System.nanoTime();
            TimestampException e = assertThrows(TimestampException.class, tsa::probe);
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertEquals(TimestampException.Reason.TIMEOUT, e.reason(), e.getMessage());
            assertTrue(ms < 3500, "ended within the bound: " + ms + " ms");
            f.server.fault(BackOfficeServer.Service.TSA, BackOfficeServer.Fault.GARBAGE);
            assertEquals(TimestampException.Reason.MALFORMED, assertThrows(TimestampException.class, tsa::probe).reason());
            f.server.fault(BackOfficeServer.Service.TSA, BackOfficeServer.Fault.WRONG_NONCE);
            assertEquals(TimestampException.Reason.WRONG_NONCE, assertThrows(TimestampException.class, tsa::probe).reason());
            f.server.fault(BackOfficeServer.Service.TSA, BackOfficeServer.Fault.SERVER_ERROR);
            TimestampException refused = assertThrows(TimestampException.class, tsa::probe);
            assertEquals(TimestampException.Reason.REFUSED, refused.reason());
            assertFalse(refused.getMessage().contains("Exception"), refused.getMessage());
            PreflightException p = assertThrows(PreflightException.class, () -> SigningPreflight.builder(f.card.signingCertificate())
                    .level(SignatureLevel.B_T).timestamps(tsa).build().check());
            assertEquals(PreflightException.Reason.TSA_UNAVAILABLE, p.reason());
            assertEquals(TimestampException.Reason.REFUSED, p.timestampReason());
        } finally {
            f.server.fault(BackOfficeServer.Service.TSA, BackOfficeServer.Fault.NONE);
        }
        assertNotNull(tsa.probe());
        TsaClient untrusted = tsa.withTrustAnchors(List.of(f.ca()));
        assertEquals(TimestampException.Reason.UNTRUSTED, assertThrows(TimestampException.class, untrusted::probe).reason());
    }

    @Test
    void preflightRefusesAnExpiredCertificateBeforeTheCard() throws Exception {
        int before = f.card.prompts;
        Clock late = Clock.fixed(f.card.signingCertificate().getNotAfter().toInstant().plusSeconds(86400), ZoneOffset.UTC);
        PreflightException e = assertThrows(PreflightException.class, () -> f.cms().clock(late).build().sign(CONTENT));
        assertEquals(PreflightException.Reason.CERTIFICATE_EXPIRED, e.reason());
        assertEquals(before, f.card.prompts, "no PIN was asked");
    }
}
