package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The card threads: handoff, deadline, abandoning a stuck job, and the pool. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CardThreadTest {

    private final long keepAlive = CardThread.keepAlive(CardThread.KEEP_ALIVE_NANOS);

    @AfterEach
    void restoreKeepAlive() {
        CardThread.keepAlive(keepAlive);
    }

    private static long deadlineIn(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Live threads whose name marks them as card threads. */
    static List<Thread> liveCardThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(CardThread.NAME_PREFIX)) {
                found.add(t);
            }
        }
        return found;
    }

    @Test
    void aJobRunsOnTheCardThreadAndItsAnswerOrFailureComesBack() throws Exception {
        CardThread w = CardThread.borrow();
        w.ask((self, arg) -> Thread.currentThread().getName() + ":" + arg, "x", true);
        assertEquals(CardThread.Outcome.ANSWERED, w.await(deadlineIn(5000)));
        assertEquals(w.thread().getName() + ":x", w.takeResult());
        assertTrue(w.thread().isDaemon());

        IllegalStateException boom = new IllegalStateException("boom");
        w.ask((self, arg) -> {
            throw boom;
        }, null, false);
        assertEquals(CardThread.Outcome.ANSWERED, w.await(deadlineIn(5000)));
        CardThread.JobFailure failure = assertThrows(CardThread.JobFailure.class, w::takeResult);
        assertSame(boom, failure.getCause());
        w.giveBack();
    }

    @Test
    void aStuckJobTimesOutAtTheDeadlineAndItsLateOutcomeGoesToTheHandlerOnTheCardThread() throws Exception {
        // idle threads left by earlier tests could fill the pool, and a full pool lets a returning thread end:
        // hold them for the test, so that the pool has room for the abandoned thread
        java.util.List<CardThread> held = new java.util.ArrayList<>();
        for (int i = 0; i < CardThread.MAX_IDLE; i++) {
            held.add(CardThread.borrow());
        }
        try {
            stuckJob();
        } finally {
            held.forEach(CardThread::giveBack);
        }
    }

    private void stuckJob() throws Exception {
        CardThread w = CardThread.borrow();
        CountDownLatch stuck = new CountDownLatch(1);
        w.ask((self, arg) -> {
            stuck.await(20, TimeUnit.SECONDS);
            return "late";
        }, null, true);
        long start = System.nanoTime();
        assertEquals(CardThread.Outcome.TIMED_OUT, w.await(deadlineIn(200)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 190 && millis < 2000, "took " + millis + " ms");

        AtomicReference<Object> late = new AtomicReference<>();
        AtomicReference<Thread> handledOn = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        assertTrue(w.abandon((result, f) -> {
            late.set(result);
            handledOn.set(Thread.currentThread());
            handled.countDown();
        }));
        assertEquals(1, handled.getCount(), "the handler ran before the job returned");
        stuck.countDown();
        assertTrue(handled.await(5, TimeUnit.SECONDS));
        assertEquals("late", late.get());
        assertSame(w.thread(), handledOn.get());
        // then the thread is back in the pool, ready for the next session
        awaitPooled(w);
    }

    private static void awaitPooled(CardThread expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            // take every idle thread at once (the pool is last in, first out: one borrowed and given
            // back would stay on top), look for the expected one, then give them all back
            java.util.List<CardThread> taken = new java.util.ArrayList<>();
            for (int i = 0; i <= CardThread.MAX_IDLE; i++) {
                taken.add(CardThread.borrow());
            }
            boolean found = taken.contains(expected);
            for (int i = taken.size() - 1; i >= 0; i--) {
                taken.get(i).giveBack();
            }
            if (found) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the abandoned thread never came back to the pool");
    }

    @Test
    void anInterruptedCallerStopsWaitingAndKeepsItsInterruptFlag() throws Exception {
        CardThread w = CardThread.borrow();
        CountDownLatch stuck = new CountDownLatch(1);
        w.ask((self, arg) -> stuck.await(20, TimeUnit.SECONDS), null, true);
        Thread.currentThread().interrupt();
        try {
            assertEquals(CardThread.Outcome.INTERRUPTED, w.await(deadlineIn(5000)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertTrue(w.abandon((r, f) -> { }));
        stuck.countDown();
    }

    @Test
    void aThreadGivenBackIsLentAgainInsteadOfStartingAnother() throws Exception {
        CardThread first = CardThread.borrow();
        first.giveBack();
        int started = CardThread.started();
        for (int i = 0; i < 50; i++) {
            CardThread w = CardThread.borrow();
            w.ask((self, arg) -> null, null, false);
            assertEquals(CardThread.Outcome.ANSWERED, w.await(deadlineIn(5000)));
            w.takeResult();
            w.giveBack();
        }
        assertEquals(started, CardThread.started(), "threads started for 50 borrowings after the first");
    }

    @Test
    void threadsBorrowedTogetherAreAllKeptIdleUpToTheBoundAndEndAfterTheKeepAlive() throws Exception {
        CardThread.keepAlive(TimeUnit.MILLISECONDS.toNanos(300));
        List<CardThread> lent = new ArrayList<>();
        for (int i = 0; i < CardThread.MAX_IDLE + 2; i++) {
            lent.add(CardThread.borrow());
        }
        for (int i = 0; i < lent.size(); i++) {
            for (int j = 0; j < i; j++) {
                assertNotSame(lent.get(i), lent.get(j));
            }
        }
        lent.forEach(CardThread::giveBack);
        // beyond the bound, threads end at once; the others after the keep-alive
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean bounded = false;
        while (System.nanoTime() < deadline) {
            if (lent.stream().filter(w -> w.thread().isAlive()).count() <= CardThread.MAX_IDLE) {
                bounded = true;
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(bounded, "more than " + CardThread.MAX_IDLE + " idle threads kept");
        for (CardThread w : lent) {
            w.thread().join(10_000);
            assertFalse(w.thread().isAlive(), w.thread().getName() + " still alive after the keep-alive");
        }
        // and the next borrower gets a live thread, none of the ended ones
        CardThread fresh = CardThread.borrow();
        assertFalse(lent.contains(fresh));
        assertTrue(fresh.thread().isAlive());
        fresh.giveBack();
    }
}
