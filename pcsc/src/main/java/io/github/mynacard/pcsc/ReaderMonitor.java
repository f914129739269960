package io.github.mynacard.pcsc;

import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/**
 * Watches the PC/SC readers: readers attached and detached, cards put in and taken out, as
 * {@link ReaderEvent}s in the order they happened, numbered from 1 without gaps.
 *
 * <pre>{@code
 * try (ReaderMonitor monitor = ReaderMonitor.start()) {
 *     while (true) {
 *         ReaderEvent e = monitor.take();
 *         if (e.kind() == ReaderEvent.Kind.CARD_INSERTED) {
 *             pool.submit(() -> readCard(e.reader()));   // each card on a thread of its own
 *         }
 *     }
 * }
 * // readCard: try (MynaCard card = MynaCard.open(PcscTransport.open(
 * //         ReaderSelector.exactName(reader), Duration.ZERO))) { ... }
 * }</pre>
 *
 * <h2>Threads</h2>
 * One daemon thread per monitor, named {@code mynacard-reader-monitor-N}, asks PC/SC for the
 * readers' states and puts each change into the monitor's queue; it never runs code of the caller.
 * The caller takes the events with {@link #take()} or {@link #next(Duration)} on a thread of its
 * own choosing (one consumer: with several, each gets some of the events). Events wait in the queue
 * for as long as the consumer takes, without a bound (they are small, and come a few a second at
 * most), so a slow consumer never makes the monitor miss a change. A consumer should still not keep
 * a card's work on its own thread: hand each inserted card to a thread of its own (one
 * {@link PcscTransport} per reader, opened by {@link ReaderSelector#exactName(String)}), and cards
 * in different readers are then used at the same time. Several monitors may run in one process;
 * each sees every change.
 *
 * <h2>How changes are found, and what cannot be seen</h2>
 * Every poll interval ({@link #DEFAULT_POLL_INTERVAL} unless given) the monitor lists the readers
 * (readers appearing and leaving are found by comparing the lists) and asks for the readers'
 * states ({@code CardTerminals.waitForChange} with a one-millisecond bound, which is
 * {@code SCardGetStatusChange} underneath). It does not wait in PC/SC for a change: the JDK makes
 * every PC/SC call of a process through one PC/SC context, and pcsc-lite carries out a context's
 * calls one at a time, so a monitor blocked in {@code SCardGetStatusChange} would hold up every
 * command sent to every card in the process until it returned. Each poll holds the context for one
 * round trip to pcscd only.
 * <ul>
 *   <li>PC/SC tells a state change against the state last seen, so a card taken out and put back in
 *       is reported as {@link ReaderEvent.Kind#CARD_REMOVED} then
 *       {@link ReaderEvent.Kind#CARD_INSERTED} as long as it stayed out (or in) for longer than
 *       the poll interval. The JDK compares only "card present" before and after, and hides the
 *       event counter PC/SC keeps, so a card out and back in between two polls of the monitor is
 *       not seen at all (it is the same as no change).</li>
 *   <li>pcscd itself learns of cards by polling readers that do not report changes themselves
 *       (every 400 ms for vsmartcard's virtual reader, for example): a change it has not seen,
 *       nobody sees.</li>
 *   <li>A reader that leaves while holding a card gives {@code CARD_REMOVED} then
 *       {@code READER_REMOVED}; a reader that comes with a card in it gives {@code READER_ADDED}
 *       then {@code CARD_INSERTED}.</li>
 *   <li>No ATR comes with an insertion (see {@link ReaderEvent}): the monitor never connects to a
 *       card, so it never disturbs a session, this process's or another's.</li>
 * </ul>
 *
 * <h2>Start, end and failures</h2>
 * {@link #start()} lists the readers once on the calling thread, so a missing PC/SC service fails
 * there, and queues the state it finds as events marked {@link ReaderEvent#initial()} (each reader,
 * then each card already in), before any change. {@link #close()} stops the thread and waits for it,
 * for at most a poll interval and the PC/SC call in progress; the JDK's PC/SC context is the
 * process's own and stays open for other uses, and the monitor opens no other. A PC/SC failure
 * while watching (pcscd stopped, for example) ends the monitor: the consumer takes the events seen
 * before it, and then {@code take} and {@code next} throw the failure.
 */
public final class ReaderMonitor implements AutoCloseable {

    /** How often the readers' states are asked for when {@code start} is not told: every 100 ms. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    /** The bound of each {@code waitForChange}: the JDK takes 0 as "forever". */
    private static final long STATE_WAIT_MILLIS = 1;
    /** How long {@link #close()} waits for the thread beyond a poll interval. */
    private static final long CLOSE_WAIT_MILLIS = 2000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Put into the queue once the monitor has ended: what follows the last event. */
    private static final Object END = new Object();

    private final CardTerminals terminals;
    private final Duration pollInterval;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** Why the monitor ended by itself; set before {@link #END} is queued. */
    private volatile CardTransportException failure;
    private volatile List<ReaderInfo> readers = List.of();

    // only the monitor's thread (or the starting thread, before it runs) touches these
    /** Every reader known, with whether it holds a card, in the order first seen. */
    private final Map<String, Boolean> present = new LinkedHashMap<>();
    private long sequence;
    private boolean statesAskedBefore;

    private ReaderMonitor(CardTerminals terminals, Duration pollInterval) {
        this.terminals = terminals;
        this.pollInterval = pollInterval;
        this.thread = new Thread(this::run, "mynacard-reader-monitor-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching the readers of the system's PC/SC service, asking for their states every
     * {@link #DEFAULT_POLL_INTERVAL}.
     *
     * @return the running monitor; close it when done
     * @throws CardTransportException {@code SERVICE_UNAVAILABLE} when pcscd is not running or the
     *     PC/SC library is missing; another reason for other PC/SC failures. No readers is no failure:
     *     the monitor waits for one to appear.
     */
    public static ReaderMonitor start() throws CardTransportException {
        return start(DEFAULT_POLL_INTERVAL);
    }

    /**
     * Starts watching the readers of the system's PC/SC service.
     *
     * @param pollInterval how often to ask for the readers' states: a change is seen within about
     *     that long, and a card out (or in) for less than that may go unseen; 10 ms to 10 s
     * @return the running monitor; close it when done
     * @throws CardTransportException {@code SERVICE_UNAVAILABLE} when pcscd is not running or the
     *     PC/SC library is missing; another reason for other PC/SC failures
     * @throws IllegalArgumentException if {@code pollInterval} is out of range
     */
    public static ReaderMonitor start(Duration pollInterval) throws CardTransportException {
        checkInterval(pollInterval);
        CardTerminals terminals;
        try {
            terminals = Terminals.systemCardTerminals();
        } catch (CardException | RuntimeException e) {
            throw PcscErrors.map(e, "watching the readers", false);
        }
        return start(terminals, pollInterval);
    }

    static ReaderMonitor start(CardTerminals terminals, Duration pollInterval) throws CardTransportException {
        Objects.requireNonNull(terminals, "terminals");
        checkInterval(pollInterval);
        ReaderMonitor monitor = new ReaderMonitor(terminals, pollInterval);
        monitor.poll(true);
        monitor.thread.start();
        return monitor;
    }

    private static void checkInterval(Duration pollInterval) {
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("pollInterval must be 10 ms to 10 s: " + pollInterval);
        }
    }

    /**
     * Waits for the next event.
     *
     * @return the next event, in order
     * @throws CardTransportException {@code CLOSED} after {@link #close()}; once every event seen
     *     before it was taken, the PC/SC failure that ended the monitor
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public ReaderEvent take() throws CardTransportException, InterruptedException {
        checkOpen();
        return event(queue.take());
    }

    /**
     * Waits at most {@code timeout} for the next event.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} to not wait
     * @return the next event, in order, or empty when none came in time
     * @throws CardTransportException {@code CLOSED} after {@link #close()}; once every event seen
     *     before it was taken, the PC/SC failure that ended the monitor
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public Optional<ReaderEvent> next(Duration timeout) throws CardTransportException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        checkOpen();
        long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        Object o = queue.poll(nanos, TimeUnit.NANOSECONDS);
        return o == null ? Optional.empty() : Optional.of(event(o));
    }

    private ReaderEvent event(Object o) throws CardTransportException {
        if (o == END) {
            queue.add(END); // every later call fails alike
            if (closed) {
                throw closedFailure();
            }
            throw failure;
        }
        return (ReaderEvent) o;
    }

    private void checkOpen() throws CardTransportException {
        if (closed) {
            throw closedFailure();
        }
    }

    private static CardTransportException closedFailure() {
        return new CardTransportException(Reason.CLOSED, "the reader monitor is closed");
    }

    /**
     * @return the readers as of the monitor's last poll, in the order the monitor first saw them,
     *     each with whether it held a card (what the events delivered so far and those still queued add up to)
     */
    public List<ReaderInfo> readers() {
        return readers;
    }

    /** @return how often the monitor asks for the readers' states */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** @return true until {@link #close()} or a PC/SC failure ends the monitor */
    public boolean isRunning() {
        return !closed && failure == null && thread.isAlive();
    }

    /**
     * Stops the monitor's thread and waits for it to end: at most a poll interval and the PC/SC call
     * in progress (which another thread's long command to a card can hold up; the thread then ends
     * as soon as that call returns, and sends nothing more). Events not taken are dropped. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(pollInterval.toMillis() + CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
        queue.add(END);
    }

    private void run() {
        long pollNanos = pollInterval.toNanos();
        long next = System.nanoTime() + pollNanos;
        try {
            while (!closed) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next = Math.max(next + pollNanos, System.nanoTime());
                if (closed) {
                    break;
                }
                poll(false);
            }
        } catch (InterruptedException e) {
            // closed
        } catch (CardTransportException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = PcscErrors.map(e, "watching the readers", false);
        } finally {
            if (!closed) {
                if (failure == null) {
                    failure = new CardTransportException(Reason.OTHER, "the reader monitor stopped");
                }
                queue.add(END);
            }
        }
    }

    /**
     * One look at the readers: the list, then (with any reader) their states. Queues what changed
     * against {@link #present}.
     */
    private void poll(boolean initial) throws CardTransportException {
        List<CardTerminal> listed = PcscTransport.listTerminals(terminals::list);
        Set<String> names = new LinkedHashSet<>();
        for (CardTerminal t : listed) {
            names.add(t.getName());
        }
        for (String gone : new ArrayList<>(present.keySet())) {
            if (!names.contains(gone)) {
                if (present.remove(gone)) {
                    emit(ReaderEvent.Kind.CARD_REMOVED, gone, initial);
                }
                emit(ReaderEvent.Kind.READER_REMOVED, gone, initial);
            }
        }
        for (String name : names) {
            if (!present.containsKey(name)) {
                present.put(name, false);
                emit(ReaderEvent.Kind.READER_ADDED, name, initial);
            }
        }
        if (!names.isEmpty()) {
            boolean changed;
            try {
                changed = terminals.waitForChange(STATE_WAIT_MILLIS);
            } catch (IllegalStateException e) {
                changed = false; // "No terminals available": every reader left since the list; seen next time
            } catch (CardException | RuntimeException e) {
                throw PcscErrors.map(e, "watching the readers", false);
            }
            // the JDK's first call learns every state, which its lists then show as insertions
            if (changed || !statesAskedBefore) {
                statesAskedBefore = true;
                List<CardTerminal> removed;
                List<CardTerminal> inserted;
                try {
                    removed = terminals.list(CardTerminals.State.CARD_REMOVAL);
                    inserted = terminals.list(CardTerminals.State.CARD_INSERTION);
                } catch (CardException | RuntimeException e) {
                    CardTransportException mapped = PcscErrors.map(e, "watching the readers", false);
                    if (mapped.reason() != Reason.NO_READER) {
                        throw mapped;
                    }
                    removed = List.of();
                    inserted = List.of();
                }
                for (CardTerminal t : removed) {
                    if (Boolean.TRUE.equals(present.get(t.getName()))) {
                        present.put(t.getName(), false);
                        emit(ReaderEvent.Kind.CARD_REMOVED, t.getName(), initial);
                    }
                }
                for (CardTerminal t : inserted) {
                    String name = t.getName();
                    if (!present.containsKey(name)) {
                        // listed by PC/SC after our list, with a card: its insertion is seen now or never
                        present.put(name, false);
                        emit(ReaderEvent.Kind.READER_ADDED, name, initial);
                    }
                    if (!present.get(name)) {
                        present.put(name, true);
                        emit(ReaderEvent.Kind.CARD_INSERTED, name, initial);
                    }
                }
            }
        }
        List<ReaderInfo> now = new ArrayList<>(present.size());
        for (Map.Entry<String, Boolean> e : present.entrySet()) {
            now.add(new ReaderInfo(e.getKey(), e.getValue()));
        }
        readers = List.copyOf(now);
    }

    private void emit(ReaderEvent.Kind kind, String reader, boolean initial) {
        queue.add(new ReaderEvent(++sequence, Instant.now(), kind, reader, initial));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
