package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command line through picocli with captured output, a temporary home directory
 * ({@code user.home} redirected) and a temporary card state file.
 */
abstract class CliTestBase {

    @TempDir
    Path tmp;

    Path home;
    Path card;
    private String savedHome;

    /** The result of one run. */
    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void redirectHome() {
        home = tmp.resolve("home");
        card = tmp.resolve("card.state");
        savedHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        System.setProperty("user.home", savedHome);
    }

    Result run(String... args) {
        return run("", Map.of(), null, args);
    }

    Result stdin(String input, String... args) {
        return run(input, Map.of(), null, args);
    }

    Result run(String input, Map<String, String> env, Terminal terminal, String... args) {
        CliContext ctx = new CliContext(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), env, terminal,
                Path.of(System.getProperty("user.home")));
        return run(ctx, args);
    }

    Result run(CliContext ctx, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MynacardCli.run(ctx, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Creates the default card at {@link #card}. */
    MynaCardEmulator newCard() {
        return MynaCardEmulator.builder().stateFile(card).build();
    }

    /** @return the card at {@link #card}, freshly loaded */
    MynaCardEmulator loadCard() throws Exception {
        return MynaCardEmulator.load(card);
    }

    /** Spends {@code n} attempts of a PIN on the card at {@link #card}, with a well-formed wrong value. */
    void spend(PinKind kind, int n) throws Exception {
        char[] wrong = (kind == PinKind.SIGNING ? "WRONG1" : "0000").toCharArray();
        try (MynaCard c = MynaCard.open(loadCard())) {
            for (int i = 0; i < n; i++) {
                try {
                    c.verifyPin(kind, wrong, LastAttempt.ALLOW);
                } catch (Exception expected) {
                    // wrong or blocked
                }
            }
        }
    }

    /**
     * The text a PIN could leak into: {@code text} without the temporary directory's path (its
     * random name may hold any run of digits, a 4-digit PIN among them) and without long
     * hexadecimal runs (hashes, which may too). A leak check searches this, so that it fails for
     * a PIN printed back and never by chance.
     *
     * @param text some output
     * @return the output with those parts replaced by {@code <tmp>} and {@code <hex>}
     */
    String leakable(String text) {
        Set<String> paths = new LinkedHashSet<>();
        paths.add(tmp.toString());
        paths.add(tmp.toAbsolutePath().toString());
        try {
            paths.add(tmp.toRealPath().toString());
        } catch (java.io.IOException e) {
            // the directory is gone: its path as given is enough
        }
        String s = text;
        for (String p : paths) {
            s = s.replace(p, "<tmp>");
        }
        return s.replaceAll("[0-9A-Fa-f]{32,}", "<hex>");
    }

    /**
     * Asserts that none of {@code secrets} appears in the output of a run (standard output and
     * error), outside the parts that hold one only by chance (see {@link #leakable}).
     *
     * @param r the run
     * @param secrets PINs and PIN-like values
     */
    void assertNotShown(Result r, String... secrets) {
        String out = leakable(r.out());
        String err = leakable(r.err());
        for (String secret : secrets) {
            assertFalse(out.contains(secret), "standard output shows " + secret + ": " + out);
            assertFalse(err.contains(secret), "standard error shows " + secret + ": " + err);
        }
    }

    /** A terminal that answers from fixed values and records the prompts. */
    static final class FakeTerminal implements Terminal {
        final java.util.Deque<String> answers = new java.util.ArrayDeque<>();
        final StringBuilder prompts = new StringBuilder();

        FakeTerminal(String... answers) {
            this.answers.addAll(java.util.List.of(answers));
        }

        @Override
        public char[] readSecret(String prompt) {
            prompts.append(prompt).append('\n');
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        }

        @Override
        public String readLine(String prompt) {
            prompts.append(prompt).append('\n');
            return answers.poll();
        }
    }
}
