package io.github.mynacard.examples.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the command line, through the JDK's {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}). Only the nested {@code Handler} class names it, and it is loaded
 * when {@link #install} first runs: where the module is missing, loading it fails, nothing is
 * installed, and the tool still runs (then the JVM's shutdown hooks handle the signals). A compiled
 * class rather than a reflective proxy: a proxy class is generated at every start. (javac warns
 * that {@code sun.misc} is internal API; with {@code --release} that warning cannot be turned off.)
 *
 * <p>Why not only a shutdown hook: when the JVM exits while a thread is blocked reading the
 * terminal, HotSpot waits about 300 ms for that thread; and a process that ends through its
 * shutdown hooks cannot report that a signal ended it. A handler can close the stop gate, put the
 * terminal right, and then end the process by the same signal with its default action, at once,
 * so that the shell sees exit status 130 (SIGINT) or 143 (SIGTERM).
 */
final class Signals {

    /** The probe signal of {@link #settle()}: numbered above INT (2) and TERM (15), unused by the JVM and the tool. */
    private static final String PROBE = "URG";
    private static final AtomicReference<CountDownLatch> PROBE_SEEN = new AtomicReference<>();
    private static volatile boolean probeInstalled;

    private Signals() {
    }

    /**
     * Handles SIGINT and SIGTERM with {@code handler}, which is given the signal's name.
     *
     * @param handler runs on the JDK's signal thread
     * @return false when this JDK does not offer signal handling (nothing was installed)
     */
    static boolean install(Consumer<String> handler) {
        try {
            Handler.install(handler);
            probeInstalled = true;
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Makes sure that a Ctrl-C or SIGTERM that reached the process before this call has been acted
     * on (the stop gate closed) when this returns. The JVM hands a signal to its Java handler on a
     * thread of its own, a little later; a PIN line typed right after the signal could otherwise be
     * read and sent in that moment. So after a prompt returns, this raises a probe signal with a
     * higher number: the JVM's signal thread takes pending signals lowest number first, so by the
     * time the probe's handler runs, the handler thread of an earlier INT or TERM has been started,
     * and this waits for it (bounded). A signal that comes after this call came after the holder's
     * Enter, and the command goes on as sent.
     */
    static void settle() {
        if (!probeInstalled) {
            return;
        }
        CountDownLatch seen = new CountDownLatch(1);
        PROBE_SEEN.set(seen);
        try {
            Handler.raiseProbe();
            if (!seen.await(2, TimeUnit.SECONDS)) {
                return;
            }
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String n = t.getName();
                if (t != Thread.currentThread() && (n.equals("SIGINT handler") || n.equals("SIGTERM handler"))) {
                    t.join(3000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            // no probe: the gate still closes when the handler runs
        } finally {
            PROBE_SEEN.compareAndSet(seen, null);
        }
    }

    /**
     * Ends the process by a signal's default action (no shutdown hooks run): the signal's default
     * disposition is restored and the signal sent to this process with {@code kill}. Returns only
     * when that is not possible.
     *
     * @param name the signal, {@code INT} or {@code TERM}
     */
    static void dieBy(String name) {
        try {
            Handler.restoreDefault(name);
            // the JDK raises only signals it handles itself; kill(1) delivers this one to the default action
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(2, TimeUnit.SECONDS);
            Thread.sleep(2000); // the signal ends the process meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError | java.io.IOException e) {
            // no signal support: the caller falls back to System.exit
        }
    }

    /**
     * The handler of INT and TERM (given the command line's handler) and of the probe (given
     * none), and every use of {@code sun.misc.Signal}: loading this class is what fails where
     * {@code jdk.unsupported} is missing.
     */
    private static final class Handler implements sun.misc.SignalHandler {
        private static volatile sun.misc.Signal probe;
        private final Consumer<String> handler;

        private Handler(Consumer<String> handler) {
            this.handler = handler;
        }

        static void install(Consumer<String> handler) {
            Handler signals = new Handler(handler);
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signals);
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signals);
            sun.misc.Signal p = new sun.misc.Signal(PROBE);
            sun.misc.Signal.handle(p, new Handler(null));
            probe = p;
        }

        static void raiseProbe() {
            sun.misc.Signal.raise(probe);
        }

        static void restoreDefault(String name) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_DFL);
        }

        @Override
        public void handle(sun.misc.Signal signal) {
            if (handler != null) {
                handler.accept(signal.getName());
                return;
            }
            CountDownLatch l = PROBE_SEEN.get();
            if (l != null) {
                l.countDown();
            }
        }

        @Override
        public String toString() {
            return "mynacard signal handler";
        }
    }
}
