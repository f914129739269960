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
 *       range covers.</li>
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
        List<PDSignature> signatures;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            signatures = doc.getSignatureDictionaries();
            if (signatures.isEmpty()) {
                throw new SignatureVerificationException("the PDF has no signature");
            }
            List<int[]> ranges = new ArrayList<>();
            for (PDSignature s : signatures) {
                ranges.add(checkedRange(s, pdf.length));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < signatures.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingLong(i -> (long) ranges.get(i)[2] + ranges.get(i)[3]));
            List<PdfSignatureVerification> out = new ArrayList<>();
            for (int i : order) {
                out.add(verifyOne(signatures.get(i), ranges.get(i), pdf));
            }
            if (!out.get(out.size() - 1).coversWholeDocument()) {
                throw new SignatureVerificationException("bytes were added after the newest signature: its /ByteRange does not "
                        + "reach the end of the file");
            }
            return out;
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

    private static PdfSignatureVerification verifyOne(PDSignature s, int[] br, byte[] pdf)
            throws SignatureVerificationException, IOException {
        byte[] fromGap = hexGap(pdf, br[1], br[2]);
        byte[] declared = s.getContents();
        if (declared == null || !Arrays.equals(stripTrailingZeros(declared), stripTrailingZeros(fromGap))) {
            throw new SignatureVerificationException("the /ByteRange gap is not this signature's /Contents");
        }
        byte[] cms = derPrefix(fromGap);
        InputStream covered = new SequenceInputStream(new ByteArrayInputStream(pdf, 0, br[1]),
                new ByteArrayInputStream(pdf, br[2], br[3]));
        X509Certificate signer = CmsVerifier.verifyDetached(covered, cms);
        Calendar m = s.getSignDate();
        Instant when = m == null ? null : m.toInstant();
        String subFilter = s.getSubFilter() == null ? "" : s.getSubFilter();
        return new PdfSignatureVerification(signer, subFilter, when, (long) br[2] + br[3] == pdf.length);
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
