package io.github.mynacard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.GetResponseTransport;
import io.github.mynacard.transport.LeCorrectionTransport;
import io.github.mynacard.transport.TracingTransport;
import io.github.mynacard.transport.TransportSession;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MynaCard#withCard} and {@link CardTransport#withCard} over a transport that, like the PC/SC
 * one, runs each session on a thread of its own and refuses commands from any other thread.
 */
class MynaCardWithCardTest {

    /** SELECT of an AP answers 90 00; an empty VERIFY answers 63 C3 (3 attempts left). */
    private final class OwnThreadTransport implements CardTransport {
        final ExecutorService cardThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-card-thread"));
        final AtomicInteger sessions = new AtomicInteger();
        final Set<Thread> senders = ConcurrentHashMap.newKeySet();
        volatile Thread inSession;

        @Override
        public byte[] transmit(byte[] command) throws IOException {
            if (Thread.currentThread() != inSession) {
                throw new AssertionError("a command outside a session, from " + Thread.currentThread().getName());
            }
            senders.add(Thread.currentThread());
            return (command[1] & 0xFF) == 0x20 ? new byte[] {0x63, (byte) 0xC3} : new byte[] {(byte) 0x90, 0x00};
        }

        @Override
        public <T, X extends Exception> T withCard(TransportSession<T, X> work) throws IOException, X {
            if (Thread.currentThread() == inSession) {
                return work.run(this);
            }
            synchronized (this) {
                sessions.incrementAndGet();
                Future<T> f = cardThread.submit(() -> {
                    inSession = Thread.currentThread();
                    try {
                        return work.run(this);
                    } finally {
                        inSession = null;
                    }
                });
                try {
                    return f.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw MynaCardWithCardTest.<X>sneaky(e.getCause());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void close() {
            cardThread.shutdown();
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Exception> X sneaky(Throwable t) throws X {
        throw (X) t;
    }

    private OwnThreadTransport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.cardThread.shutdownNow();
        }
    }

    @Test
    void eachTypedOperationIsOneSessionOfTheTransport() throws Exception {
        transport = new OwnThreadTransport();
        MynaCard card = MynaCard.open(transport);
        assertEquals(3, card.pinStatus(PinKind.USER_AUTH).remaining());
        assertEquals(1, transport.sessions.get());
        assertEquals(4, card.pinStatuses().size());
        assertEquals(2, transport.sessions.get());
        assertEquals(Set.of("fake-card-thread"), names(transport.senders));
    }

    @Test
    void aMynaCardSessionIsOneTransportSessionAndItsOperationsNestInIt() throws Exception {
        transport = new OwnThreadTransport();
        MynaCard card = MynaCard.open(transport);
        List<String> ran = new CopyOnWriteArrayList<>();
        int sum = card.withCard(c -> {
            ran.add(Thread.currentThread().getName());
            assertSame(card, c);
            return c.pinStatus(PinKind.USER_AUTH).remaining() + c.pinStatus(PinKind.SIGNING).remaining();
        });
        assertEquals(6, sum);
        assertEquals(1, transport.sessions.get(), "one hand-off for the whole session");
        assertEquals(List.of("fake-card-thread"), ran);
    }

    @Test
    void anotherThreadsOperationWaitsForTheSessionWithoutDeadlock() throws Exception {
        transport = new OwnThreadTransport();
        MynaCard card = MynaCard.open(transport);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            int r = card.withCard(c -> {
                Future<Integer> f = other.submit(() -> card.pinStatus(PinKind.USER_AUTH).remaining());
                // the other thread's operation cannot start inside this session; it waits
                assertThrows(java.util.concurrent.TimeoutException.class, () -> f.get(200, TimeUnit.MILLISECONDS));
                return c.pinStatus(PinKind.SIGNING).remaining();
            });
            assertEquals(3, r);
            assertEquals(3, other.submit(() -> card.pinStatus(PinKind.USER_AUTH).remaining()).get(5, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void whatTheSessionThrowsComesBackUnchangedAndAClosedCardRefuses() throws Exception {
        transport = new OwnThreadTransport();
        MynaCard card = MynaCard.open(transport);
        CardDataException thrown = new CardDataException("made up");
        assertSame(thrown, assertThrows(CardDataException.class, () -> card.withCard(c -> {
            throw thrown;
        })));
        card.withCard(c -> {
            c.close(); // inside its own session: no deadlock
            return null;
        });
        assertThrows(IllegalStateException.class, () -> card.withCard(c -> null));
        assertThrows(IllegalStateException.class, () -> card.pinStatus(PinKind.USER_AUTH));
    }

    @Test
    void decoratorsForwardTheSessionAndHandTheCallbackThemselves() throws Exception {
        transport = new OwnThreadTransport();
        List<String> traced = new CopyOnWriteArrayList<>();
        CardTransport[] decorators = {
            new GetResponseTransport(transport),
            new LeCorrectionTransport(transport),
            new TracingTransport(transport, (command, response, nanos) -> traced.add(command)),
        };
        for (CardTransport d : decorators) {
            int before = transport.sessions.get();
            CardTransport given = d.withCard(t -> {
                t.transmit(new byte[] {0x00, (byte) 0xA4, 0x04, 0x0C, 0x01, 0x01});
                return t;
            });
            assertSame(d, given, d.getClass().getSimpleName());
            assertEquals(before + 1, transport.sessions.get(), d.getClass().getSimpleName());
        }
        assertEquals(1, traced.size());
    }

    @Test
    void theDefaultSessionRunsOnTheCallersThread() throws Exception {
        CardTransport plain = command -> new byte[] {(byte) 0x90, 0x00};
        Thread caller = Thread.currentThread();
        boolean here = plain.withCard(t -> Thread.currentThread() == caller && t == plain);
        assertTrue(here);
    }

    private static Set<String> names(Set<Thread> threads) {
        Set<String> out = new java.util.HashSet<>();
        threads.forEach(t -> out.add(t.getName()));
        return out;
    }
}
