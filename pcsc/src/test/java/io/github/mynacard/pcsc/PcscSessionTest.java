package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.mynacard.CardFields;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import io.github.mynacard.transport.TracingTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import org.junit.jupiter.api.Test;

/**
 * {@link PcscTransport#withCard}: a caller's whole session as one job on the card thread, with a
 * fake reader whose card is a {@link CardTransport} (the emulator, or a lambda that can hang).
 */
class PcscSessionTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final byte[] OK = {(byte) 0x90, 0x00};
    private static final byte[] SELECT = {0x00, (byte) 0xA4, 0x00, 0x00};
    /** A command the fake card of {@link #hangingReader} holds until its latch opens. */
    private static final byte[] HANG = {(byte) 0x80, (byte) 0xEE, 0x00, 0x00};

    private static final java.util.concurrent.atomic.AtomicInteger READERS = new java.util.concurrent.atomic.AtomicInteger();

    /** A reader whose card answers through {@code card}; records the threads of PC/SC calls. */
    private static final class FakeReader {
        final CardTerminal terminal = mock(CardTerminal.class);
        final Card mockCard = mock(Card.class);
        final CardChannel channel = mock(CardChannel.class);
        final Set<Thread> pcscThreads = ConcurrentHashMap.newKeySet();
        final List<Thread> transmitThreads = new CopyOnWriteArrayList<>();
        volatile CardTransport card;

        FakeReader(String name, CardTransport card) throws CardException {
            this.card = card;
            // a name of its own: a test that fails with the reader held in this JVM spoils no other
            when(terminal.getName()).thenReturn(name + " " + READERS.incrementAndGet());
            when(terminal.isCardPresent()).thenReturn(true);
            when(terminal.connect(any())).thenAnswer(inv -> {
                pcscThreads.add(Thread.currentThread());
                return mockCard;
            });
            when(mockCard.getBasicChannel()).thenReturn(channel);
            when(mockCard.getProtocol()).thenReturn("T=1");
            when(mockCard.getATR()).thenReturn(new ATR(new byte[] {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01}));
            doAnswer(inv -> pcscThreads.add(Thread.currentThread())).when(mockCard).beginExclusive();
            doAnswer(inv -> pcscThreads.add(Thread.currentThread())).when(mockCard).endExclusive();
            doAnswer(inv -> pcscThreads.add(Thread.currentThread())).when(mockCard).disconnect(anyBoolean());
            when(channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenAnswer(inv -> {
                transmitThreads.add(Thread.currentThread());
                pcscThreads.add(Thread.currentThread());
                ByteBuffer tx = inv.getArgument(0);
                byte[] command = new byte[tx.remaining()];
                tx.get(command);
                byte[] answer = this.card.transmit(command);
                ByteBuffer rx = inv.getArgument(1);
                rx.put(answer);
                return answer.length;
            });
        }

        PcscTransport open() throws CardTransportException {
            return PcscTransport.open(() -> List.of(terminal), ReaderSelector.index(0), Duration.ZERO, SHORT);
        }

        <T, X extends Exception> T whole(io.github.mynacard.transport.TransportSession<T, X> work)
                throws IOException, X {
            return PcscTransport.withCard(() -> List.of(terminal), ReaderSelector.index(0), Duration.ZERO, SHORT, work);
        }
    }

    /** A card that answers 90 00, except that {@link #HANG} waits for {@code release} first. */
    private static CardTransport hangingCard(CountDownLatch release) {
        return command -> {
            if (java.util.Arrays.equals(command, HANG)) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return OK.clone();
        };
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void theWholeSessionRunsOnTheCardThreadThatTookExclusiveAccess() throws Exception {
        FakeReader reader = new FakeReader("Reader A", c -> OK.clone());
        try (PcscTransport transport = reader.open()) {
            Thread caller = Thread.currentThread();
            Thread[] ran = new Thread[1];
            int n = transport.withCard(t -> {
                ran[0] = Thread.currentThread();
                assertSame(transport, t);
                int sum = 0;
                for (int i = 0; i < 5; i++) {
                    sum += t.transmit(SELECT).length;
                }
                assertEquals("T=1", transport.protocol());
                assertEquals(5, transport.atr().length);
                return sum;
            });
            assertEquals(10, n);
            assertNotSame(caller, ran[0]);
            assertTrue(ran[0].getName().startsWith(CardThread.NAME_PREFIX), ran[0].getName());
            assertEquals(Set.of(ran[0]), reader.pcscThreads, "every PC/SC call on the card thread");
            assertEquals(5, reader.transmitThreads.size());
            // plain calls after the session go to the same thread, as before
            assertArrayEquals(OK, transport.transmit(SELECT));
            assertSame(ran[0], reader.transmitThreads.get(5));
        }
    }

    @Test
    void aHungCardInsideASessionGivesTimeoutWithinTheDeadlineAndTheReaderIsUsableAfterReconnect() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeReader reader = new FakeReader("Reader A", hangingCard(release));
        PcscTransport transport = reader.open();
        CountDownLatch workDone = new CountDownLatch(1);
        CardTransportException[] afterHang = new CardTransportException[1];
        long start = System.nanoTime();
        CardTransportException e = assertThrows(CardTransportException.class, () -> transport.withCard(t -> {
            try {
                t.transmit(SELECT);
                t.transmit(HANG);
                // the caller has given up by the time the card answers: nothing more goes out
                try {
                    t.transmit(SELECT);
                } catch (CardTransportException refused) {
                    afterHang[0] = refused;
                }
                return null;
            } finally {
                workDone.countDown();
            }
        }));
        long millis = millisSince(start);
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(millis >= SHORT.toMillis() - 10 && millis < SHORT.toMillis() + 1000, "took " + millis + " ms");
        // refused until reconnect(), and reconnect waits for the hung call
        assertEquals(Reason.TIMEOUT, assertThrows(CardTransportException.class, () -> transport.transmit(SELECT)).reason());
        assertEquals(Reason.TIMEOUT, assertThrows(CardTransportException.class, () -> transport.withCard(t -> null))
                .reason());
        verify(reader.mockCard, never()).disconnect(anyBoolean());

        release.countDown();
        assertTrue(workDone.await(5, TimeUnit.SECONDS));
        assertEquals(Reason.TIMEOUT, afterHang[0].reason());
        assertEquals(2, reader.transmitThreads.size(), "no command sent after the caller gave up");
        verify(reader.mockCard, timeout(2000)).disconnect(true);
        transport.reconnect();
        assertArrayEquals(OK, transport.transmit(SELECT));
        assertEquals(2, (int) transport.withCard(t -> t.transmit(SELECT).length));
        transport.close();
    }

    @Test
    void timeBetweenCommandsIsNotBoundedOnlyEachNativeCall() throws Exception {
        FakeReader reader = new FakeReader("Reader A", c -> OK.clone());
        try (PcscTransport transport = reader.open()) {
            int n = transport.withCard(t -> {
                t.transmit(SELECT);
                sleep(SHORT.toMillis() * 2); // work of the caller's own, longer than the bound
                return t.transmit(SELECT).length;
            });
            assertEquals(2, n);
        }
    }

    @Test
    void aCommandThatStartsLateInTheSessionIsStillGivenUpAtItsOwnDeadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeReader reader = new FakeReader("Reader A", hangingCard(release));
        PcscTransport transport = reader.open();
        long[] hangStarted = new long[1];
        try {
            assertThrows(CardTransportException.class, () -> transport.withCard(t -> {
                sleep(SHORT.toMillis() * 3 / 2); // the caller has already woken once to look
                hangStarted[0] = System.nanoTime();
                return t.transmit(HANG);
            }));
            long millis = millisSince(hangStarted[0]);
            assertTrue(millis >= SHORT.toMillis() - 10 && millis < SHORT.toMillis() + 1000, "took " + millis + " ms");
        } finally {
            release.countDown();
            transport.close();
        }
    }

    @Test
    void whatTheSessionThrowsReachesTheCallerUnchanged() throws Exception {
        FakeReader reader = new FakeReader("Reader A", c -> OK.clone());
        try (PcscTransport transport = reader.open()) {
            MynaCardException checked = new io.github.mynacard.CardDataException("made up");
            assertSame(checked, assertThrows(MynaCardException.class, () -> transport.withCard(t -> {
                throw checked;
            })));
            IOException io = new IOException("made up");
            assertSame(io, assertThrows(IOException.class, () -> transport.withCard(t -> {
                throw io;
            })));
            IllegalStateException unchecked = new IllegalStateException("made up");
            assertSame(unchecked, assertThrows(IllegalStateException.class, () -> transport.withCard(t -> {
                throw unchecked;
            })));
            // and the session goes on
            assertArrayEquals(OK, transport.transmit(SELECT));
        }
    }

    @Test
    void sessionsNestAndReconnectInsideIsRefused() throws Exception {
        FakeReader reader = new FakeReader("Reader A", c -> OK.clone());
        try (PcscTransport transport = reader.open()) {
            Thread[] threads = new Thread[2];
            transport.withCard(t -> {
                threads[0] = Thread.currentThread();
                return t.withCard(inner -> {
                    threads[1] = Thread.currentThread();
                    return inner.transmit(SELECT);
                });
            });
            assertSame(threads[0], threads[1]);
            assertThrows(IllegalStateException.class, () -> transport.withCard(t -> {
                transport.reconnect();
                return null;
            }));
            assertArrayEquals(OK, transport.transmit(SELECT));
        }
    }

    @Test
    void closeInsideASessionTakesEffectWhenItReturns() throws Exception {
        FakeReader reader = new FakeReader("Reader A", c -> OK.clone());
        PcscTransport transport = reader.open();
        CardTransportException[] after = new CardTransportException[1];
        transport.withCard(t -> {
            t.close();
            try {
                t.transmit(SELECT);
            } catch (CardTransportException e) {
                after[0] = e;
            }
            return null;
        });
        assertEquals(Reason.CLOSED, after[0].reason());
        verify(reader.mockCard).disconnect(true);
        assertEquals(Reason.CLOSED, assertThrows(CardTransportException.class, () -> transport.transmit(SELECT)).reason());
        // the reader is free again in this JVM
        reader.open().close();
    }

    @Test
    void anInterruptWhileWaitingGivesOtherAndDropsTheLink() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeReader reader = new FakeReader("Reader A", hangingCard(release));
        PcscTransport transport = reader.open();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch inHang = new CountDownLatch(1);
            Future<Reason> attempt = other.submit(() -> {
                try {
                    transport.withCard(t -> {
                        inHang.countDown();
                        return t.transmit(HANG);
                    });
                    return null;
                } catch (CardTransportException e) {
                    return e.reason();
                }
            });
            assertTrue(inHang.await(5, TimeUnit.SECONDS));
            other.shutdownNow(); // interrupts the waiting caller
            assertEquals(Reason.OTHER, attempt.get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
        verify(reader.mockCard, timeout(2000)).disconnect(true);
        transport.reconnect();
        assertArrayEquals(OK, transport.transmit(SELECT));
        transport.close();
    }

    @Test
    void theStaticFormConnectsWorksAndReleasesInOneJobOnOneThread() throws Exception {
        FakeReader reader = new FakeReader("Reader A", c -> OK.clone());
        Thread caller = Thread.currentThread();
        PcscTransport[] seen = new PcscTransport[1];
        int n = reader.whole(t -> {
            seen[0] = (PcscTransport) t;
            assertEquals("T=1", seen[0].protocol());
            return t.transmit(SELECT).length + t.transmit(SELECT).length;
        });
        assertEquals(4, n);
        assertEquals(1, reader.pcscThreads.size(), "connect, exclusive access, commands and release on one thread");
        Thread cardThread = reader.pcscThreads.iterator().next();
        assertNotSame(caller, cardThread);
        verify(reader.mockCard).beginExclusive();
        verify(reader.mockCard).endExclusive();
        verify(reader.mockCard).disconnect(true);
        assertEquals(Reason.CLOSED, assertThrows(CardTransportException.class, () -> seen[0].transmit(SELECT)).reason());
        // the reader is free for the next session
        assertEquals(2, (int) reader.whole(t -> t.transmit(SELECT).length));
        verify(reader.mockCard, times(2)).disconnect(true);
    }

    @Test
    void theStaticFormGivesTimeoutForAHungCardAndFreesTheReaderOnceTheCallReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeReader reader = new FakeReader("Reader A", hangingCard(release));
        long start = System.nanoTime();
        CardTransportException e = assertThrows(CardTransportException.class, () -> reader.whole(t -> {
            t.transmit(SELECT);
            return t.transmit(HANG);
        }));
        long millis = millisSince(start);
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(millis >= SHORT.toMillis() - 10 && millis < SHORT.toMillis() + 1000, "took " + millis + " ms");
        // the card thread still holds the card: this JVM refuses the reader rather than share it
        assertEquals(Reason.SHARING_VIOLATION, assertThrows(CardTransportException.class, reader::open).reason());
        release.countDown();
        verify(reader.mockCard, timeout(2000)).disconnect(true);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            try {
                assertEquals(2, (int) reader.whole(t -> t.transmit(SELECT).length));
                break;
            } catch (CardTransportException busy) {
                if (busy.reason() != Reason.SHARING_VIOLATION || System.nanoTime() > until) {
                    throw busy;
                }
                sleep(20);
            }
        }
    }

    @Test
    void theStaticFormOnAnEmptyReaderIsNoCard() throws Exception {
        FakeReader reader = new FakeReader("Reader A", c -> OK.clone());
        when(reader.terminal.connect(any())).thenThrow(new javax.smartcardio.CardNotPresentException("no card"));
        CardTransportException e = assertThrows(CardTransportException.class, () -> reader.whole(t -> null));
        assertEquals(Reason.NO_CARD, e.reason(), e.getMessage());
        // and the reader's entry was given back
        org.mockito.Mockito.doReturn(reader.mockCard).when(reader.terminal).connect(any());
        assertEquals(2, (int) reader.whole(t -> t.transmit(SELECT).length));
    }

    @Test
    void typedOperationsAndMynaCardSessionsRunOnTheCardThreadWithADecoratorBetween() throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        FakeReader reader = new FakeReader("Reader A", emulator);
        try (PcscTransport transport = reader.open()) {
            List<String> traced = new CopyOnWriteArrayList<>();
            MynaCard card = MynaCard.open(new TracingTransport(transport, (command, response, nanos) -> traced.add(command)));
            char[] pin = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();
            Thread caller = Thread.currentThread();
            Thread[] ran = new Thread[1];
            CardFields fields = card.withCard(c -> {
                ran[0] = Thread.currentThread();
                assertEquals(3, c.pinStatus(PinKind.CARD_INFO_INPUT).remaining());
                return c.readCardFields(pin);
            });
            assertTrue(fields.name().length() > 0);
            assertNotSame(caller, ran[0]);
            assertEquals(Set.of(ran[0]), Set.copyOf(reader.transmitThreads));
            assertTrue(traced.size() >= reader.transmitThreads.size(), "the decorator saw the session's commands");
            // a typed operation alone also runs there, and one from another thread does not deadlock
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                assertEquals(3, other.submit(() -> card.pinStatus(PinKind.USER_AUTH).remaining()).get(5, TimeUnit.SECONDS));
            } finally {
                other.shutdownNow();
            }
            assertEquals(Set.of(ran[0]), Set.copyOf(reader.transmitThreads));
            // closing the MynaCard inside its own session closes the transport once it returns
            card.withCard(c -> {
                c.close();
                return null;
            });
            assertThrows(IllegalStateException.class, () -> card.pinStatus(PinKind.USER_AUTH));
            verify(reader.mockCard).disconnect(true);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
