package io.github.mynacard.mock;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The 1-bit PNG images of the card-face AP, made from the holder's data when first read:
 * <ul>
 *   <li>name and address ({@link #text}): Java2D text in a font that can display it (a logical
 *       font first, then any installed family), black on white; where no font can (or the machine
 *       has no fonts at all, or AWT fails in any way), each character is drawn as a box holding
 *       its code point in tiny hexadecimal digits. This never fails and never prints.</li>
 *   <li>security code and My Number ({@link #digits}): the built-in 5×7 pixel font, 6 pixels a
 *       digit, 12 pixels high (the My Number image is 72×12 as on a surveyed card, the security
 *       code 24×12).</li>
 * </ul>
 * Nothing here opens a window or needs a display; images are written to memory, never to a cache
 * file.
 */
final class CardImages {

    private static final int TEXT_SIZE = 20;
    private static volatile List<String> families;

    private CardImages() {
    }

    /** @return the digits as a 1-bit PNG, 6 pixels a digit and 12 high */
    static byte[] digits(String digits) {
        BufferedImage img = blank(6 * digits.length(), 12);
        for (int i = 0; i < digits.length(); i++) {
            PixelFont.digit(img, digits.charAt(i), 6 * i, 2);
        }
        return png(img);
    }

    /** @return the text as a 1-bit PNG, in a font when one can display it, else as boxed code points */
    static byte[] text(String text) {
        BufferedImage img = null;
        try {
            img = inFont(text);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw e;
        } catch (Throwable t) { // headless machines without fonts throw Errors from font lookup
            img = null;
        }
        return png(img != null ? img : boxes(text));
    }

    /**
     * @param text a text of the card face
     * @return whether an installed font can draw all of it (else {@link #text} draws boxed code points)
     */
    static boolean drawable(String text) {
        try {
            return inFont(text) != null;
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw e;
        } catch (Throwable t) { // headless machines without fonts throw Errors from font lookup
            return false;
        }
    }

    /** The text drawn in the first font that displays all of it, or null when none does. */
    private static BufferedImage inFont(String text) {
        Font font = null;
        for (String family : candidates(text)) {
            Font f = new Font(family, Font.PLAIN, TEXT_SIZE);
            if (f.canDisplayUpTo(text) == -1) {
                font = f;
                break;
            }
        }
        if (font == null) {
            return null;
        }
        BufferedImage probe = blank(1, 1);
        Graphics2D pg = probe.createGraphics();
        FontMetrics m;
        try {
            m = pg.getFontMetrics(font);
        } finally {
            pg.dispose();
        }
        int width = Math.max(1, m.stringWidth(text) + 8);
        BufferedImage img = blank(width, m.getAscent() + m.getDescent() + 8);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            g.setColor(java.awt.Color.BLACK);
            g.setFont(font);
            g.drawString(text, 4, 4 + m.getAscent());
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The logical sans-serif font, then (when it cannot display the text) every installed family. */
    private static List<String> candidates(String text) {
        if (new Font(Font.SANS_SERIF, Font.PLAIN, TEXT_SIZE).canDisplayUpTo(text) == -1) {
            return List.of(Font.SANS_SERIF);
        }
        List<String> f = families;
        if (f == null) {
            f = new ArrayList<>(List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT)));
            families = f;
        }
        return f;
    }

    /** Each character as a 15×15 box holding its code point in 3×5 hex digits, two rows of up to three. */
    static BufferedImage boxes(String text) {
        int[] cps = text.codePoints().toArray();
        BufferedImage img = blank(Math.max(1, cps.length * 16 + 1), 17);
        for (int i = 0; i < cps.length; i++) {
            int x0 = 1 + i * 16;
            for (int k = 0; k < 15; k++) {
                img.setRGB(x0 + k, 1, 0xFF000000);
                img.setRGB(x0 + k, 15, 0xFF000000);
                img.setRGB(x0, 1 + k, 0xFF000000);
                img.setRGB(x0 + 14, 1 + k, 0xFF000000);
            }
            String hex = String.format(Locale.ROOT, cps[i] > 0xFFFF ? "%06X" : "%04X", cps[i]);
            int half = hex.length() / 2;
            for (int row = 0; row < 2; row++) {
                String part = hex.substring(row * half, (row + 1) * half);
                for (int j = 0; j < part.length(); j++) {
                    PixelFont.hex(img, part.charAt(j), x0 + 2 + 4 * j, 3 + 6 * row);
                }
            }
        }
        return img;
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, 0xFFFFFFFF);
            }
        }
        return img;
    }

    /** A 1-bit image as PNG, written in memory (no ImageIO cache file). */
    static byte[] png(BufferedImage img) {
        ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }
}
