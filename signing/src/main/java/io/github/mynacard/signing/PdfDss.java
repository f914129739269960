package io.github.mynacard.signing;

import io.github.mynacard.revocation.RevocationEvidence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

/**
 * The PDF document security store ({@code /DSS}, ISO 32000-2 12.8.4.3, ETSI EN 319 142-1) and
 * document time-stamps, each written as an incremental update.
 */
final class PdfDss {

    static final COSName DSS = COSName.getPDFName("DSS");
    static final COSName CERTS = COSName.getPDFName("Certs");
    static final COSName CRLS = COSName.getPDFName("CRLs");
    static final COSName OCSPS = COSName.getPDFName("OCSPs");
    static final COSName RFC3161 = COSName.getPDFName("ETSI.RFC3161");

    /** Room reserved for a document time-stamp token. */
    static final int DOC_TIMESTAMP_SIZE = 16 * 1024;

    private PdfDss() {
    }

    /** What a PDF's /DSS holds. */
    record Contents(List<byte[]> certificates, List<RevocationEvidence> evidence) {
    }

    /**
     * Adds validation data to the document security store (made if absent; an entry already there is not repeated).
     *
     * @param pdf the signed PDF
     * @param data the certificates and evidence
     * @return the PDF with one more incremental update
     */
    static byte[] add(byte[] pdf, ValidationData data) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
            COSDictionary dss = catalog.getCOSDictionary(DSS);
            if (dss == null) {
                dss = new COSDictionary();
                catalog.setItem(DSS, dss);
            }
            List<byte[]> certs = new ArrayList<>();
            for (X509Certificate c : data.certificates()) {
                try {
                    certs.add(c.getEncoded());
                } catch (CertificateEncodingException e) {
                    throw new IOException("a certificate cannot be encoded", e);
                }
            }
            List<byte[]> crls = new ArrayList<>();
            List<byte[]> ocsps = new ArrayList<>();
            for (RevocationEvidence e : data.evidence()) {
                (e.kind() == RevocationEvidence.Kind.CRL ? crls : ocsps).add(e.der());
            }
            addStreams(doc, dss, CERTS, certs);
            addStreams(doc, dss, CRLS, crls);
            addStreams(doc, dss, OCSPS, ocsps);
            dss.setNeedToBeUpdated(true);
            catalog.setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 16 * 1024);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }

    private static void addStreams(PDDocument doc, COSDictionary dss, COSName key, List<byte[]> items) throws IOException {
        COSArray array = dss.getCOSArray(key);
        if (array == null) {
            if (items.isEmpty()) {
                return;
            }
            array = new COSArray();
            dss.setItem(key, array);
        }
        List<byte[]> present = read(array);
        for (byte[] item : items) {
            if (present.stream().anyMatch(p -> Arrays.equals(p, item))) {
                continue;
            }
            COSStream s = doc.getDocument().createCOSStream();
            try (OutputStream o = s.createOutputStream()) {
                o.write(item);
            }
            s.setNeedToBeUpdated(true);
            array.add(s);
            present.add(item);
        }
        array.setNeedToBeUpdated(true);
    }

    private static List<byte[]> read(COSArray array) throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            COSBase b = array.get(i);
            if (b instanceof COSObject o) {
                b = o.getObject();
            }
            if (b instanceof COSStream s) {
                try (InputStream in = s.createInputStream()) {
                    out.add(in.readAllBytes());
                }
            }
        }
        return out;
    }

    /**
     * @param doc an open PDF
     * @return what its /DSS holds (empty lists without one)
     */
    static Contents read(PDDocument doc) throws IOException {
        COSDictionary dss = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(DSS);
        if (dss == null) {
            return new Contents(List.of(), List.of());
        }
        List<RevocationEvidence> ev = new ArrayList<>();
        for (byte[] b : read(dss.getCOSArray(CRLS))) {
            ev.add(new RevocationEvidence(RevocationEvidence.Kind.CRL, b, "the PDF's /DSS"));
        }
        for (byte[] b : read(dss.getCOSArray(OCSPS))) {
            ev.add(new RevocationEvidence(RevocationEvidence.Kind.OCSP, b, "the PDF's /DSS"));
        }
        return new Contents(read(dss.getCOSArray(CERTS)), ev);
    }

    /**
     * Adds a document time-stamp ({@code /Type /DocTimeStamp}, {@code /SubFilter /ETSI.RFC3161})
     * over the whole file as it is.
     *
     * @param pdf the PDF
     * @param tsa the authority
     * @return the PDF with one more incremental update
     */
    static byte[] addDocumentTimestamp(byte[] pdf, TsaClient tsa) throws IOException, TimestampException {
        TimestampException[] failure = new TimestampException[1];
        try (PDDocument doc = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature sig = new PDSignature();
            sig.setType(COSName.DOC_TIME_STAMP);
            sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            sig.setSubFilter(RFC3161);
            options.setPreferredSignatureSize(DOC_TIMESTAMP_SIZE);
            doc.addSignature(sig, (InputStream content) -> {
                try {
                    byte[] token = tsa.timestamp(content.readAllBytes()).encoded();
                    if (token.length > DOC_TIMESTAMP_SIZE) {
                        throw new IOException("the document time-stamp (" + token.length + " bytes) does not fit the reserved "
                                + DOC_TIMESTAMP_SIZE + " bytes");
                    }
                    return token;
                } catch (TimestampException e) {
                    failure[0] = e;
                    throw new IOException(e.getMessage(), e);
                }
            }, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * DOC_TIMESTAMP_SIZE + 4096);
            doc.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException e) {
            if (failure[0] != null) {
                throw failure[0];
            }
            throw e;
        }
    }
}
