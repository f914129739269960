package io.github.mynacard.pcsc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.smartcardio.CardChannel;

/**
 * The thread that makes one {@link PcscTransport}'s PC/SC calls, and the pool that keeps such
 * threads between sessions.
 *
 * <p><b>Why a thread of its own.</b> A hung reader blocks {@code CardChannel.transmit} in a native
 * call that nothing can interrupt: not {@code Thread.interrupt()}, and not a disconnect from another
 * thread either, which {@code javax.smartcardio} refuses while that thread holds exclusive access
 * ("Exclusive access established by another Thread") and which pcsc-lite would only run once the
 * stuck call returns, since it serialises the calls of one context and the JDK uses one context for
 * the whole process (both seen through pcscd and the virtual reader; see docs/performance.md). So
 * the caller must not be the thread that makes the call: it hands the call over and waits at most
 * the transmit timeout. And since {@code javax.smartcardio} lets only the thread that began exclusive
 * access transmit, end it or disconnect, every call of a session goes to the same thread.
 *
 * <p><b>Handoff.</b> One slot with a state word ({@code FREE}, {@code ASKED}, {@code ANSWERED},
 * {@code ABANDONED}): the caller writes the job, sets {@code ASKED}, wakes this thread only if it
 * sleeps, and parks until {@code ANSWERED} or its deadline; it never spins, because a spinning caller
 * takes the processor that pcscd, the reader driver and this thread need for the very answer it
 * waits for (measured: on two cores, a caller spinning through the exchange made each APDU two to
 * five times slower). After an answer this thread watches the slot for {@link #NEXT_JOB_SPIN_NANOS}
 * before it parks, since the next command of a session usually follows at once; that saves one
 * wake-up per APDU. It watches with {@link Thread#yield()}, not a spin: on two cores the caller it
 * just woke often shares its processor, and a spin would hold that caller off until the watch ends.
 * Two more overlaps serve a whole session as one job: the caller may wake a borrowed thread
 * before it lists the readers ({@link #prime()}), so the thread is up when the job comes; and a job
 * may wake its caller just before its last, short native call (the release,
 * {@link #wakeCallerEarly()}), so the caller's wake-up overlaps that call and the caller watches
 * the slot, yielding, for the few hundred microseconds left. Measured, each removes most of one
 * wake-up from the session (docs/performance.md). A caller that gives up (deadline or interrupt) marks the slot
 * {@code ABANDONED}, leaving a handler that this thread runs on the late outcome once the native call
 * returns (for example: release the card); the thread then goes back to the pool.
 *
 * <p><b>Pool.</b> A transport borrows a thread for its whole life ({@link #borrow()}) and gives it
 * back once its card is released ({@link #giveBack()}), so sessions after the first start no thread.
 * At most {@link #MAX_IDLE} idle threads are kept, each for at most {@link #KEEP_ALIVE_NANOS}
 * without use; all are daemon threads named {@value #NAME_PREFIX}N.
 */
final class CardThread {

    /** The prefix of the names of these threads. */
    static final String NAME_PREFIX = "mynacard-pcsc-";
    /** How long a thread watches for the next job of its session (yielding) before it parks. */
    static final long NEXT_JOB_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** How long a thread woken by {@link #prime()} watches for its job before it parks again. */
    static final long PRIMED_WATCH_NANOS = TimeUnit.MICROSECONDS.toNanos(300);
    /**
     * How long a caller woken by {@link #wakeCallerEarly()} watches for the answer before it parks
     * again: longer than a release (end exclusive access, disconnect) takes through pcscd.
     */
    static final long EARLY_WATCH_NANOS = TimeUnit.MICROSECONDS.toNanos(400);
    /** How long an idle thread waits in the pool before it ends, unless tests change it. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static volatile long keepAliveNanos = KEEP_ALIVE_NANOS;
    /** Idle threads kept at most. */
    static final int MAX_IDLE = 4;
    /** Largest response: 65536 data bytes of an extended Le plus the status word. */
    static final int MAX_RESPONSE = 65536 + 2;

    /** One call made on the card thread. */
    @FunctionalInterface
    interface Job {
        /**
         * @param self the thread running it, for its per-thread state
         * @param argument what the caller passed to {@link #ask}
         * @return the answer handed to the caller
         */
        Object run(CardThread self, Object argument) throws Exception;
    }

    /** What to do with the outcome of a job whose caller stopped waiting; runs on the card thread. */
    @FunctionalInterface
    interface Orphan {
        /**
         * @param result the job's answer, or null when it failed
         * @param failure what the job threw, or null
         */
        void handle(Object result, Throwable failure);
    }

    /** What {@link #await} saw. */
    enum Outcome { ANSWERED, TIMED_OUT, INTERRUPTED }

    private static final int FREE = 0;
    private static final int ASKED = 1;
    private static final int ANSWERED = 2;
    private static final int ABANDONED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CardThread.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AtomicInteger STARTED = new AtomicInteger();
    /** Idle threads, the most recently used last. Guarded by itself. */
    private static final ArrayDeque<CardThread> IDLE = new ArrayDeque<>();

    private final Runner thread;
    /** The slot's state; see the class comment. */
    private volatile int state = FREE;
    /** The thread is parked, or about to park, waiting for a job. */
    private volatile boolean sleeping;
    /** {@link #prime()} asked this thread to watch for a job once it wakes. */
    private volatile boolean primed;
    /** Set before an early wake-up of the caller ({@link #wakeCallerEarly()}); cleared by each question. */
    private volatile boolean early;
    /** The caller to wake with the answer. */
    private volatile Thread waiter;
    // written by the caller before ASKED, read by this thread after it
    private Job job;
    private Object argument;
    private boolean moreToCome;
    // written by this thread before ANSWERED, read by the caller after it
    private Object result;
    private Throwable failure;
    /** Left by a caller that gave up, before ABANDONED. */
    private volatile Orphan orphan;
    /** In {@link #IDLE}. Guarded by IDLE. */
    private boolean pooled;

    // state of the session this thread serves; touched only by jobs running on this thread
    private ByteBuffer response;
    /** The basic channel of the card this thread holds exclusive access to, set by the job that connected. */
    CardChannel channel;
    /** The caller's session this thread runs now (a job that runs a caller's code), else null. */
    Object session;

    private CardThread() {
        thread = new Runner(this, NAME_PREFIX + STARTED.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /** The thread itself, so that code running on it can find its {@code CardThread} without a lookup. */
    private static final class Runner extends Thread {
        final CardThread owner;

        Runner(CardThread owner, String name) {
            super(name);
            this.owner = owner;
        }

        @Override
        public void run() {
            owner.loop();
        }
    }

    /** @return the card thread the caller runs on, or null when it runs on another thread */
    static CardThread current() {
        Thread t = Thread.currentThread();
        return t instanceof Runner ? ((Runner) t).owner : null;
    }

    /** @return an idle thread from the pool, or a new one when none is idle */
    static CardThread borrow() {
        synchronized (IDLE) {
            CardThread t = IDLE.pollLast();
            if (t != null) {
                t.pooled = false;
                return t;
            }
        }
        return new CardThread();
    }

    /**
     * Sets how long idle threads are kept, for tests; takes effect for waits that start after it.
     *
     * @param nanos the new keep-alive
     * @return the previous one
     */
    static long keepAlive(long nanos) {
        long previous = keepAliveNanos;
        keepAliveNanos = nanos;
        return previous;
    }

    /** @return how many card threads this JVM has started */
    static int started() {
        return STARTED.get();
    }

    /**
     * Puts this thread back in the pool (or lets it end when the pool is full). Only while its slot
     * is free: after the answer to the last job was taken, or by the thread itself after an
     * abandoned job.
     */
    void giveBack() {
        synchronized (IDLE) {
            if (pooled) {
                return;
            }
            if (IDLE.size() < MAX_IDLE) {
                pooled = true;
                IDLE.addLast(this);
            } else {
                pooled = true; // not listed: ends at its next wait
            }
        }
        LockSupport.unpark(thread); // let it notice, and wait with the keep-alive bound
    }

    /**
     * Wakes this borrowed thread ahead of the job its caller will ask once it has done something
     * else first (list the readers), so that this thread's wake-up overlaps that work: it then
     * watches for the job for up to {@link #PRIMED_WATCH_NANOS}, yielding, before it parks again.
     */
    void prime() {
        primed = true;
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** @return the thread's response buffer, allocated once; only for jobs running on it */
    ByteBuffer responseBuffer() {
        ByteBuffer r = response;
        if (r == null) {
            r = ByteBuffer.allocate(MAX_RESPONSE);
            response = r;
        }
        return r;
    }

    /** @return the thread, for tests and messages */
    Thread thread() {
        return thread;
    }

    /**
     * Hands a job over. The caller must then call {@link #await} and, when answered,
     * {@link #takeResult()}. One job at a time per thread: callers serialise.
     *
     * @param job what to run
     * @param arg its argument
     * @param more whether the caller expects to ask again soon (this thread then watches for it)
     */
    void ask(Job job, Object arg, boolean more) {
        this.job = job;
        this.argument = arg;
        this.moreToCome = more;
        this.result = null;
        this.failure = null;
        this.waiter = Thread.currentThread();
        this.early = false;
        state = ASKED; // volatile write: publishes the fields above
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Waits for the answer until {@code deadline} ({@link System#nanoTime()} terms), parking.
     *
     * @return {@code ANSWERED}, or why it stopped waiting (the interrupt flag is then set again)
     */
    Outcome await(long deadline) {
        while (state != ANSWERED) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return state == ANSWERED ? Outcome.ANSWERED : Outcome.TIMED_OUT;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return state == ANSWERED ? Outcome.ANSWERED : Outcome.INTERRUPTED;
            }
            if (early) {
                early = false;
                long end = Math.min(deadline, System.nanoTime() + EARLY_WATCH_NANOS);
                while (state != ANSWERED && System.nanoTime() - end < 0) {
                    Thread.yield();
                }
            }
        }
        return Outcome.ANSWERED;
    }


    /**
     * Wakes the waiting caller ahead of the answer, for a job whose last step is a native call of
     * a known short length (a release): the caller's wake-up then overlaps that call, and the caller
     * watches for the answer for up to {@link #EARLY_WATCH_NANOS}, yielding, instead of sleeping.
     * Only from a job running on this thread.
     */
    void wakeCallerEarly() {
        Thread w = waiter;
        if (w != null) {
            early = true;
            LockSupport.unpark(w);
        }
    }

    /**
     * Stops waiting for the job asked last: {@code handler} gets its outcome on this thread once it
     * returns, and the thread then goes back to the pool.
     *
     * @return true when abandoned; false when the answer came meanwhile (take it with {@link #takeResult()})
     */
    boolean abandon(Orphan handler) {
        orphan = handler;
        if (STATE.compareAndSet(this, ASKED, ABANDONED)) {
            return true;
        }
        orphan = null;
        return false;
    }

    /** Hands a job over without waiting for it: the thread runs it and then goes back to the pool. */
    void runDetached(Job job, Object arg) {
        ask(job, arg, false);
        if (!abandon((r, f) -> { })) {
            try {
                takeResult();
            } catch (JobFailure e) {
                // nobody waits for it
            }
            giveBack();
        }
    }

    /**
     * Takes the answer and frees the slot.
     *
     * @return the job's answer
     * @throws JobFailure wrapping what the job threw
     */
    Object takeResult() throws JobFailure {
        Object r = result;
        Throwable f = failure;
        result = null;
        failure = null;
        argument = null;
        job = null;
        waiter = null;
        state = FREE;
        if (f != null) {
            throw new JobFailure(f);
        }
        return r;
    }

    /** What a job threw, carried to the caller. */
    static final class JobFailure extends Exception {
        private static final long serialVersionUID = 1L;

        JobFailure(Throwable cause) {
            super(cause);
        }
    }

    private void loop() {
        boolean watch = false;
        while (true) {
            if (!awaitJob(watch)) {
                return;
            }
            Object r = null;
            Throwable f = null;
            try {
                r = job.run(this, argument);
            } catch (Throwable t) {
                f = t;
            }
            watch = moreToCome;
            result = r;
            failure = f;
            if (STATE.compareAndSet(this, ASKED, ANSWERED)) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            } else {
                // the caller gave up: hand the outcome to what it left, then back to the pool
                Orphan o = orphan;
                orphan = null;
                channel = null;
                session = null;
                result = null;
                failure = null;
                argument = null;
                job = null;
                waiter = null;
                try {
                    if (o != null) {
                        o.handle(r, f);
                    }
                } catch (Throwable ignored) {
                    // best effort: nobody waits for it
                }
                state = FREE;
                watch = false;
                giveBack();
            }
        }
    }

    /** Watches the slot for {@code ASKED} for up to {@code nanos}. */
    private void watch(long nanos) {
        long end = System.nanoTime() + nanos;
        while (state != ASKED && System.nanoTime() - end < 0) {
            // yield, not spin: when the woken caller shares this processor, a spin would keep it
            // off until the watch ends (a wake-up of about 60 us instead of 8-10 us, measured)
            Thread.yield();
        }
    }

    /**
     * Waits for {@code ASKED}: first watching the slot for a moment when the last caller expects
     * to ask again, then parked. Unbounded while a transport holds this thread; bounded by the
     * keep-alive while idle in the pool.
     *
     * @return false when the thread should end
     */
    private boolean awaitJob(boolean watch) {
        if (watch) {
            watch(NEXT_JOB_SPIN_NANOS);
        }
        long idleSince = System.nanoTime();
        while (state != ASKED) {
            boolean inPool;
            long keep = keepAliveNanos;
            synchronized (IDLE) {
                inPool = pooled;
                if (inPool && (System.nanoTime() - idleSince >= keep || !IDLE.contains(this))) {
                    // kept too long, or not kept at all (the pool was full): end, unless a job came
                    if (state != ASKED) {
                        IDLE.remove(this);
                        return false;
                    }
                    break;
                }
            }
            sleeping = true;
            if (state != ASKED) {
                if (inPool) {
                    LockSupport.parkNanos(this, keep - (System.nanoTime() - idleSince));
                } else {
                    LockSupport.park(this);
                }
            }
            sleeping = false;
            Thread.interrupted(); // nobody should interrupt this thread; never let it spin on a set flag
            if (primed) {
                primed = false;
                watch(PRIMED_WATCH_NANOS);
            }
            if (!inPool) {
                idleSince = System.nanoTime();
            }
        }
        return true;
    }
}
