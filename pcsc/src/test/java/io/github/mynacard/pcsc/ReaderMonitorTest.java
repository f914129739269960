package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ReaderMonitor} against a stand-in for the JDK's {@code CardTerminals} that keeps the JDK's
 * rules (the first {@code waitForChange} learns every state; the insertion and removal lists compare
 * the last two states seen; a timed-out wait changes nothing): readers attached and detached, with
 * and without a card, which vpcd's fixed readers cannot show; failures; closing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReaderMonitorTest {

    private static final Duration POLL = Duration.ofMillis(10);

    /** The readers and cards of a pretend PC/SC service, and the JDK's record of their states. */
    static final class FakeTerminals extends CardTerminals {
        /** reader name to card present, in PC/SC order */
        final Map<String, Boolean> service = new LinkedHashMap<>();
        /** reader name to {previous, current}; null = unaware */
        private Map<String, Boolean[]> states;
        volatile CardException failure;
        volatile int waits;

        synchronized void plug(String reader, boolean card) {
            service.put(reader, card);
        }

        synchronized void unplug(String reader) {
            service.remove(reader);
        }

        synchronized void card(String reader, boolean in) {
            service.put(reader, in);
        }

        @Override
        public synchronized List<CardTerminal> list(State state) throws CardException {
            if (failure != null) {
                throw failure;
            }
            List<CardTerminal> out = new ArrayList<>();
            for (Map.Entry<String, Boolean> e : service.entrySet()) {
                Boolean[] s = states == null ? null : states.get(e.getKey());
                boolean wanted;
                switch (state) {
                    case ALL:
                        wanted = true;
                        break;
                    case CARD_PRESENT:
                        wanted = e.getValue();
                        break;
                    case CARD_ABSENT:
                        wanted = !e.getValue();
                        break;
                    case CARD_INSERTION:
                        wanted = s != null && !present(s[0]) && present(s[1]);
                        break;
                    default:
                        wanted = s != null && present(s[0]) && !present(s[1]);
                        break;
                }
                if (wanted) {
                    out.add(new FakeTerminal(e.getKey()));
                }
            }
            return out;
        }

        private static boolean present(Boolean b) {
            return Boolean.TRUE.equals(b);
        }

        @Override
        public synchronized boolean waitForChange(long timeout) throws CardException {
            waits++;
            if (failure != null) {
                throw failure;
            }
            if (service.isEmpty()) {
                throw new IllegalStateException("No terminals available");
            }
            if (states == null) {
                states = new HashMap<>();
                update();
            }
            boolean changed = false;
            for (Map.Entry<String, Boolean> e : service.entrySet()) {
                Boolean[] s = states.get(e.getKey());
                changed |= s == null || !e.getValue().equals(s[1]);
            }
            if (!changed) {
                return false;
            }
            update();
            return true;
        }

        private void update() {
            Map<String, Boolean[]> next = new HashMap<>();
            for (Map.Entry<String, Boolean> e : service.entrySet()) {
                Boolean[] s = states.get(e.getKey());
                next.put(e.getKey(), new Boolean[] {s == null ? null : s[1], e.getValue()});
            }
            states = next;
        }
    }

    static final class FakeTerminal extends CardTerminal {
        private final String name;

        FakeTerminal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Card connect(String protocol) throws CardException {
            throw new CardException("not in this test");
        }

        @Override
        public boolean isCardPresent() {
            return false;
        }

        @Override
        public boolean waitForCardPresent(long timeout) {
            return false;
        }

        @Override
        public boolean waitForCardAbsent(long timeout) {
            return false;
        }
    }

    private static ReaderEvent next(ReaderMonitor m) throws Exception {
        Optional<ReaderEvent> e = m.next(Duration.ofSeconds(5));
        assertTrue(e.isPresent(), "no event within 5 s");
        return e.get();
    }

    private static String shape(ReaderEvent e) {
        return e.sequence() + " " + e.kind() + " " + e.reader() + (e.initial() ? " initial" : "");
    }

    private static List<String> take(ReaderMonitor m, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(shape(next(m)));
        }
        return out;
    }

    @Test
    void theStateAtStartComesFirstMarkedInitialThenEveryChangeInOrder() throws Exception {
        FakeTerminals t = new FakeTerminals();
        t.plug("Reader A", true);
        t.plug("Reader B", false);
        try (ReaderMonitor m = ReaderMonitor.start(t, POLL)) {
            assertEquals(List.of("1 READER_ADDED Reader A initial", "2 READER_ADDED Reader B initial",
                    "3 CARD_INSERTED Reader A initial"), take(m, 3));
            assertEquals(List.of(new ReaderInfo("Reader A", true), new ReaderInfo("Reader B", false)), m.readers());
            t.card("Reader B", true);
            assertEquals(List.of("4 CARD_INSERTED Reader B"), take(m, 1));
            t.card("Reader A", false);
            assertEquals(List.of("5 CARD_REMOVED Reader A"), take(m, 1));
            assertEquals(Optional.empty(), m.next(Duration.ofMillis(100)), "nothing more without a change");
        }
    }

    /** vpcd's readers never come or go; this is where readers attached and detached are shown. */
    @Test
    void readersAttachedAndDetachedWithAndWithoutACard() throws Exception {
        FakeTerminals t = new FakeTerminals();
        try (ReaderMonitor m = ReaderMonitor.start(t, POLL)) {
            assertEquals(Optional.empty(), m.next(Duration.ofMillis(100)), "no reader is no failure");
            t.plug("PaSoRi", false);
            assertEquals(List.of("1 READER_ADDED PaSoRi"), take(m, 1));
            t.plug("ACR39U", true);
            assertEquals(List.of("2 READER_ADDED ACR39U", "3 CARD_INSERTED ACR39U"), take(m, 2));
            t.unplug("ACR39U");
            assertEquals(List.of("4 CARD_REMOVED ACR39U", "5 READER_REMOVED ACR39U"), take(m, 2));
            t.unplug("PaSoRi");
            assertEquals(List.of("6 READER_REMOVED PaSoRi"), take(m, 1));
            assertEquals(List.of(), m.readers());
            t.plug("PaSoRi", true);
            assertEquals(List.of("7 READER_ADDED PaSoRi", "8 CARD_INSERTED PaSoRi"), take(m, 2));
        }
    }

    @Test
    void aHundredCardsInAndOutOfTwoReadersNoneLost() throws Exception {
        FakeTerminals t = new FakeTerminals();
        t.plug("Reader A", false);
        t.plug("Reader B", false);
        try (ReaderMonitor m = ReaderMonitor.start(t, POLL)) {
            take(m, 2);
            Map<String, List<ReaderEvent.Kind>> seen = new LinkedHashMap<>();
            long expected = 3;
            for (int i = 0; i < 100; i++) {
                boolean in = i % 2 == 0;
                t.card("Reader A", in);
                t.card("Reader B", in);
                for (int k = 0; k < 2; k++) {
                    ReaderEvent e = next(m);
                    assertEquals(expected++, e.sequence(), "numbered without gaps");
                    seen.computeIfAbsent(e.reader(), r -> new ArrayList<>()).add(e.kind());
                }
            }
            for (String r : List.of("Reader A", "Reader B")) {
                List<ReaderEvent.Kind> kinds = seen.get(r);
                assertEquals(100, kinds.size(), r);
                for (int i = 0; i < kinds.size(); i++) {
                    assertEquals(i % 2 == 0 ? ReaderEvent.Kind.CARD_INSERTED : ReaderEvent.Kind.CARD_REMOVED, kinds.get(i),
                            r + " event " + i);
                }
            }
        }
    }

    @Test
    void aFailureWhileWatchingComesAfterTheEventsSeenBeforeIt() throws Exception {
        FakeTerminals t = new FakeTerminals();
        t.plug("Reader A", false);
        ReaderMonitor m = ReaderMonitor.start(t, POLL);
        try {
            t.failure = new CardException("SCardListReaders got response 0x8010001D (SCARD_E_NO_SERVICE)");
            assertEquals("1 READER_ADDED Reader A initial", shape(next(m)));
            CardTransportException e = assertThrows(CardTransportException.class, () -> m.next(Duration.ofSeconds(5)));
            assertEquals(Reason.SERVICE_UNAVAILABLE, e.reason(), e.getMessage());
            assertEquals(Reason.SERVICE_UNAVAILABLE,
                    assertThrows(CardTransportException.class, m::take).reason(), "and again on every later call");
            assertFalse(m.isRunning());
        } finally {
            m.close();
        }
    }

    @Test
    void noServiceAtStartIsATypedFailureAndStartsNoThread() {
        FakeTerminals t = new FakeTerminals();
        t.failure = new CardException("SCardEstablishContext got response 0x8010001D (SCARD_E_NO_SERVICE)");
        CardTransportException e = assertThrows(CardTransportException.class, () -> ReaderMonitor.start(t, POLL));
        assertEquals(Reason.SERVICE_UNAVAILABLE, e.reason());
        assertTrue(monitorThreads().isEmpty(), "no thread: " + monitorThreads());
    }

    @Test
    void closingStopsTheThreadPromptlyAndAsksPcscNothingMore() throws Exception {
        FakeTerminals t = new FakeTerminals();
        t.plug("Reader A", false);
        ReaderMonitor m = ReaderMonitor.start(t, Duration.ofMillis(200));
        assertTrue(m.isRunning());
        assertEquals(1, monitorThreads().size(), monitorThreads().toString());
        long start = System.nanoTime();
        m.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 500, "close took " + millis + " ms");
        assertTrue(monitorThreads().isEmpty(), "thread left: " + monitorThreads());
        int waits = t.waits;
        Thread.sleep(300);
        assertEquals(waits, t.waits, "PC/SC asked after close");
        assertEquals(Reason.CLOSED, assertThrows(CardTransportException.class, m::take).reason());
        assertEquals(Reason.CLOSED, assertThrows(CardTransportException.class, () -> m.next(Duration.ZERO)).reason());
        assertFalse(m.isRunning());
        m.close(); // idempotent
    }

    @Test
    void aPollIntervalOutOfRangeIsRefused() {
        FakeTerminals t = new FakeTerminals();
        assertThrows(IllegalArgumentException.class, () -> ReaderMonitor.start(t, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> ReaderMonitor.start(t, Duration.ofMinutes(1)));
    }

    static List<String> monitorThreads() {
        List<String> names = new ArrayList<>();
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("mynacard-reader-monitor-") && th.isAlive()) {
                names.add(th.getName());
            }
        }
        return names;
    }
}
