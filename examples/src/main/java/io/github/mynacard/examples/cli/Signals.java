package io.github.mynacard.examples.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the command line, through the JDK's {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}), reached reflectively so that the tool still runs where it is
 * missing (then the JVM's shutdown hooks handle the signals).
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
    private static volatile Object probeSignal;
    private static volatile Method raise;

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
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Constructor<?> make = signal.getConstructor(String.class);
            Method handle = signal.getMethod("handle", signal, handlerType);
            Method name = signal.getMethod("getName");
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType},
                    (p, m, args) -> {
                        if (m.getName().equals("handle") && args != null && args.length == 1) {
                            handler.accept((String) name.invoke(args[0]));
                            return null;
                        }
                        return m.getDeclaringClass() == Object.class ? objectMethod(p, m, args) : null;
                    });
            handle.invoke(null, make.newInstance("INT"), proxy);
            handle.invoke(null, make.newInstance("TERM"), proxy);
            Object probe = make.newInstance(PROBE);
            Object probeHandler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType},
                    (p, m, args) -> {
                        if (m.getName().equals("handle")) {
                            CountDownLatch l = PROBE_SEEN.get();
                            if (l != null) {
                                l.countDown();
                            }
                            return null;
                        }
                        return m.getDeclaringClass() == Object.class ? objectMethod(p, m, args) : null;
                    });
            handle.invoke(null, probe, probeHandler);
            raise = signal.getMethod("raise", signal);
            probeSignal = probe;
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
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
        Object probe = probeSignal;
        Method r = raise;
        if (probe == null || r == null) {
            return;
        }
        CountDownLatch seen = new CountDownLatch(1);
        PROBE_SEEN.set(seen);
        try {
            r.invoke(null, probe);
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
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no probe: the gate still closes when the handler runs
        } finally {
            PROBE_SEEN.compareAndSet(seen, null);
        }
    }

    private static Object objectMethod(Object proxy, Method m, Object[] args) {
        return switch (m.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "mynacard signal handler";
        };
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
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object sig = signal.getConstructor(String.class).newInstance(name);
            Object dfl = handlerType.getField("SIG_DFL").get(null);
            signal.getMethod("handle", signal, handlerType).invoke(null, sig, dfl);
            // the JDK raises only signals it handles itself; kill(1) delivers this one to the default action
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(2, TimeUnit.SECONDS);
            Thread.sleep(2000); // the signal ends the process meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError | java.io.IOException e) {
            // no signal support: the caller falls back to System.exit
        }
    }
}
