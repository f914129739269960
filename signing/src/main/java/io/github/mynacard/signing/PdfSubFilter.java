package io.github.mynacard.signing;

/** The {@code /SubFilter} of a PDF signature: how its {@code /Contents} is to be read. */
public enum PdfSubFilter {
    /** {@code ETSI.CAdES.detached}: a PAdES signature (a CAdES CMS, no signing-time attribute; the default). */
    ETSI_CADES_DETACHED("ETSI.CAdES.detached"),
    /**
     * {@code adbe.pkcs7.detached}: the older PDF form (ISO 32000-1), a detached PKCS#7 SignedData
     * that may carry a signing-time attribute; the form the on-line registration of Japan's
     * Ministry of Justice writes. Validators such as EU DSS name its levels PKCS7-B, -T, -LT, -LTA.
     */
    ADBE_PKCS7_DETACHED("adbe.pkcs7.detached");

    private final String pdfName;

    PdfSubFilter(String pdfName) {
        this.pdfName = pdfName;
    }

    /** @return the PDF name, e.g. {@code ETSI.CAdES.detached} */
    public String pdfName() {
        return pdfName;
    }

    /**
     * @param name a {@code /SubFilter} value
     * @return the sub-filter, or null when it is neither of these
     */
    public static PdfSubFilter ofPdfName(String name) {
        for (PdfSubFilter s : values()) {
            if (s.pdfName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
