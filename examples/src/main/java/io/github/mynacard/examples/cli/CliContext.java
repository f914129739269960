package io.github.mynacard.examples.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What the command line takes from its process: standard input, the environment, the terminal,
 * the home directory and the signal to stop a long-running command. Tests build their own.
 */
public final class CliContext {

    private final InputStream stdin;
    private final Map<String, String> env;
    private final Terminal terminal;
    private final Path home;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();

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

    /** @return the context of this process, with the home directory from {@code user.home} */
    public static CliContext system() {
        return new CliContext(System.in, System.getenv(), Terminal.system(), Path.of(System.getProperty("user.home")));
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

    /** @return the default card state file, {@code ~/.mynacard/card.state} */
    public Path defaultCardFile() {
        return home.resolve(".mynacard").resolve("card.state");
    }

    /** @return completed when a long-running command should stop (Ctrl-C, SIGTERM, or a test) */
    public CompletableFuture<Void> stopSignal() {
        return stop;
    }
}
