package io.github.mynacard.mock;

import java.awt.image.BufferedImage;

/**
 * Two small bitmap fonts built into the emulator, so that its digit images need no AWT font: 5×7
 * decimal digits (the My Number and security-code images) and 3×5 hexadecimal digits (the code
 * points in the boxes of the fallback text image). Each glyph is a list of rows, {@code 1} = ink.
 */
final class PixelFont {

    private static final String[] DIGITS_5X7 = {
        "01110 10001 10011 10101 11001 10001 01110", "00100 01100 00100 00100 00100 00100 01110",
        "01110 10001 00001 00010 00100 01000 11111", "11111 00010 00100 00010 00001 10001 01110",
        "00010 00110 01010 10010 11111 00010 00010", "11111 10000 11110 00001 00001 10001 01110",
        "00110 01000 10000 11110 10001 10001 01110", "11111 00001 00010 00100 01000 01000 01000",
        "01110 10001 10001 01110 10001 10001 01110", "01110 10001 10001 01111 00001 00010 01100",
    };

    private static final String[] HEX_3X5 = {
        "111 101 101 101 111", "010 110 010 010 111", "111 001 111 100 111", "111 001 111 001 111",
        "101 101 111 001 001", "111 100 111 001 111", "111 100 111 101 111", "111 001 001 001 001",
        "111 101 111 101 111", "111 101 111 001 111", "010 101 111 101 101", "110 101 110 101 110",
        "011 100 100 100 011", "110 101 101 101 110", "111 100 111 100 111", "111 100 111 100 100",
    };

    private PixelFont() {
    }

    /** Draws a decimal digit (5×7) with its top left corner at (x, y); black ink on the image. */
    static void digit(BufferedImage img, char d, int x, int y) {
        glyph(img, DIGITS_5X7[d - '0'], x, y);
    }

    /** Draws a hexadecimal digit (3×5, {@code 0-9A-F}) with its top left corner at (x, y). */
    static void hex(BufferedImage img, char h, int x, int y) {
        glyph(img, HEX_3X5[Character.digit(h, 16)], x, y);
    }

    private static void glyph(BufferedImage img, String rows, int x, int y) {
        String[] r = rows.split(" ");
        for (int row = 0; row < r.length; row++) {
            for (int col = 0; col < r[row].length(); col++) {
                if (r[row].charAt(col) == '1') {
                    img.setRGB(x + col, y + row, 0xFF000000);
                }
            }
        }
    }
}
