package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CardPhotoDecoder}: hostile photos end in time, typed, with one plain message. */
class CardPhotoDecoderTest {

    /** How many mutations the fuzz test decodes. */
    static final int MUTATIONS = 3000;
    /** The fixed seed the mutations start from. */
    static final long FIRST_SEED = 0;
    /** How long one hostile photo may take, the deadline included. */
    static final long BOUND_MS = 5000;

    static byte[] emulatorPhoto(int variant) throws Exception {
        try (InputStream in = CardPhotoDecoderTest.class.getClassLoader()
                .getResourceAsStream("io/github/mynacard/mock/photos/face-" + variant + ".jp2")) {
            assertNotNull(in, "the emulator's photo resource");
            return in.readAllBytes();
        }
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = CardPhotoDecoderTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** Decodes within the bound; a failure must be a plain exit-7 message. @return true when it decoded */
    static boolean decodesOrFailsTyped(String what, byte[] photo) {
        long t0 = System.nanoTime();
        boolean decoded;
        try {
            byte[] png = CardPhotoDecoder.png(photo);
            assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', what + ": PNG");
            decoded = true;
        } catch (CliException e) {
            assertEquals(ExitCodes.CARD_ERROR, e.exitCode(), what);
            assertPlain(what, e.getMessage());
            decoded = false;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < BOUND_MS, what + " took " + ms + " ms");
        return decoded;
    }

    static void assertPlain(String what, String message) {
        assertTrue(message.startsWith("the card's photo "), what + ": " + message);
        assertFalse(message.contains("\n"), what + ": " + message);
        assertFalse(message.matches(".*(Exception|Error|jj2000|java\\.|\\$).*"), what + ": " + message);
    }

    @Test
    void everyEmulatorPhotoDecodesToThePicture() throws Exception {
        for (int v = 1; v <= 4; v++) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(CardPhotoDecoder.png(emulatorPhoto(v))));
            assertEquals(300, img.getWidth());
            assertEquals(400, img.getHeight());
        }
    }

    @Test
    void theLoopingPhotoIsAbandonedAtTheDeadline() throws Exception {
        CliException e = assertThrows(CliException.class, () -> CardPhotoDecoder.png(resource("photo-loops.jp2")));
        assertEquals(ExitCodes.CARD_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("did not decode within"), e.getMessage());
        assertPlain("loops", e.getMessage());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theRegressionPhotosFailTypedInTime() throws Exception {
        for (String name : new String[] {"photo-loops.jp2", "photo-loops-huge.jp2", "photo-not-implemented.jp2",
            "photo-out-of-memory.jp2"}) {
            assertFalse(decodesOrFailsTyped(name, resource(name)), name);
        }
    }

    @Test
    void theRegressionPhotosAreStillHostileToTheBareDecoder() throws Exception {
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                DecoderOutput.silenceThisThread();
                CardPhotoDecoder.decode(resource("photo-not-implemented.jp2"));
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        t.start();
        t.join(BOUND_MS);
        assertTrue(thrown[0] instanceof Error && !(thrown[0] instanceof OutOfMemoryError), String.valueOf(thrown[0]));
        CliException e = assertThrows(CliException.class,
                () -> CardPhotoDecoder.bounded(() -> CardPhotoDecoder.decode(resource("photo-loops.jp2")), 1500));
        assertTrue(e.getMessage().contains("within 1500 ms"), "the bare decoder still runs past 1.5 s: " + e.getMessage());
    }

    @Test
    void headersBeyondTheBudgetAreRefusedBeforeDecoding() throws Exception {
        byte[] p = emulatorPhoto(1);
        int siz = FaceCommandTest.indexOf(p, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51}) + 4;
        byte[] wide = p.clone();
        wide[siz + 4] = 0x10; // Xsiz ≥ 2^28
        byte[] components = p.clone();
        components[siz + 37] = 5;
        byte[] deep = p.clone();
        deep[siz + 38] = 0x1F; // 32 bits
        byte[] disagrees = p.clone();
        disagrees[siz + 7] ^= 1;
        disagrees[siz + 23] ^= 1;
        for (byte[] b : new byte[][] {wide, components, deep, disagrees, new byte[0], new byte[CardPhotoDecoder.MAX_INPUT_BYTES + 1],
            java.util.Arrays.copyOf(p, 60)}) {
            CliException e = assertThrows(CliException.class, () -> CardPhotoDecoder.checkHeader(b));
            assertEquals(ExitCodes.CARD_ERROR, e.exitCode());
            assertPlain("header", e.getMessage());
        }
        CardPhotoDecoder.checkHeader(p);
    }

    @Test
    void everyThrowableBecomesOnePlainExitSevenFailure() {
        Throwable[] all = {new NullPointerException("x.y.Z"), new OutOfMemoryError("Java heap space"), new StackOverflowError(),
            new IllegalStateException("jj2000.j2k.Foo"), new java.io.IOException("java.io.EOFException"), new LinkageError("e")};
        for (Throwable t : all) {
            CliException e = assertThrows(CliException.class, () -> CardPhotoDecoder.bounded(() -> {
                if (t instanceof Exception x) {
                    throw x;
                }
                throw (Error) t;
            }, 2000));
            assertEquals(ExitCodes.CARD_ERROR, e.exitCode());
            assertPlain(t.toString(), e.getMessage());
        }
    }

    @Test
    void aRunawayDecoderIsStoppedNotLeftSpinning() throws Exception {
        AtomicBoolean ended = new AtomicBoolean();
        Thread[] spinner = new Thread[1];
        CliException e = assertThrows(CliException.class, () -> CardPhotoDecoder.bounded(() -> {
            spinner[0] = Thread.currentThread();
            try {
                while (!ended.get()) {
                    Thread.onSpinWait();
                }
                return null;
            } finally {
                ended.set(true);
            }
        }, 200));
        assertTrue(e.getMessage().contains("within 200 ms"), e.getMessage());
        if (Runtime.version().feature() < 20) {
            spinner[0].join(2000);
            assertTrue(ended.get() && !spinner[0].isAlive(), "the runaway thread was stopped");
        }
    }

    @Test
    void threeThousandMutationsOfTheEmulatorsPhotoEndInTimeAndTyped() throws Exception {
        byte[] photo = emulatorPhoto(1);
        PhotoMutator m = new PhotoMutator(photo);
        int decoded = 0;
        int refusedByHeader = 0;
        int timedOut = 0;
        int failed = 0;
        long slowest = 0;
        long slowestSeed = -1;
        long start = System.nanoTime();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + MUTATIONS; seed++) {
            byte[] b = m.mutate(seed);
            long t0 = System.nanoTime();
            try {
                CardPhotoDecoder.checkHeader(b);
            } catch (CliException e) {
                refusedByHeader++;
                assertPlain("seed " + seed, e.getMessage());
                continue;
            }
            try {
                if (decodesOrFailsTyped("seed " + seed, b)) {
                    decoded++;
                } else {
                    failed++;
                }
            } catch (AssertionError e) {
                fail("seed " + seed + ": " + e.getMessage());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms >= CardPhotoDecoder.timeoutMillis()) {
                timedOut++;
            }
            if (ms > slowest) {
                slowest = ms;
                slowestSeed = seed;
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("photo fuzz: %d mutations, %d decoded, %d refused by the header check, %d failed while decoding "
                + "(%d of them at the deadline), slowest seed %d at %d ms, %d ms in all%n",
                MUTATIONS, decoded, refusedByHeader, failed, timedOut, slowestSeed, slowest, wall);
        assertEquals(MUTATIONS, decoded + refusedByHeader + failed);
        assertTrue(decoded > 0 && refusedByHeader > 0 && failed > 0, "the mutations reach every outcome");
    }
}
