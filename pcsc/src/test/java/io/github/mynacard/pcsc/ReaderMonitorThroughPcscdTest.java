package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.CardFields;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReaderMonitor} through pcscd with both of vpcd's virtual readers: every card served and
 * stopped in either slot is seen, in order, none lost; two cards are used at the same time, each on
 * its own thread with its own counters, while the monitor watches; a card pulled in the middle of a
 * read is a typed failure and leaves its counters as they were; no pcscd is a typed failure.
 */
@Tag("pcsc-stack")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReaderMonitorThroughPcscdTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
    private static List<String> readers;

    @TempDir
    Path dir;

    private final VpcdCardServer[] servers = new VpcdCardServer[2];
    private ReaderMonitor monitor;

    @BeforeAll
    static void stack() {
        readers = PcscStack.bringUpBothSlots();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int slot = 0; slot < 2; slot++) {
            if (servers[slot] != null) {
                servers[slot].close();
                servers[slot] = null;
            }
        }
        if (monitor != null) {
            monitor.close();
        }
        awaitBothEmpty();
    }

    private static void awaitBothEmpty() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (PcscReaders.list().stream().noneMatch(r -> readers.contains(r.name()) && r.cardPresent())) {
                return;
            }
            Thread.sleep(50);
        }
        fail("pcscd still reports a card in a vpcd reader 10 s after the servers stopped");
    }

    private VpcdCardServer serve(int slot, CardTransport card, Runnable onReset) throws InterruptedException {
        VpcdCardServer s = new VpcdCardServer(card, onReset, VpcdCardServer.DEFAULT_HOST, PcscStack.portOf(slot)).start();
        assertTrue(s.awaitConnected(Duration.ofSeconds(10)), "vpcd did not accept the card in slot " + slot);
        servers[slot] = s;
        return s;
    }

    private void pull(int slot) {
        servers[slot].close();
        servers[slot] = null;
    }

    /** Starts a monitor on empty vpcd readers and takes the events of the state at its start. */
    private ReaderMonitor startMonitor() throws Exception {
        ReaderMonitor m = ReaderMonitor.start();
        Set<String> added = new HashSet<>();
        for (Optional<ReaderEvent> e; (e = m.next(Duration.ofMillis(300))).isPresent(); ) {
            assertTrue(e.get().initial(), "a change before the test made one: " + e.get());
            if (e.get().kind() == ReaderEvent.Kind.READER_ADDED) {
                added.add(e.get().reader());
            }
        }
        assertTrue(added.containsAll(readers), "readers at start: " + added);
        return m;
    }

    /**
     * Takes events until each of {@code expected} (reader to kind) has come once, and fails on any
     * other event about the vpcd readers.
     */
    private static List<ReaderEvent> expect(ReaderMonitor m, Map<String, ReaderEvent.Kind> expected) throws Exception {
        Map<String, ReaderEvent.Kind> left = new LinkedHashMap<>(expected);
        List<ReaderEvent> got = new ArrayList<>();
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (!left.isEmpty()) {
            long wait = deadline - System.nanoTime();
            Optional<ReaderEvent> e = m.next(Duration.ofNanos(Math.max(0, wait)));
            if (e.isEmpty()) {
                fail("no event within " + EVENT_WAIT + "; still expected " + left + ", got " + got);
            }
            ReaderEvent ev = e.get();
            if (!readers.contains(ev.reader())) {
                continue; // another reader on this machine
            }
            assertEquals(left.remove(ev.reader()), ev.kind(), "unexpected " + ev + "; expected " + expected);
            got.add(ev);
        }
        return got;
    }

    private static Map<String, ReaderEvent.Kind> both(ReaderEvent.Kind kind) {
        Map<String, ReaderEvent.Kind> m = new LinkedHashMap<>();
        for (String r : readers) {
            m.put(r, kind);
        }
        return m;
    }

    private static Map<String, ReaderEvent.Kind> one(int slot, ReaderEvent.Kind kind) {
        return Map.of(readers.get(slot), kind);
    }

    /**
     * 20 cycles of both slots: cards served in both at once (in turn, slot 0 or slot 1 first), then
     * stopped, both at once on even cycles and one after the other on odd ones. Each change waits for
     * the event of the one before in its slot (pcscd polls vpcd, so a card swapped between two of
     * its polls is never seen by anyone): 40 insertions and 40 removals, each slot alternating, the
     * numbers without gaps.
     */
    @Test
    void twentyCyclesInBothSlotsGiveEveryInsertionAndRemovalInOrder() throws Exception {
        MynaCardEmulator[] cards = {MynaCardEmulator.createDefault(), MynaCardEmulator.createDefault()};
        monitor = startMonitor();
        List<ReaderEvent> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int cycle = 0; cycle < 20; cycle++) {
            int first = cycle % 2;
            int second = 1 - first;
            serve(first, cards[first], cards[first]::reset);
            serve(second, cards[second], cards[second]::reset);
            all.addAll(expect(monitor, both(ReaderEvent.Kind.CARD_INSERTED)));
            if (cycle % 2 == 0) {
                pull(first);
                pull(second);
                all.addAll(expect(monitor, both(ReaderEvent.Kind.CARD_REMOVED)));
            } else {
                pull(first);
                all.addAll(expect(monitor, one(first, ReaderEvent.Kind.CARD_REMOVED)));
                pull(second);
                all.addAll(expect(monitor, one(second, ReaderEvent.Kind.CARD_REMOVED)));
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Optional.empty(), monitor.next(Duration.ofMillis(1000)).filter(e -> readers.contains(e.reader())),
                "an event after the last change");
        Map<String, Map<ReaderEvent.Kind, Integer>> counts = new LinkedHashMap<>();
        Map<String, ReaderEvent.Kind> last = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            ReaderEvent e = all.get(i);
            if (i > 0) {
                assertTrue(e.sequence() > all.get(i - 1).sequence(), "in order: " + all.get(i - 1) + " then " + e);
                assertFalse(e.time().isBefore(all.get(i - 1).time()), "times in order");
            }
            counts.computeIfAbsent(e.reader(), r -> new EnumMap<>(ReaderEvent.Kind.class)).merge(e.kind(), 1, Integer::sum);
            ReaderEvent.Kind before = last.put(e.reader(), e.kind());
            assertTrue(before != e.kind(), "two " + e.kind() + " in a row in " + e.reader() + " at " + e);
        }
        assertEquals(80, all.size());
        assertEquals(all.get(all.size() - 1).sequence() - all.get(0).sequence() + 1, all.size(),
                "numbers without gaps (no other reader changed)");
        for (String r : readers) {
            assertEquals(Map.of(ReaderEvent.Kind.CARD_INSERTED, 20, ReaderEvent.Kind.CARD_REMOVED, 20), counts.get(r), r);
        }
        System.err.println("ReaderMonitorThroughPcscdTest: 20 cycles in 2 slots, " + all.size() + " events (40 insertions, "
                + "40 removals, 0 lost) in " + millis + " ms");
    }

    /** The card a test reads besides the default one: other PINs, another name. */
    private static MynaCardEmulator otherCard() {
        return MynaCardEmulator.builder().name("個人\u3000太郎").cardInfoPin("2580").userPin("1357").build();
    }

    private static MynaCard open(String reader) throws CardTransportException, IOException {
        return MynaCard.open(PcscTransport.open(ReaderSelector.exactName(reader), PcscStack.WAIT_FOR_CARD,
                PcscStack.TRANSMIT_TIMEOUT));
    }

    /**
     * Two cards in the two readers, each read on its own thread at the same time while a monitor
     * watches; a wrong PIN on one card spends an attempt of that card only.
     */
    @Test
    void twoCardsReadAtOnceEachOnItsOwnThreadWithItsOwnCounters() throws Exception {
        MynaCardEmulator a = MynaCardEmulator.createDefault();
        MynaCardEmulator b = otherCard();
        monitor = startMonitor();
        serve(0, a, a::reset);
        serve(1, b, b::reset);
        expect(monitor, both(ReaderEvent.Kind.CARD_INSERTED));
        String[] pins = {MynaCardEmulator.DEFAULT_CARD_INFO_PIN, "2580"};
        String[] names = {MynaCardEmulator.DEFAULT_NAME, "個人\u3000太郎"};
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (MynaCard cardA = open(readers.get(0)); MynaCard cardB = open(readers.get(1))) {
            MynaCard[] cards = {cardA, cardB};
            CyclicBarrier together = new CyclicBarrier(2);
            long[][] spans = new long[2][2];
            List<Future<CardFields>> reads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int k = i;
                reads.add(pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    spans[k][0] = System.nanoTime();
                    CardFields f = null;
                    for (int n = 0; n < 3; n++) {
                        f = cards[k].readCardFields(pins[k].toCharArray());
                    }
                    spans[k][1] = System.nanoTime();
                    return f;
                }));
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(names[i], reads.get(i).get(60, TimeUnit.SECONDS).name(), "card " + i);
            }
            assertTrue(spans[0][0] < spans[1][1] && spans[1][0] < spans[0][1], "the two reads overlapped in time: "
                    + (spans[0][1] - spans[0][0]) / 1_000_000 + " ms and " + (spans[1][1] - spans[1][0]) / 1_000_000 + " ms");

            // a wrong PIN on card A: A's counter down, B's as it was; then the other way round
            assertEquals(2, assertThrows(WrongPinException.class, () -> cardA.readCardFields("0000".toCharArray()))
                    .attemptsRemaining());
            assertEquals(2, cardA.pinStatus(PinKind.CARD_INFO_INPUT).remaining());
            assertEquals(3, cardB.pinStatus(PinKind.CARD_INFO_INPUT).remaining(), "card B after a wrong PIN on card A");
            assertEquals(2, assertThrows(WrongPinException.class,
                    () -> cardB.verifyPin(PinKind.USER_AUTH, "0000".toCharArray())).attemptsRemaining());
            assertEquals(3, cardA.pinStatus(PinKind.USER_AUTH).remaining(), "card A after a wrong PIN on card B");
            assertEquals(2, cardB.pinStatus(PinKind.USER_AUTH).remaining());
            assertEquals(2, cardA.pinStatus(PinKind.CARD_INFO_INPUT).remaining(), "card A's own count kept");
            assertEquals(2, a.remainingAttempts(PinKind.CARD_INFO_INPUT));
            assertEquals(3, b.remainingAttempts(PinKind.CARD_INFO_INPUT));
            assertEquals(3, a.remainingAttempts(PinKind.USER_AUTH));
            assertEquals(2, b.remainingAttempts(PinKind.USER_AUTH));
            // the right PINs restore each card's own counter, the other's stays
            cardA.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray());
            assertEquals(3, a.remainingAttempts(PinKind.CARD_INFO_INPUT));
            assertEquals(2, b.remainingAttempts(PinKind.USER_AUTH));
            cardB.verifyPin(PinKind.USER_AUTH, "1357".toCharArray());
            assertEquals(3, b.remainingAttempts(PinKind.USER_AUTH));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.empty(), monitor.next(Duration.ZERO).filter(e -> readers.contains(e.reader())),
                "no change seen while the cards were used: " + monitor.readers());
    }

    /**
     * The served side of a card that is pulled out of the reader at the second READ BINARY after a
     * VERIFY that succeeded: the card never sees that command, and its connection to vpcd closes.
     */
    private static final class PulledMidRead implements CardTransport {
        private final CardTransport card;
        private volatile VpcdCardServer server;
        private boolean verified;
        private final AtomicInteger readsAfterVerify = new AtomicInteger();
        volatile boolean pulled;

        PulledMidRead(CardTransport card) {
            this.card = card;
        }

        @Override
        public byte[] transmit(byte[] command) throws IOException {
            int ins = command.length > 1 ? command[1] & 0xFF : -1;
            if (verified && (ins == 0xB0 || ins == 0xB1) && readsAfterVerify.incrementAndGet() == 2 && server != null) {
                pulled = true;
                server.close(); // from the server's own thread: drops the connection, the card leaves the reader
                throw new IOException("card pulled");
            }
            byte[] r = card.transmit(command);
            if (ins == 0x20 && command.length > 5 && PcscStack.sw(r) == 0x9000) {
                verified = true;
            }
            return r;
        }
    }

    @Test
    void aCardPulledInTheMiddleOfReadCardFieldsIsATypedRemovalAndItsCountersStayFull() throws Exception {
        Path state = dir.resolve("card.state");
        MynaCardEmulator emulator = MynaCardEmulator.builder().stateFile(state).build();
        monitor = startMonitor();
        PulledMidRead pulling = new PulledMidRead(emulator);
        pulling.server = serve(0, pulling, emulator::reset);
        expect(monitor, one(0, ReaderEvent.Kind.CARD_INSERTED));
        try (MynaCard card = open(readers.get(0))) {
            assertEquals(3, card.pinStatus(PinKind.CARD_INFO_INPUT).remaining());
            long start = System.nanoTime();
            CardTransportException e = assertThrows(CardTransportException.class,
                    () -> card.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray()));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(pulling.pulled, "the card was pulled during the read");
            assertEquals(Reason.CARD_REMOVED, e.reason(), e.toString());
            assertFalse(e.getMessage().contains(MynaCardEmulator.DEFAULT_CARD_INFO_PIN), "no PIN in the message");
            System.err.println("pulled in the middle of readCardFields: " + e.getMessage() + " after " + millis + " ms");
            assertTrue(millis < PcscStack.TRANSMIT_TIMEOUT.toMillis() + 5000, "took " + millis + " ms");
        }
        servers[0] = null;
        expect(monitor, one(0, ReaderEvent.Kind.CARD_REMOVED));
        // the attempt VERIFY spent was restored by the right PIN before the pull, in memory and on disk
        assertEquals(3, emulator.remainingAttempts(PinKind.CARD_INFO_INPUT));
        assertEquals(3, MynaCardEmulator.load(state).remainingAttempts(PinKind.CARD_INFO_INPUT));
        serve(0, emulator, emulator::reset);
        expect(monitor, one(0, ReaderEvent.Kind.CARD_INSERTED));
        try (MynaCard card = open(readers.get(0))) {
            assertEquals(3, card.pinStatus(PinKind.CARD_INFO_INPUT).remaining(), "served again: counter full");
            assertEquals(MynaCardEmulator.DEFAULT_NAME,
                    card.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray()).name());
        }
        for (PinKind pin : PinKind.values()) {
            assertFalse(emulator.isBlocked(pin), pin + " blocked");
        }
    }

    /** Run by {@link #withoutPcscdTheMonitorDoesNotStart} in a process that finds no pcscd. */
    static final class NoServiceProbe {
        public static void main(String[] args) {
            try (ReaderMonitor m = ReaderMonitor.start()) {
                System.out.println("STARTED");
            } catch (CardTransportException e) {
                System.out.println(e.reason() + " " + e.getMessage());
            }
            System.out.println("THREADS " + ReaderMonitorTest.monitorThreads().size());
        }
    }

    @Test
    void withoutPcscdTheMonitorDoesNotStart() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(PcscStack.javaLauncher(), "-cp", PcscStack.testClassPath(),
                NoServiceProbe.class.getName());
        // pcsc-lite's client takes pcscd's socket from PCSCLITE_CSOCK_NAME: one where nothing listens
        pb.environment().put("PCSCLITE_CSOCK_NAME", dir.resolve("no-pcscd-here.comm").toString());
        Path out = dir.resolve("out.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("SERVICE_UNAVAILABLE "), text);
        assertTrue(text.contains("THREADS 0"), text);
    }
}
