package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.CardType;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real stack: pcscd with vsmartcard's vpcd driver, a card served by {@link VpcdCardServer}, and
 * {@link PcscTransport} talking to it through {@code javax.smartcardio} and pcsc-lite ({@link PcscStack}).
 * Exclude them with {@code -DexcludedGroups=pcsc-stack}.
 */
@Tag("pcsc-stack")
class PcscStackTest {

    private static String reader;
    private static final Duration WAIT_FOR_CARD = PcscStack.WAIT_FOR_CARD;
    private static final Duration TRANSMIT_TIMEOUT = PcscStack.TRANSMIT_TIMEOUT;

    static final byte[] SELECT_JPKI = PcscTransport.SELECT_JPKI.clone();
    static final byte[] SELECT_TOKEN = {0x00, (byte) 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x06};
    static final byte[] READ_TOKEN = {0x00, (byte) 0xB0, 0x00, 0x00, 0x20};
    /** A proprietary command the fake card answers only after a long pause, like a hung reader. */
    static final byte[] HANG = {(byte) 0x80, (byte) 0xEE, 0x00, 0x00};
    /** Longer than the transport bound below, shorter than vpcd's own give-up (about 1.4 s). */
    private static final long HANG_MILLIS = 1000;

    private VpcdCardServer server;
    private FakeJpkiCard card;

    /**
     * A tiny JPKI card: SELECT of the JPKI AID, SELECT of the token EF 0006 and READ BINARY of it,
     * plus a command that hangs. Small enough to reason about PC/SC behaviour; the full emulator
     * runs through the same stack in {@link #theEmulatorThroughPcscdReadsLikeTheEmulatorInProcess()}.
     */
    static final class FakeJpkiCard implements CardTransport {
        private static final byte[] TOKEN = Arrays.copyOf(
                "JPKIAPICCTOKEN2                 ".getBytes(StandardCharsets.US_ASCII), 32);
        final AtomicInteger resets = new AtomicInteger();
        final AtomicInteger commands = new AtomicInteger();
        private volatile boolean jpkiSelected;
        private volatile boolean tokenSelected;

        @Override
        public byte[] transmit(byte[] c) throws IOException {
            commands.incrementAndGet();
            if (Arrays.equals(c, SELECT_JPKI)) {
                jpkiSelected = true;
                tokenSelected = false;
                return sw(0x9000);
            }
            if (Arrays.equals(c, SELECT_TOKEN)) {
                tokenSelected = jpkiSelected;
                return sw(jpkiSelected ? 0x9000 : 0x6A82);
            }
            if (c.length == 5 && c[1] == (byte) 0xB0) {
                if (!tokenSelected) {
                    return sw(0x6986);
                }
                int offset = ((c[2] & 0x7F) << 8) | (c[3] & 0xFF);
                int le = c[4] == 0 ? 256 : c[4] & 0xFF;
                if (offset >= TOKEN.length) {
                    return sw(0x6B00);
                }
                byte[] data = Arrays.copyOfRange(TOKEN, offset, Math.min(TOKEN.length, offset + le));
                byte[] out = Arrays.copyOf(data, data.length + 2);
                out[data.length] = (byte) 0x90;
                return out;
            }
            if (Arrays.equals(c, HANG)) {
                try {
                    Thread.sleep(HANG_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return sw(0x9000);
            }
            return sw(0x6D00);
        }

        void reset() {
            jpkiSelected = false;
            tokenSelected = false;
            resets.incrementAndGet();
        }

        private static byte[] sw(int sw) {
            return new byte[] {(byte) (sw >> 8), (byte) sw};
        }
    }

    @BeforeAll
    static void bringUpTheStack() {
        PcscStack.bringUp();
        reader = PcscStack.reader;
    }

    @BeforeEach
    void insertCard() throws InterruptedException {
        card = new FakeJpkiCard();
        insert(card, card::reset);
    }

    private void insert(CardTransport served, Runnable onReset) throws InterruptedException {
        server = PcscStack.insert(served, onReset);
    }

    @AfterEach
    void removeCard() throws InterruptedException {
        server.close();
        PcscStack.waitUntilPcscdSeesNoCard();
    }

    @Test
    void selectsAndReadsTheTokenThroughPcscd() throws Exception {
        try (PcscTransport transport = PcscStack.openVirtualReader()) {
            assertEquals(reader, transport.readerName());
            assertEquals("T=1", transport.protocol());
            assertArrayEquals(VpcdCardServer.atr(), transport.atr());

            assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_JPKI)));
            assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_TOKEN)));
            byte[] token = transport.transmit(READ_TOKEN);
            assertEquals(0x9000, PcscStack.sw(token));
            assertEquals("JPKIAPICCTOKEN2", new String(token, 0, 15, StandardCharsets.US_ASCII));
            assertEquals(34, token.length);
        }
    }

    @Test
    void theEmulatorThroughPcscdReadsLikeTheEmulatorInProcess() throws Exception {
        server.close();
        PcscStack.waitUntilPcscdSeesNoCard();
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        insert(emulator, emulator::reset);
        try (PcscTransport transport = PcscStack.openVirtualReader()) {
            MynaCard myna = MynaCard.open(transport);
            assertEquals(CardType.MY_NUMBER_CARD, myna.cardType());
            assertEquals(emulator.certificate(JpkiCertificate.AUTHENTICATION),
                    myna.readCertificate(JpkiCertificate.AUTHENTICATION));
            myna.verifyUserPin(MynaCardEmulator.DEFAULT_USER_PIN.toCharArray());
        }
    }

    @Test
    void readerListShowsTheCard() throws Exception {
        long deadline = System.nanoTime() + WAIT_FOR_CARD.toNanos();
        while (true) {
            ReaderInfo info = PcscReaders.list().stream().filter(r -> r.name().equals(reader)).findFirst()
                    .orElseThrow();
            if (info.cardPresent()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "card never appeared in " + reader);
            Thread.sleep(100);
        }
    }

    /**
     * The served card answers SELECT of the JPKI application as a My Number Card would, yet in a
     * virtual reader, so automatic choice never talks to it; naming the reader does. Assumes no
     * real reader holds a My Number Card (none in CI).
     */
    @Test
    void automaticChoiceSkipsTheCardInTheVirtualReaderAndSaysHowToUseIt() throws Exception {
        readerListShowsTheCard();
        CardTransportException e = assertThrows(CardTransportException.class, PcscTransport::open);
        System.err.println("PcscTransport.open() with the card in a virtual reader: " + e.reason() + ": " + e.getMessage());
        assertTrue(e.reason() == Reason.NO_READER || e.reason() == Reason.NO_CARD, e.reason().toString());
        assertTrue(e.getMessage().contains(reader + " (holding a card)") && e.getMessage().contains("nameContains"),
                e.getMessage());
        assertEquals(0, card.commands.get(), "a command reached the card in the virtual reader");
        try (PcscTransport named = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD, TRANSMIT_TIMEOUT)) {
            assertEquals(0x9000, PcscStack.sw(named.transmit(SELECT_JPKI)));
        }
    }

    @Test
    void aSecondSessionInThisJvmIsRefusedAtOnceAndTheFirstIsUndisturbed() throws Exception {
        try (PcscTransport first = PcscStack.openVirtualReader()) {
            assertEquals(0x9000, PcscStack.sw(first.transmit(SELECT_JPKI)));
            long start = System.nanoTime();
            CardTransportException e = assertThrows(CardTransportException.class, () -> PcscTransport.open(
                    ReaderSelector.nameContains(reader), Duration.ZERO, Duration.ofSeconds(1)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Reason.SHARING_VIOLATION, e.reason(), e.getMessage());
            assertTrue(millis < 500, "took " + millis + " ms");
            // the first session keeps its card, its exclusive access and its selected file
            assertEquals(0x9000, PcscStack.sw(first.transmit(SELECT_TOKEN)));
            assertEquals(0x9000, PcscStack.sw(first.transmit(READ_TOKEN)));
        }
        try (PcscTransport second = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                TRANSMIT_TIMEOUT)) {
            assertEquals(0x9000, PcscStack.sw(second.transmit(SELECT_JPKI)));
        }
    }

    /**
     * Another process: pcsc-lite lets it connect (shared mode) but keeps retrying its
     * SCardBeginTransaction while we hold ours, so it waits; PcscTransport bounds that wait and
     * reports SHARING_VIOLATION.
     */
    @Test
    void aSecondSessionInAnotherProcessWaitsForExclusiveAccessThenGetsSharingViolation() throws Exception {
        long bound = 1500;
        try (PcscTransport first = PcscStack.openVirtualReader()) {
            assertEquals(0x9000, PcscStack.sw(first.transmit(SELECT_JPKI)));
            String[] result = runProbe(bound);
            assertEquals("SHARING_VIOLATION", result[0]);
            long millis = Long.parseLong(result[1]);
            assertTrue(millis >= bound - 100 && millis < bound + 2000, "took " + millis + " ms");
            assertEquals(0x9000, PcscStack.sw(first.transmit(SELECT_TOKEN)));
            assertEquals(0x9000, PcscStack.sw(first.transmit(READ_TOKEN)));
        }
        // with the first session closed, the other process gets the card
        assertEquals("OPENED", runProbe(bound)[0]);
    }

    private static String[] runProbe(long boundMillis) throws Exception {
        String classPath = PcscStack.testClassPath();
        String java = PcscStack.javaLauncher();
        Path output = Files.createTempFile("mynacard-probe", ".txt");
        try {
            Process p = new ProcessBuilder(java, "-cp", classPath, SecondSessionProbe.class.getName(),
                    reader, Long.toString(boundMillis)).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("probe process hung");
            }
            return parseProbe(Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String[] parseProbe(String out) {
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("probe printed no result: " + out));
        String[] parts = line.split(" ");
        return new String[] {parts[1], parts[2]};
    }

    @Test
    void aSecondSessionAfterTheFirstClosesGetsTheCard() throws Exception {
        PcscStack.openVirtualReader().close();
        try (PcscTransport second = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                TRANSMIT_TIMEOUT)) {
            assertEquals(0x9000, PcscStack.sw(second.transmit(SELECT_JPKI)));
        }
    }

    @Test
    void closingResetsTheCardSoNoStateSurvives() throws Exception {
        PcscTransport transport = PcscStack.openVirtualReader();
        assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_JPKI)));
        int before = card.resets.get();
        transport.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (card.resets.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(card.resets.get() > before, "disconnect(true) did not reach the card as a reset");
        try (PcscTransport again = PcscStack.openVirtualReader()) {
            // the reset cleared the selected application: EF 0006 cannot be selected without it
            assertEquals(0x6A82, PcscStack.sw(again.transmit(SELECT_TOKEN)));
        }
    }

    @Test
    void removingTheCardMidSessionGivesATypedFailureWithinTheTimeout() throws Exception {
        try (PcscTransport transport = PcscStack.openVirtualReader()) {
            assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_JPKI)));
            server.close();
            long start = System.nanoTime();
            CardTransportException e = assertThrows(CardTransportException.class,
                    () -> transport.transmit(SELECT_TOKEN));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.err.println("card removed mid-session: " + e.reason() + " after " + millis + " ms: " + e.getMessage());
            assertEquals(Reason.CARD_REMOVED, e.reason(), e.getMessage());
            assertTrue(millis <= TRANSMIT_TIMEOUT.toMillis() + 500, "took " + millis + " ms");
        }
    }

    /**
     * javax.smartcardio refuses a command, end of exclusive access or disconnect from any thread but
     * the one that began exclusive access; the transport is used here from four threads, none of
     * them the one that opened it, and the close still resets the card.
     */
    @Test
    void aSessionOpenedOnOneThreadServesCommandsAndCloseFromOtherThreads() throws Exception {
        PcscTransport transport = PcscStack.openVirtualReader();
        ExecutorService others = Executors.newFixedThreadPool(3);
        try {
            assertEquals(0x9000, others.submit(() -> PcscStack.sw(transport.transmit(SELECT_JPKI))).get(10, TimeUnit.SECONDS));
            assertEquals(0x9000, others.submit(() -> PcscStack.sw(transport.transmit(SELECT_TOKEN))).get(10, TimeUnit.SECONDS));
            List<Future<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                reads.add(others.submit(() -> {
                    int ok = 0;
                    for (int k = 0; k < 10; k++) {
                        ok += PcscStack.sw(transport.transmit(READ_TOKEN)) == 0x9000 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> r : reads) {
                assertEquals(10, r.get(20, TimeUnit.SECONDS));
            }
            int before = card.resets.get();
            Thread closer = new Thread(transport::close, "closer");
            closer.start();
            closer.join(10_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (card.resets.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(card.resets.get() > before, "the close from another thread did not reset the card");
        } finally {
            others.shutdownNow();
            transport.close();
        }
        // and the reader is free again, for this program and others
        try (PcscTransport again = PcscStack.openVirtualReader()) {
            assertEquals(0x6A82, PcscStack.sw(again.transmit(SELECT_TOKEN)));
        }
        assertEquals("OPENED", runProbe(1500)[0]);
    }

    /** Sessions after the first borrow the card thread the previous one gave back. */
    @Test
    void fiftySessionsThroughPcscdStartNoThreadAfterTheFirst() throws Exception {
        PcscStack.openVirtualReader().close();
        int started = CardThread.started();
        Set<String> before = CardThreadTest.liveCardThreads().stream().map(Thread::getName).collect(Collectors.toSet());
        for (int i = 0; i < 50; i++) {
            try (PcscTransport transport = PcscStack.openVirtualReader()) {
                assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_JPKI)));
            }
        }
        assertEquals(started, CardThread.started(), "card threads started by 50 sessions");
        Set<String> after = CardThreadTest.liveCardThreads().stream().map(Thread::getName).collect(Collectors.toSet());
        assertTrue(before.containsAll(after), "new card threads: " + after + " (before: " + before + ")");
    }

    /** As below, with the hung command sent from a thread other than the one that opened. */
    @Test
    void aHungCardGivesTimeoutWithinTheBoundToACommandFromAnotherThread() throws Exception {
        Duration bound = Duration.ofMillis(500);
        try (PcscTransport transport = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                bound)) {
            assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_JPKI)));
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<Object[]> attempt = other.submit(() -> {
                    long start = System.nanoTime();
                    CardTransportException e = assertThrows(CardTransportException.class, () -> transport.transmit(HANG));
                    return new Object[] {e.reason(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)};
                });
                Object[] outcome = attempt.get(10, TimeUnit.SECONDS);
                assertEquals(Reason.TIMEOUT, outcome[0]);
                long millis = (Long) outcome[1];
                assertTrue(millis >= bound.toMillis() - 50 && millis < bound.toMillis() + 1000, "took " + millis + " ms");
            } finally {
                other.shutdownNow();
            }
            Thread.sleep(HANG_MILLIS);
            transport.reconnect();
            assertEquals(0x6A82, PcscStack.sw(transport.transmit(SELECT_TOKEN)));
        }
    }

    /**
     * vpcd itself gives up on a silent card after about 1.4 s (SCARD_E_NOT_TRANSACTED), so the
     * transport's own bound is set below that to see it act.
     */
    @Test
    void aHungCardGivesTimeoutWithinTheConfiguredBound() throws Exception {
        Duration bound = Duration.ofMillis(500);
        try (PcscTransport transport = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                bound)) {
            assertEquals(bound, transport.transmitTimeout());
            assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_JPKI)));
            long start = System.nanoTime();
            CardTransportException e = assertThrows(CardTransportException.class, () -> transport.transmit(HANG));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
            assertTrue(millis >= bound.toMillis() - 50 && millis < bound.toMillis() + 1000, "took " + millis + " ms");
            // the link stays down until reconnect(), which brings back a freshly reset card
            assertEquals(Reason.TIMEOUT, assertThrows(CardTransportException.class,
                    () -> transport.transmit(SELECT_JPKI)).reason());
            Thread.sleep(HANG_MILLIS);
            transport.reconnect();
            assertEquals(0x6A82, PcscStack.sw(transport.transmit(SELECT_TOKEN)));
            assertEquals(0x9000, PcscStack.sw(transport.transmit(SELECT_JPKI)));
        }
    }
}
