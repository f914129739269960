package io.github.mynacard.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;

/**
 * Verifies the signatures of a PDF file. For each signature dictionary:
 * <ol>
 *   <li>{@code /ByteRange} must be {@code [0 a b c]} with {@code 0 < a < b} and {@code b + c} within
 *       the file, so it covers everything except one gap;</li>
 *   <li>the gap must be exactly the {@code <…>} hex string of this dictionary's {@code /Contents};</li>
 *   <li>the CMS in {@code /Contents} must verify (with {@link CmsVerifier}) over the bytes the
 *       range covers, and its certificate must have been within its validity at the signing time
 *       (a verified signature time-stamp's time, else the CMS signing-time, else {@code /M}, else
 *       now), as in the verdicts.</li>
 * </ol>
 * The signature that ends last must reach the end of the file: bytes appended after the newest
 * signature are refused. Trust in the signer certificates is a separate step
 * ({@code io.github.mynacard.cert.ChainValidator}).
 */
public final class PdfVerifier {

    private PdfVerifier() {
    }

    /**
     * Verifies a PDF file.
     *
     * @param pdf the file
     * @return one result per signature, in the order their ranges end
     * @throws IOException when the file cannot be read or is not a PDF
     * @throws SignatureVerificationException when there is no signature or any signature fails
     */
    public static List<PdfSignatureVerification> verify(Path pdf) throws IOException, SignatureVerificationException {
        return verify(Files.readAllBytes(pdf));
    }

    /**
     * Verifies a PDF in memory.
     *
     * @param pdf the file's bytes
     * @return one result per signature, in the order their ranges end
     * @throws IOException when the bytes are not a PDF PDFBox can read
     * @throws SignatureVerificationException when there is no signature or any signature fails
     */
    public static List<PdfSignatureVerification> verify(byte[] pdf) throws IOException, SignatureVerificationException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<Entry> entries = scan(doc, pdf);
            List<PdfSignatureVerification> out = new ArrayList<>();
            for (Entry e : entries) {
                if (e.documentTimestamp()) {
                    verifyDocumentTimestamp(e, pdf, List.of());
                    continue;
                }
                X509Certificate signer = CmsVerifier.withinValidity(CmsVerifier.parse(covered(pdf, e.range()), e.cms()),
                        e.claimedTime());
                out.add(new PdfSignatureVerification(signer, e.subFilter(), e.claimedTime(), e.end() == pdf.length));
            }
            if (out.isEmpty()) {
                throw new SignatureVerificationException("the PDF has no signature, only document time-stamps");
            }
            return out;
        } catch (TimestampException e) {
            throw new SignatureVerificationException("a document time-stamp does not verify: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a PDF's signatures and judges each: level (B-B to B-LTA, or PKCS7-B to -LTA for
     * {@code adbe.pkcs7.detached}), the signature and document time-stamps, validity at the
     * signing time, chain, and revocation ({@link VerificationOptions.RevocationMode#EMBEDDED}
     * reads the {@code /DSS}).
     *
     * <p>As in {@link #verify(byte[])}, every byte range must be sound and the newest signature or
     * document time-stamp must reach the end of the file, except for later incremental updates
     * that only add a document security store ({@code /DSS}).
     *
     * @param pdf the file's bytes
     * @param options trust anchors, revocation mode, clock
     * @return one verdict per signature (document time-stamps are not signatures: their times are
     *     in the verdicts of the signatures they cover), in the order their ranges end
     * @throws IOException when the bytes are not a PDF PDFBox can read
     * @throws SignatureVerificationException when there is no signature, a byte range is not
     *     sound, bytes other than a /DSS follow the newest signature, or a signature's cryptography fails
     */
    public static List<SignatureVerification> verify(byte[] pdf, VerificationOptions options)
            throws IOException, SignatureVerificationException {
        java.util.Objects.requireNonNull(options, "options");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<Entry> entries = scan(doc, pdf);
            PdfDss.Contents dss = PdfDss.read(doc);
            List<X509Certificate> dssCerts = new ArrayList<>();
            for (byte[] der : dss.certificates()) {
                try {
                    dssCerts.add((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)));
                } catch (java.security.cert.CertificateException e) {
                    throw new SignatureVerificationException("a certificate in the /DSS cannot be read", e);
                }
            }
            int lastSignatureEnd = 0;
            for (Entry e : entries) {
                if (!e.documentTimestamp()) {
                    lastSignatureEnd = Math.max(lastSignatureEnd, e.end());
                }
            }
            List<SignatureVerification> out = new ArrayList<>();
            for (Entry e : entries) {
                if (e.documentTimestamp()) {
                    continue;
                }
                List<Timestamp> docStamps = new ArrayList<>();
                String failure = null;
                for (Entry d : entries) {
                    if (d.documentTimestamp() && d.end() > e.end()) {
                        try {
                            docStamps.add(verifyDocumentTimestamp(d, pdf, options.trustAnchors()));
                        } catch (TimestampException x) {
                            failure = "a document time-stamp does not verify: " + x.getMessage();
                        }
                    }
                }
                CmsVerifier.Parsed parsed = CmsVerifier.parse(covered(pdf, e.range()), e.cms());
                Instant claimed = parsed.claimedTime() != null ? parsed.claimedTime() : e.claimedTime();
                CmsVerifier.Parsed withClaim = new CmsVerifier.Parsed(parsed.signer(), parsed.signerInfo(), parsed.certificates(),
                        parsed.evidence(), claimed);
                boolean pkcs7 = PdfSubFilter.ADBE_PKCS7_DETACHED.pdfName().equals(e.subFilter());
                Judge.Input in = CmsVerifier.input(withClaim, dssCerts, pkcs7, dss.evidence(), docStamps, e.subFilter(),
                        e.end() == lastSignatureEnd, options);
                if (failure != null && in.failure() == null) {
                    in = new Judge.Input(in.signer(), in.pool(), in.embedded(), in.claimedTime(), in.signatureTimestamps(),
                            in.documentTimestamps(), failure, in.pkcs7(), in.validationData(), in.subFilter(),
                            in.coversWholeDocument());
                }
                out.add(Judge.judge(in, options));
            }
            if (out.isEmpty()) {
                throw new SignatureVerificationException("the PDF has no signature, only document time-stamps");
            }
            return out;
        }
    }

    /** One signature dictionary, its range checked and its /Contents read. */
    private record Entry(PDSignature signature, int[] range, byte[] cms, boolean documentTimestamp) {
        int end() {
            return range[2] + range[3];
        }

        String subFilter() {
            return signature.getSubFilter() == null ? "" : signature.getSubFilter();
        }

        Instant claimedTime() {
            Calendar m = signature.getSignDate();
            return m == null ? null : m.toInstant();
        }
    }

    private static List<Entry> scan(PDDocument doc, byte[] pdf) throws IOException, SignatureVerificationException {
        List<PDSignature> signatures = doc.getSignatureDictionaries();
        if (signatures.isEmpty()) {
            throw new SignatureVerificationException("the PDF has no signature");
        }
        List<Entry> entries = new ArrayList<>();
        for (PDSignature s : signatures) {
            int[] br = checkedRange(s, pdf.length);
            byte[] fromGap = hexGap(pdf, br[1], br[2]);
            byte[] declared = s.getContents();
            if (declared == null || !Arrays.equals(stripTrailingZeros(declared), stripTrailingZeros(fromGap))) {
                throw new SignatureVerificationException("the /ByteRange gap is not this signature's /Contents");
            }
            boolean docTs = PdfDss.RFC3161.getName().equals(s.getSubFilter())
                    || "DocTimeStamp".equals(s.getCOSObject().getNameAsString(org.apache.pdfbox.cos.COSName.TYPE));
            entries.add(new Entry(s, br, derPrefix(fromGap), docTs));
        }
        entries.sort(Comparator.comparingLong(Entry::end));
        int last = entries.get(entries.size() - 1).end();
        if (last != pdf.length && !onlySecurityStoreAfter(doc, pdf, last)) {
            throw new SignatureVerificationException("bytes were added after the newest signature: its /ByteRange does not "
                    + "reach the end of the file, and what follows is not only a document security store");
        }
        return entries;
    }

    private static InputStream covered(byte[] pdf, int[] br) {
        return new SequenceInputStream(new ByteArrayInputStream(pdf, 0, br[1]), new ByteArrayInputStream(pdf, br[2], br[3]));
    }

    private static Timestamp verifyDocumentTimestamp(Entry e, byte[] pdf, List<X509Certificate> anchors)
            throws TimestampException, IOException {
        byte[] content = covered(pdf, e.range()).readAllBytes();
        return Timestamps.verify(Timestamps.parse(e.cms()), alg -> alg.digest(content), anchors);
    }

    /**
     * Whether the bytes after {@code end} are incremental updates that only add a /DSS: every
     * object they define is the catalog (unchanged but for /DSS), an object reached from the
     * /DSS, or a cross-reference stream.
     */
    private static boolean onlySecurityStoreAfter(PDDocument full, byte[] pdf, int end) throws IOException {
        org.apache.pdfbox.cos.COSDictionary catalog = full.getDocumentCatalog().getCOSObject();
        org.apache.pdfbox.cos.COSBase dss = catalog.getItem(PdfDss.DSS);
        if (dss == null) {
            return false;
        }
        java.util.Set<Long> allowed = new java.util.HashSet<>();
        org.apache.pdfbox.cos.COSBase root = full.getDocument().getTrailer().getItem(org.apache.pdfbox.cos.COSName.ROOT);
        if (root instanceof org.apache.pdfbox.cos.COSObject o) {
            allowed.add(o.getObjectNumber());
        }
        collect(catalog.getDictionaryObject(PdfDss.DSS), allowed, new java.util.IdentityHashMap<>());
        if (catalog.getItem(PdfDss.DSS) instanceof org.apache.pdfbox.cos.COSObject o) {
            allowed.add(o.getObjectNumber());
        }
        String tail = new String(pdf, end, pdf.length - end, java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![0-9])([0-9]{1,10})\\s+([0-9]{1,5})\\s+obj\\b").matcher(tail);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            if (allowed.contains(n)) {
                continue;
            }
            int stop = tail.indexOf("stream", m.end());
            int endobj = tail.indexOf("endobj", m.end());
            if (stop < 0 || endobj >= 0 && endobj < stop) {
                stop = endobj;
            }
            String head = stop < 0 ? "" : tail.substring(m.end(), stop);
            if (head.matches("(?s)\\s*<<.*/Type\\s*/XRef\\b.*")) {
                continue; // the cross-reference stream of the update
            }
            return false;
        }
        try (PDDocument signed = Loader.loadPDF(Arrays.copyOf(pdf, end))) {
            org.apache.pdfbox.cos.COSDictionary before = signed.getDocumentCatalog().getCOSObject();
            java.util.Set<org.apache.pdfbox.cos.COSName> keys = new java.util.HashSet<>(before.keySet());
            keys.addAll(catalog.keySet());
            keys.remove(PdfDss.DSS);
            for (org.apache.pdfbox.cos.COSName k : keys) {
                if (!same(before.getItem(k), catalog.getItem(k))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Structural equality, references compared by their object number (not followed). */
    private static boolean same(org.apache.pdfbox.cos.COSBase a, org.apache.pdfbox.cos.COSBase b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof org.apache.pdfbox.cos.COSObject x) {
            return b instanceof org.apache.pdfbox.cos.COSObject y && x.getObjectNumber() == y.getObjectNumber()
                    && x.getGenerationNumber() == y.getGenerationNumber();
        }
        if (a instanceof org.apache.pdfbox.cos.COSStream || b instanceof org.apache.pdfbox.cos.COSStream) {
            return false;
        }
        if (a instanceof org.apache.pdfbox.cos.COSDictionary x) {
            if (!(b instanceof org.apache.pdfbox.cos.COSDictionary y) || !x.keySet().equals(y.keySet())) {
                return false;
            }
            for (org.apache.pdfbox.cos.COSName k : x.keySet()) {
                if (!same(x.getItem(k), y.getItem(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof org.apache.pdfbox.cos.COSArray x) {
            if (!(b instanceof org.apache.pdfbox.cos.COSArray y) || x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.getClass() == b.getClass() && a.toString().equals(b.toString());
    }

    private static void collect(org.apache.pdfbox.cos.COSBase b, java.util.Set<Long> allowed,
            java.util.Map<Object, Boolean> seen) {
        if (b == null || seen.put(b, Boolean.TRUE) != null) {
            return;
        }
        if (b instanceof org.apache.pdfbox.cos.COSObject o) {
            allowed.add(o.getObjectNumber());
            collect(o.getObject(), allowed, seen);
        } else if (b instanceof org.apache.pdfbox.cos.COSDictionary d) {
            for (org.apache.pdfbox.cos.COSBase v : d.getValues()) {
                if (v instanceof org.apache.pdfbox.cos.COSObject o) {
                    allowed.add(o.getObjectNumber());
                    collect(o.getObject(), allowed, seen);
                } else {
                    collect(v, allowed, seen);
                }
            }
        } else if (b instanceof org.apache.pdfbox.cos.COSArray a) {
            for (int i = 0; i < a.size(); i++) {
                org.apache.pdfbox.cos.COSBase v = a.get(i);
                if (v instanceof org.apache.pdfbox.cos.COSObject o) {
                    allowed.add(o.getObjectNumber());
                    collect(o.getObject(), allowed, seen);
                } else {
                    collect(v, allowed, seen);
                }
            }
        }
    }

    private static int[] checkedRange(PDSignature s, int fileLength) throws SignatureVerificationException {
        int[] br = s.getByteRange();
        if (br == null || br.length != 4) {
            throw new SignatureVerificationException("/ByteRange must hold four numbers");
        }
        if (br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[3] < 0 || (long) br[2] + br[3] > fileLength) {
            throw new SignatureVerificationException("/ByteRange " + Arrays.toString(br)
                    + " does not cover the file from its start up to one gap");
        }
        return br;
    }

    /** Decodes the {@code <hex>} string that fills the gap exactly. */
    private static byte[] hexGap(byte[] pdf, int start, int end) throws SignatureVerificationException {
        if (pdf[start] != '<' || pdf[end - 1] != '>') {
            throw new SignatureVerificationException("the /ByteRange gap is not a hex string");
        }
        byte[] out = new byte[(end - start) / 2];
        int n = 0;
        int high = -1;
        for (int i = start + 1; i < end - 1; i++) {
            int c = pdf[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0) {
                throw new SignatureVerificationException("the /ByteRange gap holds a non-hex character");
            }
            if (high < 0) {
                high = d;
            } else {
                out[n++] = (byte) (high << 4 | d);
                high = -1;
            }
        }
        if (high >= 0) {
            out[n++] = (byte) (high << 4);
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] stripTrailingZeros(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }

    /** The DER object of the zero-padded {@code /Contents}: only zeros may follow it. */
    private static byte[] derPrefix(byte[] b) throws SignatureVerificationException {
        if (b.length < 2 || (b[0] & 0xFF) != 0x30) {
            throw new SignatureVerificationException("/Contents does not hold an ASN.1 SEQUENCE");
        }
        return CmsVerifier.requireDer(b, true);
    }
}
