package io.github.mynacard.examples.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The interactive terminal the command line asks PINs and confirmations on. The system one is the
 * process's controlling terminal ({@code /dev/tty}) when standard input is a terminal, also when
 * standard output is redirected, with echo switched off by {@code stty} for a secret; where that
 * cannot be used (no {@code /proc}, no {@code stty}), {@link System#console()}. Tests give their own.
 */
public interface Terminal {

    /**
     * Asks for a secret without echoing it. The controlling terminal reads at most
     * {@link Secret#MAX_CHARS} characters and one more (a longer entry is refused by the caller).
     *
     * @param prompt what to ask
     * @return the characters typed (the caller wipes them), or null at end of input
     */
    char[] readSecret(String prompt);

    /**
     * Asks a question and reads the answer.
     *
     * @param prompt what to ask
     * @return the line typed, or null at end of input
     */
    String readLine(String prompt);

    /**
     * Called once when the process is stopped by a signal (Ctrl-C, SIGTERM): a waiting prompt ends
     * its line and the terminal's echo is switched back on.
     *
     * @return true when the terminal is sane now, so the process may end at once; false when only
     *     the JDK's own shutdown can restore it (the default: true)
     */
    default boolean interrupted() {
        return true;
    }

    /**
     * @return the terminal of this process, or null when it has none
     */
    static Terminal system() {
        Terminal tty = TtyTerminal.openIfStdinIsATerminal();
        if (tty != null) {
            return tty;
        }
        Console c = System.console();
        return c == null ? null : new ConsoleTerminal(c);
    }

    /** The JDK's console (standard input and output are the terminal). */
    final class ConsoleTerminal implements Terminal {
        private final Console console;
        private volatile boolean prompting;

        ConsoleTerminal(Console console) {
            this.console = console;
        }

        @Override
        public char[] readSecret(String prompt) {
            prompting = true;
            try {
                return console.readPassword("%s", prompt);
            } finally {
                prompting = false;
            }
        }

        @Override
        public String readLine(String prompt) {
            prompting = true;
            try {
                return console.readLine("%s", prompt);
            } finally {
                prompting = false;
            }
        }

        @Override
        public boolean interrupted() {
            // the JDK turns echo back on in its own shutdown hook; end the prompt's line. Not through
            // the console's writer: the thread blocked in readPassword holds its locks
            if (!prompting) {
                return true;
            }
            try {
                new FileOutputStream(FileDescriptor.out).write(System.lineSeparator().getBytes(Charset.defaultCharset()));
            } catch (IOException e) {
                // the terminal is gone
            }
            return false;
        }
    }

    /**
     * The controlling terminal: prompts go to {@code /dev/tty} (also when standard output is
     * redirected), answers come from it, and echo is switched off with {@code stty} for a secret
     * (and on again afterwards, also when the process is stopped by a signal).
     */
    final class TtyTerminal implements Terminal {
        private static final Path TTY = Path.of("/dev/tty");
        private final Charset charset;
        private volatile boolean prompting;
        private volatile boolean echoOff;

        private TtyTerminal(Charset charset) {
            this.charset = charset;
        }

        /** @return the controlling terminal when standard input is a terminal and it can be opened, else null */
        static TtyTerminal openIfStdinIsATerminal() {
            try {
                String stdin = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
                if (!(stdin.startsWith("/dev/pts/") || stdin.startsWith("/dev/tty"))) {
                    return null;
                }
                try (FileInputStream probe = new FileInputStream(TTY.toFile())) {
                    return new TtyTerminal(Charset.defaultCharset());
                }
            } catch (IOException | RuntimeException e) {
                return null; // no /proc (not Linux), or no controlling terminal
            }
        }

        private static boolean stty(String arg) {
            try {
                Process p = new ProcessBuilder("stty", arg).redirectInput(TTY.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void say(String text) throws IOException {
            try (PrintWriter w = new PrintWriter(new OutputStreamWriter(new FileOutputStream(TTY.toFile()), charset))) {
                w.print(text);
            }
        }

        /** Reads one line from the terminal into a char array (no String is made of it); null at end of input. */
        private char[] line() throws IOException {
            try (Reader in = new InputStreamReader(new FileInputStream(TTY.toFile()), charset)) {
                return Secret.readLine(in);
            }
        }

        @Override
        public char[] readSecret(String prompt) {
            prompting = true;
            try {
                echoOff = stty("-echo");
                if (!echoOff) {
                    // no stty: never read a secret with echo on; the JDK's console can still do it
                    Console c = System.console();
                    return c == null ? null : c.readPassword("%s", prompt);
                }
                say(prompt);
                try {
                    return line();
                } finally {
                    stty("echo");
                    echoOff = false;
                    say(System.lineSeparator());
                }
            } catch (IOException e) {
                return null;
            } finally {
                prompting = false;
            }
        }

        @Override
        public String readLine(String prompt) {
            prompting = true;
            try {
                say(prompt);
                char[] l = line();
                return l == null ? null : new String(l);
            } catch (IOException e) {
                return null;
            } finally {
                prompting = false;
            }
        }

        @Override
        public boolean interrupted() {
            if (echoOff) {
                stty("echo");
            }
            if (prompting) {
                try {
                    say(System.lineSeparator());
                } catch (IOException e) {
                    // the terminal is gone
                }
            }
            return true;
        }
    }
}
