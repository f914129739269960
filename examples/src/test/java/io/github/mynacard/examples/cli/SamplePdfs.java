package io.github.mynacard.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** A one-page PDF made with PDFBox, its text in an uncompressed content stream so that a test can change one byte of it. */
final class SamplePdfs {

    static final String TEXT = "mynacard sign-pdf test document";

    private SamplePdfs() {
    }

    static Path create(Path file) throws Exception {
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
            doc.save(file.toFile());
        }
        return file;
    }

    /** The offset of the sample text in a file, or -1. */
    static int textOffset(byte[] pdf) {
        return new String(pdf, StandardCharsets.ISO_8859_1).indexOf(TEXT);
    }
}
