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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real stack: pcscd with vsmartcard's vpcd driver, a card served by {@link VpcdCardServer}, and
 * {@link PcscTransport} talking to it through {@code javax.smartcardio} and pcsc-lite.
 *
 * <p>Starts the stack with {@code .ci/pcsc-stack.sh} when needed. Under {@code CI=true} a missing
 * stack fails the build; elsewhere these tests are skipped with a loud message. Exclude them with
 * {@code -DexcludedGroups=pcsc-stack}.
 */
@Tag("pcsc-stack")
class PcscStackTest {

    /** vpcd's first slot; slot N is reader {@code "Virtual PCD 00 0N"} on port 35963 + N. */
    private static final String READER_PREFIX = "Virtual PCD 00 0";
    /** The slot the tests use: the first one with no card, so a card someone else serves is left alone. */
    private static String reader;
    private static int port;
    private static final Duration WAIT_FOR_CARD = Duration.ofSeconds(15);
    private static final Duration TRANSMIT_TIMEOUT = Duration.ofSeconds(3);

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
        private volatile boolean jpkiSelected;
        private volatile boolean tokenSelected;

        @Override
        public byte[] transmit(byte[] c) throws IOException {
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
        Path script = findScript();
        if (script == null) {
            unavailable(".ci/pcsc-stack.sh not found above " + Path.of("").toAbsolutePath());
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                unavailable(script + " did not finish within 180 s");
            }
            if (p.exitValue() != 0) {
                unavailable(script + " failed with exit code " + p.exitValue()
                        + " (pcscd or vsmartcard-vpcd missing and not installable?)");
            }
        } catch (IOException e) {
            unavailable("cannot run " + script + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable("interrupted while starting the PC/SC stack");
        }
        try {
            List<ReaderInfo> readers = PcscReaders.list();
            for (int slot = 0; slot < 10 && reader == null; slot++) {
                String name = READER_PREFIX + slot;
                if (readers.stream().anyMatch(r -> r.name().equals(name) && !r.cardPresent())) {
                    reader = name;
                    port = VpcdCardServer.DEFAULT_PORT + slot;
                }
            }
            if (reader == null) {
                unavailable("pcscd runs but has no free vpcd reader \"" + READER_PREFIX + "N\" (readers: "
                        + readers + ")");
            }
            System.err.println("PC/SC stack tests use reader \"" + reader + "\" (vpcd port " + port + ")");
        } catch (CardTransportException e) {
            unavailable("PC/SC not usable: " + e.getMessage());
        }
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".ci/pcsc-stack.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void unavailable(String why) {
        String message = "PC/SC stack tests cannot run: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: the stack is required)");
        }
        System.err.println("**********************************************************************");
        System.err.println("* SKIPPING " + message);
        System.err.println("* Run .ci/pcsc-stack.sh (needs root or sudo) to enable them.");
        System.err.println("**********************************************************************");
        Assumptions.abort(message);
    }

    @BeforeEach
    void insertCard() throws InterruptedException {
        card = new FakeJpkiCard();
        insert(card, card::reset);
    }

    private void insert(CardTransport served, Runnable onReset) throws InterruptedException {
        server = new VpcdCardServer(served, onReset, VpcdCardServer.DEFAULT_HOST, port).start();
        assertTrue(server.awaitConnected(Duration.ofSeconds(10)), "vpcd did not accept the card");
    }

    @AfterEach
    void removeCard() throws InterruptedException {
        server.close();
        waitUntilPcscdSeesNoCard();
    }

    private static void waitUntilPcscdSeesNoCard() throws InterruptedException {
        // pcscd polls vpcd for the card; wait until it has seen this card leave, or the next test's
        // card would look like the same card to it (a swap between two polls goes unnoticed)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean present;
            try {
                present = PcscReaders.list().stream().anyMatch(r -> r.name().equals(reader) && r.cardPresent());
            } catch (CardTransportException e) {
                present = false;
            }
            if (!present) {
                return;
            }
            Thread.sleep(50);
        }
        fail("pcscd still reports a card in " + reader + " 5 s after the card server stopped");
    }

    private static PcscTransport openVirtualReader() throws CardTransportException {
        // by name, not firstJpkiCard(): another program's card in another slot must stay untouched
        PcscTransport transport = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                TRANSMIT_TIMEOUT);
        return transport;
    }

    private static int sw(byte[] response) {
        int n = response.length;
        return ((response[n - 2] & 0xFF) << 8) | (response[n - 1] & 0xFF);
    }

    @Test
    void selectsAndReadsTheTokenThroughPcscd() throws Exception {
        try (PcscTransport transport = openVirtualReader()) {
            assertEquals(reader, transport.readerName());
            assertEquals("T=1", transport.protocol());
            assertArrayEquals(VpcdCardServer.atr(), transport.atr());

            assertEquals(0x9000, sw(transport.transmit(SELECT_JPKI)));
            assertEquals(0x9000, sw(transport.transmit(SELECT_TOKEN)));
            byte[] token = transport.transmit(READ_TOKEN);
            assertEquals(0x9000, sw(token));
            assertEquals("JPKIAPICCTOKEN2", new String(token, 0, 15, StandardCharsets.US_ASCII));
            assertEquals(34, token.length);
        }
    }

    @Test
    void theEmulatorThroughPcscdReadsLikeTheEmulatorInProcess() throws Exception {
        server.close();
        waitUntilPcscdSeesNoCard();
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        insert(emulator, emulator::reset);
        try (PcscTransport transport = openVirtualReader()) {
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

    @Test
    void aSecondSessionInThisJvmIsRefusedAtOnceAndTheFirstIsUndisturbed() throws Exception {
        try (PcscTransport first = openVirtualReader()) {
            assertEquals(0x9000, sw(first.transmit(SELECT_JPKI)));
            long start = System.nanoTime();
            CardTransportException e = assertThrows(CardTransportException.class, () -> PcscTransport.open(
                    ReaderSelector.nameContains(reader), Duration.ZERO, Duration.ofSeconds(1)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Reason.SHARING_VIOLATION, e.reason(), e.getMessage());
            assertTrue(millis < 500, "took " + millis + " ms");
            // the first session keeps its card, its exclusive access and its selected file
            assertEquals(0x9000, sw(first.transmit(SELECT_TOKEN)));
            assertEquals(0x9000, sw(first.transmit(READ_TOKEN)));
        }
        try (PcscTransport second = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                TRANSMIT_TIMEOUT)) {
            assertEquals(0x9000, sw(second.transmit(SELECT_JPKI)));
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
        try (PcscTransport first = openVirtualReader()) {
            assertEquals(0x9000, sw(first.transmit(SELECT_JPKI)));
            String[] result = runProbe(bound);
            assertEquals("SHARING_VIOLATION", result[0]);
            long millis = Long.parseLong(result[1]);
            assertTrue(millis >= bound - 100 && millis < bound + 2000, "took " + millis + " ms");
            assertEquals(0x9000, sw(first.transmit(SELECT_TOKEN)));
            assertEquals(0x9000, sw(first.transmit(READ_TOKEN)));
        }
        // with the first session closed, the other process gets the card
        assertEquals("OPENED", runProbe(bound)[0]);
    }

    private static String[] runProbe(long boundMillis) throws Exception {
        String sep = System.getProperty("path.separator");
        String classPath = String.join(sep, Path.of("target/test-classes").toAbsolutePath().toString(),
                Path.of("target/classes").toAbsolutePath().toString(), System.getProperty("java.class.path", ""),
                System.getProperty("jdk.module.path", ""));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = Files.createTempFile("mynacard-probe", ".txt");
        try {
            Process p = new ProcessBuilder(java.toString(), "-cp", classPath, SecondSessionProbe.class.getName(),
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
        openVirtualReader().close();
        try (PcscTransport second = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                TRANSMIT_TIMEOUT)) {
            assertEquals(0x9000, sw(second.transmit(SELECT_JPKI)));
        }
    }

    @Test
    void closingResetsTheCardSoNoStateSurvives() throws Exception {
        PcscTransport transport = openVirtualReader();
        assertEquals(0x9000, sw(transport.transmit(SELECT_JPKI)));
        int before = card.resets.get();
        transport.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (card.resets.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(card.resets.get() > before, "disconnect(true) did not reach the card as a reset");
        try (PcscTransport again = openVirtualReader()) {
            // the reset cleared the selected application: EF 0006 cannot be selected without it
            assertEquals(0x6A82, sw(again.transmit(SELECT_TOKEN)));
        }
    }

    @Test
    void removingTheCardMidSessionGivesATypedFailureWithinTheTimeout() throws Exception {
        try (PcscTransport transport = openVirtualReader()) {
            assertEquals(0x9000, sw(transport.transmit(SELECT_JPKI)));
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
     * vpcd itself gives up on a silent card after about 1.4 s (SCARD_E_NOT_TRANSACTED), so the
     * transport's own bound is set below that to see it act.
     */
    @Test
    void aHungCardGivesTimeoutWithinTheConfiguredBound() throws Exception {
        Duration bound = Duration.ofMillis(500);
        try (PcscTransport transport = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                bound)) {
            assertEquals(bound, transport.transmitTimeout());
            assertEquals(0x9000, sw(transport.transmit(SELECT_JPKI)));
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
            assertEquals(0x6A82, sw(transport.transmit(SELECT_TOKEN)));
            assertEquals(0x9000, sw(transport.transmit(SELECT_JPKI)));
        }
    }

    @Test
    void roughCostOfAnApduThroughPcscd() throws Exception {
        int rounds = 100;
        try (PcscTransport transport = openVirtualReader()) {
            transport.transmit(SELECT_JPKI);
            transport.transmit(SELECT_TOKEN);
            for (int i = 0; i < 10; i++) {
                transport.transmit(READ_TOKEN);
            }
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                transport.transmit(READ_TOKEN);
            }
            long viaPcscd = (System.nanoTime() - start) / rounds;

            FakeJpkiCard direct = new FakeJpkiCard();
            direct.transmit(SELECT_JPKI);
            direct.transmit(SELECT_TOKEN);
            start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                direct.transmit(READ_TOKEN);
            }
            long inProcess = (System.nanoTime() - start) / rounds;
            System.err.printf("READ BINARY (32 bytes): %d us per APDU through pcscd+vpcd, %d us in-process%n",
                    viaPcscd / 1000, inProcess / 1000);
        }
    }
}
