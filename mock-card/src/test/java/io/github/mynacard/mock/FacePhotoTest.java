package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped face photos are real JPEG 2000 files: decoded by jai-imageio, and by OpenJPEG's opj_decompress. */
class FacePhotoTest {

    @TempDir
    Path dir;

    @Test
    void everyPhotoIsAJp2FileThatJaiImageioDecodesTo300By400Grey() throws Exception {
        Set<String> distinct = new HashSet<>();
        for (int v = 0; v < FacePhotos.VARIANTS; v++) {
            byte[] jp2 = FacePhotos.photo(v);
            assertArrayEquals(CardFaceTest.JP2_SIGNATURE, Arrays.copyOf(jp2, 12), FacePhotos.name(v));
            assertTrue(jp2.length < 10_000, "a few KB: " + jp2.length);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(jp2));
            assertNotNull(img, "jai-imageio reads " + FacePhotos.name(v));
            assertEquals(300, img.getWidth());
            assertEquals(400, img.getHeight());
            assertEquals(1, img.getRaster().getNumBands(), "greyscale");
            distinct.add(Arrays.toString(img.getRaster().getSamples(0, 0, 300, 400, 0, (int[]) null)));
        }
        assertEquals(FacePhotos.VARIANTS, distinct.size(), "four different faces");
    }

    @Test
    void everyPhotoDecodesWithOpenJpeg() throws Exception {
        ExternalTool.require("opj_decompress", "libopenjp2-tools");
        for (int v = 0; v < FacePhotos.VARIANTS; v++) {
            Path in = dir.resolve(FacePhotos.name(v));
            Files.write(in, FacePhotos.photo(v));
            Path out = dir.resolve("face-" + v + ".pgm");
            ExternalTool.Run r = ExternalTool.run("opj_decompress", "-i", in.toString(), "-o", out.toString());
            assertEquals(0, r.exitCode(), r.output());
            byte[] pgm = Files.readAllBytes(out);
            String header = new String(pgm, 0, Math.min(64, pgm.length), java.nio.charset.StandardCharsets.US_ASCII)
                    .replaceAll("#[^\\n]*\\n", ""); // comment lines (OpenJPEG names itself)
            assertTrue(header.matches("(?s)P5\\s+300\\s+400\\s+255\\s.*"), header.substring(0, 16));
            assertTrue(pgm.length >= 300 * 400, "a full 8-bit grey image");
        }
    }
}
