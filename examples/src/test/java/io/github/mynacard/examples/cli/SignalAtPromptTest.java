package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C or SIGTERM at a PIN prompt, on a real pseudo-terminal (util-linux {@code script}, in every
 * Debian system): the process ends at once by the signal, sends nothing (the counters stay as they
 * were, also when the person goes on typing a PIN and Enter), never shows what was typed at the
 * masked prompt, and leaves the terminal's echo on.
 */
class SignalAtPromptTest {

    @TempDir
    Path dir;

    /** What the terminal showed, collected from script's output. */
    private static final class Screen extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Screen(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] b = new byte[4096];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (seen) {
                        seen.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // the pty closed
            }
        }

        String text() {
            synchronized (seen) {
                return seen.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private Map<PinKind, Integer> counters(Path card) throws Exception {
        MynaCardEmulator c = MynaCardEmulator.load(card);
        Map<PinKind, Integer> m = new EnumMap<>(PinKind.class);
        for (PinKind k : PinKind.holderPins()) {
            m.put(k, c.remainingAttempts(k));
        }
        return m;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The last two cases hold the signal's handler back (a test hook: the JVM hands a signal to its
     * handler on a thread of its own, late on a loaded machine), so that the PIN line typed right
     * after the signal is read before the handler runs: it must still never be sent.
     */
    @ParameterizedTest(name = "{0} at the prompt of {1}, handler {2} ms late")
    @CsvSource({"INT, verify --pin card-info, 0", "INT, change-pin --pin user, 0", "INT, sign FILE, 0",
        "TERM, verify --pin user, 0", "TERM, sign-pdf FILE, 0", "TERM, verify --pin user, 400", "INT, sign FILE, 400"})
    void aSignalAtThePromptEndsTheProcessAtOnceAndSendsNothing(String signal, String command, int handlerDelay) throws Exception {
        Path card = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(card).build();
        Path file = io.github.mynacard.signing.SamplePdf.create(dir.resolve("contract.pdf"));
        Map<PinKind, Integer> before = counters(card);
        List<String> cmd = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cmd.add(quote(java));
        cmd.add("-cp");
        cmd.add(quote(System.getProperty("java.class.path")));
        cmd.add("-Dmynacard.test.signalHandlerDelayMillis=" + handlerDelay);
        cmd.add(MynacardCli.class.getName());
        for (String a : command.split(" ")) {
            cmd.add(quote(a.equals("FILE") ? file.toString() : a));
        }
        cmd.add("--card");
        cmd.add(quote(card.toString()));
        // a process started by a non-interactive shell may ignore SIGINT, and Java keeps an ignored
        // signal ignored; perl (in every Debian system) puts the default back, as a terminal would have it
        String inner = "exec perl -e '$SIG{INT}=$SIG{TERM}=q(DEFAULT); exec @ARGV or die' " + String.join(" ", cmd);
        Process script = new ProcessBuilder("script", "-qfec", inner, "/dev/null").redirectErrorStream(true).start();
        Screen screen = new Screen(script.getInputStream());
        screen.start();
        OutputStream keys = script.getOutputStream();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!screen.text().contains("): ")) {
            if (System.nanoTime() > deadline || !script.isAlive()) {
                script.destroyForcibly();
                fail("no prompt came: " + screen.text());
            }
            Thread.sleep(20);
        }
        Thread.sleep(200);
        // half a PIN typed at the masked prompt: it must never show
        keys.write("58".getBytes(StandardCharsets.US_ASCII));
        keys.flush();
        Thread.sleep(100);
        long sent = System.nanoTime();
        if (signal.equals("INT")) {
            keys.write(3); // Ctrl-C, turned into SIGINT by the terminal
            keys.flush();
        } else {
            Optional<ProcessHandle> jvm = script.toHandle().descendants().filter(p -> p.info().command()
                    .map(c -> c.endsWith("/java")).orElse(false)).findFirst();
            assertTrue(jvm.isPresent(), "the command's JVM");
            new ProcessBuilder("kill", "-TERM", Long.toString(jvm.get().pid())).start().waitFor();
        }
        // then typed on, without noticing, a whole well-formed PIN and Enter: never sent. (Once the
        // process has ended, or set the terminal's echo back on just before, the terminal shows
        // what is typed, as after any program; what is typed before the signal never shows.)
        String typedOn = command.contains("sign") ? "WRONG96\r" : "6174\r";
        try {
            keys.write(typedOn.getBytes(StandardCharsets.US_ASCII));
            keys.flush();
        } catch (IOException gone) {
            // the terminal closed already
        }
        assertTrue(script.waitFor(10, TimeUnit.SECONDS), "still running 10 s after the signal: " + screen.text());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        int expected = signal.equals("INT") ? 130 : 143;
        assertEquals(expected, script.exitValue(), "ended by the signal: " + screen.text());
        assertTrue(millis < 2000, "ended " + millis + " ms after the signal (the old shutdown hook waited 5 s)");
        assertEquals(before, counters(card), "nothing was sent: " + screen.text());
        assertFalse(screen.text().contains("58"), "the PIN typed at the prompt was echoed: " + screen.text());
        System.out.printf("SignalAtPromptTest: SIG%s at the prompt of '%s': exit %d after %d ms, counters unchanged%n", signal,
                command, script.exitValue(), millis);
    }

    @org.junit.jupiter.api.Test
    void withStandardOutputRedirectedThePromptUsesTheTerminal() throws Exception {
        Path card = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(card).build();
        Path out = dir.resolve("out.json");
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String inner = quote(launcher) + " -cp " + quote(System.getProperty("java.class.path")) + " " + MynacardCli.class.getName()
                + " verify --pin card-info --json --card " + quote(card.toString()) + " > " + quote(out.toString());
        Process script = new ProcessBuilder("script", "-qfec", inner, "/dev/null").redirectErrorStream(true).start();
        Screen screen = new Screen(script.getInputStream());
        screen.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!screen.text().contains("): ")) {
            if (System.nanoTime() > deadline || !script.isAlive()) {
                script.destroyForcibly();
                fail("no prompt on the terminal: " + screen.text());
            }
            Thread.sleep(20);
        }
        script.getOutputStream().write((MynaCardEmulator.DEFAULT_CARD_INFO_PIN + "\r").getBytes(StandardCharsets.US_ASCII));
        script.getOutputStream().flush();
        assertTrue(script.waitFor(20, TimeUnit.SECONDS), screen.text());
        assertEquals(0, script.exitValue(), screen.text());
        assertFalse(screen.text().contains(MynaCardEmulator.DEFAULT_CARD_INFO_PIN), "echoed: " + screen.text());
        String json = java.nio.file.Files.readString(out);
        assertTrue(json.contains("\"verified\":true"), json);
        assertFalse(json.contains("PIN ("), "the prompt went to the file: " + json);
    }
}
