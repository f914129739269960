package io.github.mynacard.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The face photos a card's face AP holds (EF 0002, {@code DF27}): {@value #VARIANTS} synthetic,
 * clearly fictional cartoon faces drawn with Java2D shapes, greyscale 300×400, encoded once as
 * JPEG 2000 in the JP2 file format (they start with the JP2 signature box
 * {@code 00 00 00 0C 6A 50 20 20 0D 0A 87 0A}) by the test-scoped {@code FacePhotoGenerator} and
 * shipped as resources, so that the emulator needs no JPEG 2000 encoder. A card picks one by its
 * seed. No real person is pictured.
 */
final class FacePhotos {

    /** How many photos there are. */
    static final int VARIANTS = 4;

    private static final byte[][] LOADED = new byte[VARIANTS][];

    private FacePhotos() {
    }

    /** @return the resource name of a variant */
    static String name(int variant) {
        return "face-" + (variant + 1) + ".jp2";
    }

    /**
     * @param variant 0 to {@value #VARIANTS} - 1
     * @return the JP2 file (shared: do not modify)
     */
    static synchronized byte[] photo(int variant) {
        if (LOADED[variant] == null) {
            String path = "photos/" + name(variant);
            try (InputStream in = FacePhotos.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + path);
                }
                LOADED[variant] = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return LOADED[variant];
    }
}
