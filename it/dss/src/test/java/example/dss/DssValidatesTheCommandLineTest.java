package example.dss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relying party's view: EU DSS, offline, with the PEM files that {@code mynacard emulator
 * services --trust-out DIR} wrote as its only trust anchors (no online certificate, CRL or OCSP
 * source), under its default validation policy, checks what the command line signed.
 */
class DssValidatesTheCommandLineTest {

    @TempDir
    static Path dir;

    private static Process services;
    private static String base;
    private static Path card;
    private static Path trust;

    @BeforeAll
    static void startTheBackOffice() throws Exception {
        card = dir.resolve("card.state");
        trust = dir.resolve("trust");
        assertEquals(0, mynacard(null, "emulator", "init", "--card", card.toString()));
        services = new ProcessBuilder("java", "-jar", jar(), "emulator", "services", "--card", card.toString(), "--port", "0",
                "--trust-out", trust.toString(), "--json").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(services.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = Pattern.compile("\"port\":(\\d+)").matcher(String.valueOf(line));
        assertTrue(m.find(), "emulator services printed: " + line);
        base = "http://127.0.0.1:" + m.group(1);
    }

    @AfterAll
    static void stopTheBackOffice() throws Exception {
        if (services != null) {
            services.destroy();
            services.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String jar() {
        return Path.of(System.getProperty("mynacard.jar")).toAbsolutePath().toString();
    }

    /** Runs the command line, the signing password on standard input when given. */
    private static int mynacard(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mynacard " + String.join(" ", args) + " did not end");
        return p.exitValue();
    }

    private static Reports validate(Path signed, Path detached) throws IOException {
        CommonTrustedCertificateSource anchors = new CommonTrustedCertificateSource();
        try (Stream<Path> pems = Files.list(trust)) {
            for (Path pem : pems.sorted().toList()) {
                anchors.addCertificate(DSSUtils.loadCertificate(Files.readAllBytes(pem)));
            }
        }
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(anchors);
        verifier.setAIASource(null);
        verifier.setCrlSource(null);
        verifier.setOcspSource(null);
        SignedDocumentValidator v = SignedDocumentValidator.fromDocument(new FileDocument(signed.toFile()));
        v.setCertificateVerifier(verifier);
        if (detached != null) {
            v.setDetachedContents(List.<DSSDocument>of(new FileDocument(detached.toFile())));
        }
        return v.validateDocument();
    }

    /** A PDF no PDF library of the project wrote: a one-page file written byte by byte. */
    private static Path thirdPartyPdf(String name) throws IOException {
        String[] objects = {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"};
        StringBuilder pdf = new StringBuilder("%PDF-1.7\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 4\n0000000000 65535 f \n");
        for (int o : offsets) {
            pdf.append(String.format("%010d 00000 n \n", o));
        }
        pdf.append("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return Files.writeString(dir.resolve(name), pdf, StandardCharsets.US_ASCII);
    }

    private static void assertPassed(SimpleReport r, String id) {
        assertEquals(Indication.TOTAL_PASSED, r.getIndication(id), r.getSubIndication(id) + " " + r.getAdESValidationErrors(id));
    }

    @Test
    void aBltaPdfIsTotalPassedAtTheLtaLevelWithItsTimestamps() throws Exception {
        Path in = thirdPartyPdf("contract.pdf");
        Path out = dir.resolve("contract-lta.pdf");
        assertEquals(0, mynacard("MYNA2026\n", "sign-pdf", in.toString(), "--out", out.toString(), "--level", "b-lta", "--tsa",
                base + "/tsa", "--revocation", "ocsp:" + base + "/ocsp", "--card", card.toString(), "--pin-stdin"));
        Reports reports = validate(out, null);
        SimpleReport r = reports.getSimpleReport();
        assertEquals(1, r.getSignaturesCount());
        String id = r.getFirstSignatureId();
        assertPassed(r, id);
        assertEquals(SignatureLevel.PAdES_BASELINE_LTA, r.getSignatureFormat(id));
        List<TimestampWrapper> ts = reports.getDiagnosticData().getTimestampList();
        assertTrue(ts.stream().anyMatch(t -> t.getType() == TimestampType.SIGNATURE_TIMESTAMP), "a signature time-stamp (T)");
        assertTrue(ts.stream().anyMatch(t -> t.getType() == TimestampType.DOCUMENT_TIMESTAMP), "a document time-stamp (LTA)");
        assertTrue(ts.stream().allMatch(t -> t.isSignatureValid() && t.isMessageImprintDataIntact()), "every time-stamp intact");
        System.out.println("DSS: " + out.getFileName() + ": " + r.getIndication(id) + ", " + r.getSignatureFormat(id) + ", "
                + ts.size() + " time-stamps " + ts.stream().map(t -> t.getType() + "@" + t.getProductionTime().toInstant()).toList());
    }

    @Test
    void theLegalAffairsBureauFormAtBltaIsTotalPassed() throws Exception {
        Path in = thirdPartyPdf("application.pdf");
        Path out = dir.resolve("application-lta.pdf");
        assertEquals(0, mynacard("MYNA2026\n", "sign-pdf", in.toString(), "--out", out.toString(), "--subfilter",
                "adbe.pkcs7.detached", "--level", "b-lta", "--tsa", base + "/tsa", "--revocation", "ocsp:" + base + "/ocsp",
                "--card", card.toString(), "--pin-stdin"));
        SimpleReport r = validate(out, null).getSimpleReport();
        String id = r.getFirstSignatureId();
        assertPassed(r, id);
        assertEquals(SignatureLevel.PKCS7_LTA, r.getSignatureFormat(id));
        System.out.println("DSS: " + out.getFileName() + ": " + r.getIndication(id) + ", " + r.getSignatureFormat(id));
    }

    @Test
    void aCadesBtHasAValidSignatureTimestampAndBltIsTotalPassed() throws Exception {
        Path doc = Files.writeString(dir.resolve("contract.txt"), "contract text\n");
        Path bt = dir.resolve("contract-bt.p7s");
        assertEquals(0, mynacard("MYNA2026\n", "sign", doc.toString(), "--cms", "--level", "b-t", "--tsa", base + "/tsa", "--out",
                bt.toString(), "--card", card.toString(), "--pin-stdin"));
        Reports t = validate(bt, doc);
        String id = t.getSimpleReport().getFirstSignatureId();
        assertEquals(SignatureLevel.CAdES_BASELINE_T, t.getSimpleReport().getSignatureFormat(id));
        List<TimestampWrapper> ts = t.getDiagnosticData().getTimestampList();
        assertEquals(1, ts.size());
        assertTrue(ts.get(0).getType() == TimestampType.SIGNATURE_TIMESTAMP && ts.get(0).isSignatureValid()
                && ts.get(0).isMessageImprintDataIntact(), "a valid signature time-stamp");
        System.out.println("DSS: " + bt.getFileName() + ": " + t.getSimpleReport().getIndication(id) + ", "
                + t.getSimpleReport().getSignatureFormat(id) + ", signature time-stamp valid at " + ts.get(0).getProductionTime().toInstant());

        Path lt = dir.resolve("contract-lt.p7s");
        assertEquals(0, mynacard("MYNA2026\n", "sign", doc.toString(), "--cms", "--level", "b-lt", "--tsa", base + "/tsa",
                "--revocation", "ocsp:" + base + "/ocsp", "--out", lt.toString(), "--card", card.toString(), "--pin-stdin"));
        SimpleReport r = validate(lt, doc).getSimpleReport();
        String lid = r.getFirstSignatureId();
        assertPassed(r, lid);
        assertEquals(SignatureLevel.CAdES_BASELINE_LT, r.getSignatureFormat(lid));
        System.out.println("DSS: " + lt.getFileName() + ": " + r.getIndication(lid) + ", " + r.getSignatureFormat(lid));
    }
}
