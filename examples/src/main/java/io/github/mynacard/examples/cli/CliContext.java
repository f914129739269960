package io.github.mynacard.examples.cli;

import io.github.mynacard.transport.CardTransaction;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the command line takes from its process: standard input, the environment, the terminal,
 * the home directory, and the stop that Ctrl-C or SIGTERM asks for. Tests build their own.
 *
 * <p>The stop is a gate: once {@link #stop()} has been called, every card transport opened through
 * {@link #gate(CardTransport)} refuses to send, so a PIN typed at a prompt after Ctrl-C (when the
 * terminal echoes again) never reaches the card. A command already in flight is let finish.
 */
public final class CliContext {

    private final InputStream stdin;
    private final Map<String, String> env;
    private final Terminal terminal;
    private final Path home;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean waitsForStop;

    /**
     * @param stdin standard input, read for {@code --pin-stdin}
     * @param env the environment, read for {@code --pin-env}
     * @param terminal the interactive terminal, or null when there is none
     * @param home the user's home directory, where {@code .mynacard/card.state} lives
     */
    public CliContext(InputStream stdin, Map<String, String> env, Terminal terminal, Path home) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.terminal = terminal;
        this.home = Objects.requireNonNull(home, "home");
    }

    /**
     * @return the context of this process, with the home directory from {@code $HOME} (as the
     *     shell has it), else Java's {@code user.home}
     */
    public static CliContext system() {
        String home = System.getenv("HOME");
        return new CliContext(System.in, System.getenv(), Terminal.system(),
                Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")));
    }

    /** @return standard input */
    public InputStream stdin() {
        return stdin;
    }

    /**
     * @param name an environment variable
     * @return its value, or null
     */
    public String env(String name) {
        return env.get(name);
    }

    /** @return the interactive terminal, or null */
    public Terminal terminal() {
        return terminal;
    }

    /**
     * @return the directory of the command line's own files: {@code $MYNACARD_HOME} when it is set,
     *     else {@code .mynacard} in the home directory
     */
    public Path defaultDirectory() {
        String own = env("MYNACARD_HOME");
        return own != null && !own.isBlank() ? Path.of(own) : home.resolve(".mynacard");
    }

    /** @return the default card state file, {@code card.state} in {@link #defaultDirectory()} */
    public Path defaultCardFile() {
        return defaultDirectory().resolve("card.state");
    }

    private volatile Runnable settle;

    /**
     * @param r what {@link #settleSignals()} runs: makes sure a signal that reached the process
     *     already has closed the gate (the command line's {@code Signals.settle})
     */
    public void onSettle(Runnable r) {
        settle = r;
    }

    /**
     * Called when a prompt or PIN input returns, before anything read is sent: a Ctrl-C or SIGTERM
     * that reached the process before it has closed the gate when this returns.
     */
    public void settleSignals() {
        Runnable r = settle;
        if (r != null) {
            r.run();
        }
    }

    /** @return completed when a long-running command should stop (Ctrl-C, SIGTERM, or a test) */
    public CompletableFuture<Void> stopSignal() {
        return stop;
    }

    /** Closes the gate (nothing more is sent to a card) and completes {@link #stopSignal()}. */
    public void stop() {
        stopping.set(true);
        stop.complete(null);
    }

    /**
     * Declares that the running command stops cleanly on {@link #stopSignal()} (e.g. a server), so
     * the process waits briefly for it on Ctrl-C or SIGTERM instead of ending at once.
     */
    public void waitForStop() {
        waitsForStop = true;
    }

    /** @return whether the running command asked to be waited for on a stop */
    public boolean waitsForStop() {
        return waitsForStop;
    }

    /** @return whether {@link #stop()} was called */
    public boolean stopping() {
        return stopping.get();
    }

    /**
     * Waits (bounded) for a command that was already on its way to the card when the stop came.
     *
     * @param millis the longest wait
     * @return true when no command is in flight
     */
    public boolean awaitNothingInFlight(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inFlight.get() == 0;
    }

    /**
     * A transport that sends nothing once the process is stopping.
     *
     * @param t the card's transport
     * @return the gated transport
     */
    public CardTransport gate(CardTransport t) {
        return new CardTransport() {
            @Override
            public byte[] transmit(byte[] command) throws IOException {
                inFlight.incrementAndGet();
                try {
                    if (stopping.get()) {
                        throw new CardTransportException(CardTransportException.Reason.CLOSED,
                                "stopped by a signal before the command was sent; nothing was sent");
                    }
                    return t.transmit(command);
                } finally {
                    inFlight.decrementAndGet();
                }
            }

            @Override
            public CardTransaction beginTransaction() throws IOException {
                return t.beginTransaction();
            }

            @Override
            public <R, X extends Exception> R withCard(io.github.mynacard.transport.TransportSession<R, X> work)
                    throws IOException, X {
                // the card's own session (through PC/SC: one hand-off to its card thread), each command gated
                CardTransport gated = this;
                return t.withCard(inner -> work.run(gated));
            }

            @Override
            public void close() throws IOException {
                t.close();
            }

            @Override
            public String toString() {
                return t.toString();
            }
        };
    }
}
