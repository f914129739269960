package io.github.mynacard.examples.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;

/**
 * Decodes the card's JPEG 2000 face photo to PNG within bounds, since the bytes come from the card
 * and may be hostile.
 *
 * <ul>
 *   <li>Memory: the input is at most {@value #MAX_INPUT_BYTES} bytes, and its header (JP2 boxes,
 *       then the codestream's SIZ marker) is checked before any decoding: at most
 *       {@value #MAX_SIDE} pixels a side, {@value #MAX_PIXELS} pixels, {@value #MAX_COMPONENTS}
 *       components of at most {@value #MAX_BIT_DEPTH} bits, {@value #MAX_TILES} tiles, and the JP2
 *       image header agreeing with the codestream. A card photo (300×400 grey, about 6 KB) is far
 *       below each of these.</li>
 *   <li>Time: the decoder runs on a daemon thread of its own; past the deadline (system property
 *       {@value #TIMEOUT_PROPERTY}, milliseconds, default {@value #DEFAULT_TIMEOUT_MS}) it is
 *       abandoned. It is then stopped with {@code Thread.stop} where the JDK still does that
 *       (Java 17: the decoder holds no lock or state shared with the caller, so an asynchronous stop
 *       is safe here, and it is the only way to end a loop that never checks for interruption). Where
 *       {@code Thread.stop} throws (Java 20 and later), the thread is interrupted, set to the lowest
 *       priority and left to end; while {@value #MAX_RUNAWAYS} such threads are still alive, further
 *       decodes are refused rather than started, so runaways cannot pile up.</li>
 *   <li>Failures: whatever the decoder throws, {@link Error}s included, becomes one
 *       {@link CliException} with {@link ExitCodes#CARD_ERROR}.</li>
 * </ul>
 */
public final class CardPhotoDecoder {

    /** The system property that sets the decoding deadline in milliseconds. */
    public static final String TIMEOUT_PROPERTY = "mynacard.photo.timeoutMillis";
    /** The decoding deadline when the property is not set, in milliseconds. */
    public static final long DEFAULT_TIMEOUT_MS = 3000;
    /** The largest photo file taken, in bytes. */
    public static final int MAX_INPUT_BYTES = 1 << 20;
    /** The longest side taken, in pixels. */
    public static final long MAX_SIDE = 4096;
    /** The most pixels taken. */
    public static final long MAX_PIXELS = 4L * 1024 * 1024;
    /** The most components taken. */
    public static final int MAX_COMPONENTS = 4;
    /** The deepest component taken, in bits. */
    public static final int MAX_BIT_DEPTH = 16;
    /** The most tiles taken. */
    public static final long MAX_TILES = 4096;
    /** How many abandoned decoders may still run before decoding is refused. */
    public static final int MAX_RUNAWAYS = 2;

    private static final String PREFIX = "the card's photo does not decode: ";
    private static final AtomicInteger RUNAWAYS = new AtomicInteger();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private CardPhotoDecoder() {
    }

    /**
     * @param jpeg2000 the photo as the card holds it (a JP2 file or a bare codestream)
     * @return the photo as PNG
     * @throws CliException exit code {@link ExitCodes#CARD_ERROR} when the photo is refused, does not
     *     decode, or does not decode in time
     */
    public static byte[] png(byte[] jpeg2000) throws CliException {
        checkHeader(jpeg2000);
        return bounded(() -> decode(jpeg2000), timeoutMillis());
    }

    /** The deadline in milliseconds, from {@value #TIMEOUT_PROPERTY} or the default. */
    static long timeoutMillis() {
        String v = System.getProperty(TIMEOUT_PROPERTY);
        if (v != null) {
            try {
                long ms = Long.parseLong(v.strip());
                if (ms > 0) {
                    return ms;
                }
            } catch (NumberFormatException ignored) {
                // falls back to the default
            }
        }
        return DEFAULT_TIMEOUT_MS;
    }

    /**
     * Decodes without any bound: for tests that show what the bounds prevent.
     *
     * @param jpeg2000 the photo
     * @return the photo as PNG, or null when no reader takes it
     * @throws Exception whatever the decoder throws
     */
    static byte[] decode(byte[] jpeg2000) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg2000));
        if (img == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A decoding step that may throw anything. */
    interface Step {
        byte[] run() throws Exception;
    }

    /** Runs a step on a daemon thread within {@code timeoutMs}, every failure typed. */
    @SuppressWarnings("deprecation")
    static byte[] bounded(Step step, long timeoutMs) throws CliException {
        if (RUNAWAYS.get() >= MAX_RUNAWAYS) {
            throw new CliException(ExitCodes.CARD_ERROR,
                    PREFIX + "earlier photos are still being decoded past their deadline; try again later");
        }
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                DecoderOutput.silenceThisThread();
                byte[] png = step.run();
                outcome.set(png != null ? png : new CliException(ExitCodes.CARD_ERROR,
                        "the card's photo is not a JPEG 2000 image this tool can decode"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "card-photo-decoder-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> { });
        DecoderOutput.open();
        try {
            t.start();
            t.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(t);
            throw new CliException(ExitCodes.CARD_ERROR, PREFIX + "decoding was interrupted");
        } finally {
            DecoderOutput.close();
        }
        if (t.isAlive()) {
            abandon(t);
            throw new CliException(ExitCodes.CARD_ERROR, PREFIX + "it did not decode within " + timeoutMs + " ms");
        }
        Object o = outcome.get();
        if (o instanceof byte[] png) {
            return png;
        }
        if (o instanceof CliException c) {
            throw c;
        }
        Throwable e = (Throwable) o;
        throw new CliException(ExitCodes.CARD_ERROR, PREFIX + reason(e), e);
    }

    /** Stops a decoder past its deadline, or starves it where the JDK no longer stops threads. */
    @SuppressWarnings({"deprecation", "removal"})
    private static void abandon(Thread t) {
        try {
            t.stop();
            return;
        } catch (UnsupportedOperationException | SecurityException notHere) {
            // Java 20 and later: the thread is left to end by itself
        }
        t.interrupt();
        t.setPriority(Thread.MIN_PRIORITY);
        RUNAWAYS.incrementAndGet();
        Thread watcher = new Thread(() -> {
            try {
                t.join();
            } catch (InterruptedException ignored) {
                // the count stays; the process ends soon anyway
                return;
            }
            RUNAWAYS.decrementAndGet();
        }, t.getName() + "-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** One line for the user, without Java class names. */
    private static String reason(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "it needs more memory than a photo may";
        }
        if (e instanceof StackOverflowError) {
            return "its structure nests too deeply";
        }
        if (e instanceof java.io.IOException && e.getMessage() != null && !e.getMessage().isBlank()
                && !e.getMessage().matches(".*\\b[a-z]+\\.[a-z]+\\.[A-Za-z.$]+.*")) {
            return e.getMessage().strip().replaceAll("\\s+", " ");
        }
        return "its JPEG 2000 data is malformed or uses features this tool cannot decode";
    }

    /** Refuses input whose size or header is out of bounds or inconsistent. */
    static void checkHeader(byte[] b) throws CliException {
        if (b == null || b.length == 0) {
            throw refused("it is empty");
        }
        if (b.length > MAX_INPUT_BYTES) {
            throw refused("it has " + b.length + " bytes, more than " + MAX_INPUT_BYTES);
        }
        if (b.length >= 4 && u16(b, 0) == 0xFF4F && u16(b, 2) == 0xFF51) {
            checkSiz(b, 0, b.length, -1, -1, -1);
            return;
        }
        Jp2Boxes.check(b);
    }

    /**
     * Checks the codestream's SIZ marker at {@code at}; {@code width}, {@code height} and
     * {@code components} are the JP2 image header's, or -1 when there is none.
     */
    static void checkSiz(byte[] b, int at, int end, long width, long height, int components) throws CliException {
        if (at + 4 > end || u16(b, at) != 0xFF4F || u16(b, at + 2) != 0xFF51) {
            throw refused("its codestream does not start with SOC and SIZ");
        }
        int p = at + 4;
        if (p + 40 > end) {
            throw refused("its SIZ marker is truncated");
        }
        int lsiz = u16(b, p);
        long xsiz = u32(b, p + 4);
        long ysiz = u32(b, p + 8);
        long xo = u32(b, p + 12);
        long yo = u32(b, p + 16);
        long xt = u32(b, p + 20);
        long yt = u32(b, p + 24);
        long xto = u32(b, p + 28);
        long yto = u32(b, p + 32);
        int csiz = u16(b, p + 36);
        if (csiz < 1 || csiz > MAX_COMPONENTS) {
            throw refused("it has " + csiz + " components (at most " + MAX_COMPONENTS + " taken)");
        }
        if (lsiz != 38 + 3 * csiz || p + lsiz > end) {
            throw refused("its SIZ marker's length does not fit its components");
        }
        if (xo >= xsiz || yo >= ysiz) {
            throw refused("its image area is empty");
        }
        long w = xsiz - xo;
        long h = ysiz - yo;
        if (w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS) {
            throw refused("it is " + w + "×" + h + " pixels (at most " + MAX_SIDE + " a side and " + MAX_PIXELS + " taken)");
        }
        if (xt == 0 || yt == 0 || xto > xo || yto > yo || xto + xt <= xo || yto + yt <= yo) {
            throw refused("its tiles do not cover the image");
        }
        long tiles = ceilDiv(xsiz - xto, xt) * ceilDiv(ysiz - yto, yt);
        if (tiles > MAX_TILES) {
            throw refused("it has " + tiles + " tiles (at most " + MAX_TILES + " taken)");
        }
        for (int c = 0; c < csiz; c++) {
            int q = p + 38 + 3 * c;
            int depth = (b[q] & 0x7F) + 1;
            int dx = b[q + 1] & 0xFF;
            int dy = b[q + 2] & 0xFF;
            if (depth > MAX_BIT_DEPTH || dx == 0 || dy == 0) {
                throw refused("a component has " + depth + " bits or a zero sampling step");
            }
        }
        if (width >= 0 && (width != w || height != h || components != csiz)) {
            throw refused("its JP2 image header does not agree with its codestream");
        }
    }

    static CliException refused(String why) {
        return new CliException(ExitCodes.CARD_ERROR, PREFIX + why);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private static long ceilDiv(long a, long d) {
        return (a + d - 1) / d;
    }
}
