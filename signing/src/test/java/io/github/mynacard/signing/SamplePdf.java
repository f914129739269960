package io.github.mynacard.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** A one-page PDF made with PDFBox, its text in an uncompressed content stream so a test can change one byte of it. */
final class SamplePdf {

    static final String TEXT = "Hello mynacard: a PAdES test document";

    private SamplePdf() {
    }

    static byte[] create() throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                cs.newLineAtOffset(72, 700);
                cs.showText(TEXT);
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** The offset of the sample text in a file, or -1. */
    static int textOffset(byte[] pdf) {
        byte[] needle = TEXT.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= pdf.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (pdf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
