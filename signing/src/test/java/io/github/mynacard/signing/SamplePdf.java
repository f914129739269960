package io.github.mynacard.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** A one-page PDF made with PDFBox, its text in an uncompressed content stream so a test can change one byte of it. */
public final class SamplePdf {

    public static final String TEXT = "Hello mynacard: a PAdES test document";

    private SamplePdf() {
    }

    /**
     * Writes a small one-page PDF.
     *
     * @param file where to write it
     * @return the file
     * @throws Exception when PDFBox fails
     */
    public static java.nio.file.Path create(java.nio.file.Path file) throws Exception {
        java.nio.file.Files.write(file, create());
        return file;
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
    public static int textOffset(byte[] pdf) {
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
