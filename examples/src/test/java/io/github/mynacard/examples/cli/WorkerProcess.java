package io.github.mynacard.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The test's side of one {@link CliWorker} process. */
final class WorkerProcess implements AutoCloseable {

    /** One command's outcome. */
    record Outcome(int code, String out, String err) {
    }

    private final Process process;
    private final PrintStream to;
    private final BufferedReader from;

    WorkerProcess(Path home) throws IOException {
        this(home, List.of(), System.getProperty("java.class.path"));
    }

    /**
     * A worker started behind a prefix (e.g. {@code setpriv} to run it as another user) with a
     * class path of its own (one that user can read).
     */
    WorkerProcess(Path home, List<String> prefix, String classPath) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto",
                "-Duser.home=" + home, "-cp", classPath, CliWorker.class.getName(), home.toString()));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        to = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = from.readLine();
        if (!"READY".equals(ready)) {
            throw new IOException("worker did not start: " + ready);
        }
    }

    long pid() {
        return process.pid();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** Starts {@code mynacard ARGS} with this standard input; {@link #result()} waits for it. */
    void start(String stdin, String... args) {
        StringBuilder sb = new StringBuilder("RUN ").append(b64(stdin));
        for (String a : args) {
            sb.append(' ').append(b64(a));
        }
        to.println(sb);
    }

    /** Starts {@code mynacard ARGS} at a terminal; {@link #nextPrompt()} and {@link #answer(String)} drive it. */
    void startAtTerminal(String... args) {
        StringBuilder sb = new StringBuilder("ASK");
        for (String a : args) {
            sb.append(' ').append(b64(a));
        }
        to.println(sb);
    }

    /** @return the next prompt the command shows */
    String nextPrompt() throws IOException {
        String l = from.readLine();
        if (l == null || !l.startsWith("PROMPT ")) {
            throw new IOException("expected a prompt, got " + l);
        }
        return unb64(l.substring(7));
    }

    void answer(String text) {
        to.println("ANSWER " + b64(text));
    }

    /** @return the outcome of the command started last */
    Outcome result() throws IOException {
        String l = from.readLine();
        if (l == null || !l.startsWith("DONE ")) {
            throw new IOException("expected DONE, got " + l);
        }
        String[] p = l.split(" ", -1);
        return new Outcome(Integer.parseInt(p[1]), unb64(p[2]), unb64(p[3]));
    }

    /** Runs the same command in every worker at once and collects the outcomes in worker order. */
    static List<Outcome> all(List<WorkerProcess> workers, String stdin, String... args) throws IOException {
        for (WorkerProcess w : workers) {
            w.start(stdin, args);
        }
        List<Outcome> out = new ArrayList<>();
        for (WorkerProcess w : workers) {
            out.add(w.result());
        }
        return out;
    }

    @Override
    public void close() {
        to.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
