package io.github.mynacard.mock;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Draws the emulator's synthetic face photos, clearly fictional cartoon faces made of Java2D
 * shapes (greyscale, {@value #WIDTH}×{@value #HEIGHT}), and encodes them as JPEG 2000 (JP2 file
 * format) with jai-imageio, once: run only when asked, {@code mvn -o test -pl core,mock-card -am
 * -Dtest=FacePhotoGenerator -Dmynacard.regenerate.photos=true -Dsurefire.failIfNoSpecifiedTests=false},
 * then commit the files it writes. The emulator ships the encoded files and needs no JPEG 2000
 * encoder at run time.
 */
class FacePhotoGenerator {

    static final int WIDTH = 300;
    static final int HEIGHT = 400;

    @Test
    @EnabledIfSystemProperty(named = "mynacard.regenerate.photos", matches = "true")
    void writeThePhotos() throws Exception {
        Path dir = Path.of("src/main/resources/io/github/mynacard/mock/photos");
        Files.createDirectories(dir);
        for (int v = 0; v < FacePhotos.VARIANTS; v++) {
            byte[] jp2 = encode(draw(v));
            Path file = dir.resolve(FacePhotos.name(v));
            Files.write(file, jp2);
            System.out.println("FacePhotoGenerator: wrote " + file + " (" + jp2.length + " bytes)");
        }
    }

    /** A cartoon face: the variant changes the background, hair, eyes, mouth and accessories. */
    static BufferedImage draw(int variant) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int bg = 200 + 12 * variant;
            g.setPaint(new GradientPaint(0, 0, grey(bg), 0, HEIGHT, grey(bg - 40)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            // shoulders and neck
            g.setColor(grey(60 + 20 * variant));
            g.fill(new RoundRectangle2D.Double(20, 320, 260, 160, 120, 120));
            g.setColor(grey(170));
            g.fill(new RoundRectangle2D.Double(120, 260, 60, 80, 20, 20));
            // ears and head
            g.setColor(grey(175));
            g.fill(new Ellipse2D.Double(52, 160, 36, 56));
            g.fill(new Ellipse2D.Double(212, 160, 36, 56));
            g.setColor(grey(185));
            g.fill(new Ellipse2D.Double(70, 70, 160, 210));
            // hair
            g.setColor(grey(30 + 25 * variant));
            switch (variant) {
                case 0:
                    g.fill(new Arc2D.Double(62, 56, 176, 140, 0, 180, Arc2D.CHORD));
                    break;
                case 1: {
                    Path2D spikes = new Path2D.Double();
                    spikes.moveTo(66, 140);
                    for (int i = 0; i <= 8; i++) {
                        spikes.lineTo(70 + i * 20, i % 2 == 0 ? 50 : 80);
                    }
                    spikes.lineTo(234, 140);
                    spikes.closePath();
                    g.fill(spikes);
                    break;
                }
                case 2:
                    g.fill(new Arc2D.Double(58, 50, 184, 170, 0, 180, Arc2D.CHORD));
                    g.fill(new RoundRectangle2D.Double(58, 130, 30, 170, 20, 20));
                    g.fill(new RoundRectangle2D.Double(212, 130, 30, 170, 20, 20));
                    break;
                default:
                    g.fill(new Ellipse2D.Double(110, 36, 80, 60));
                    g.fill(new Arc2D.Double(66, 62, 168, 120, 0, 180, Arc2D.CHORD));
                    break;
            }
            // eyes, brows, nose, mouth
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(104, 150, 36, 24));
            g.fill(new Ellipse2D.Double(160, 150, 36, 24));
            g.setColor(grey(20));
            int look = variant * 3 - 4;
            g.fill(new Ellipse2D.Double(115 + look, 154, 14, 16));
            g.fill(new Ellipse2D.Double(171 + look, 154, 14, 16));
            g.setStroke(new BasicStroke(5, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(100, 130 - variant * 2, 44, 20, 20, 140, Arc2D.OPEN));
            g.draw(new Arc2D.Double(156, 130 - variant * 2, 44, 20, 20, 140, Arc2D.OPEN));
            g.setStroke(new BasicStroke(3, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(138, 180, 24, 34, 200, 140, Arc2D.OPEN));
            g.setStroke(new BasicStroke(4, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(116, 200 + variant * 3, 68, 40 - variant * 6, 200, 140, Arc2D.OPEN));
            if (variant == 2) { // round glasses
                g.setStroke(new BasicStroke(3));
                g.draw(new Ellipse2D.Double(98, 140, 48, 44));
                g.draw(new Ellipse2D.Double(154, 140, 48, 44));
                g.drawLine(146, 160, 154, 160);
            }
            if (variant == 3) { // a bow tie
                Path2D bow = new Path2D.Double();
                bow.moveTo(150, 330);
                bow.lineTo(115, 310);
                bow.lineTo(115, 350);
                bow.closePath();
                bow.moveTo(150, 330);
                bow.lineTo(185, 310);
                bow.lineTo(185, 350);
                bow.closePath();
                g.setColor(grey(240));
                g.fill(bow);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static Color grey(int v) {
        int c = Math.max(0, Math.min(255, v));
        return new Color(c, c, c);
    }

    static byte[] encode(BufferedImage img) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg2000").next();
        J2KImageWriteParam p = (J2KImageWriteParam) w.getDefaultWriteParam();
        p.setLossless(false);
        p.setFilter(J2KImageWriteParam.FILTER_97);
        p.setEncodingRate(0.4); // bits per pixel: about 6 KB
        p.setWriteCodeStreamOnly(false); // the JP2 file format, with its signature box
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }
}
