package io.github.mynacard.examples.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * A separate OS process that runs the command line on request, for the multi-process tests: one
 * process, many commands, so that rounds cost no JVM start. Reads one request per line on
 * standard input and answers one line per request on standard output.
 *
 * <ul>
 *   <li>{@code RUN <b64 stdin> <b64 arg> ...}: runs {@code mynacard ARGS} with that standard
 *       input and no terminal; answers {@code DONE <exit code> <b64 stdout> <b64 stderr>}.</li>
 *   <li>{@code ASK <b64 arg> ...}: runs it with a terminal whose prompts are answered by the
 *       test: each prompt is announced as {@code PROMPT <b64 prompt>} and answered by the next
 *       request line {@code ANSWER <b64 text>}; then {@code DONE ...} as above.</li>
 * </ul>
 */
public final class CliWorker {

    private CliWorker() {
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    public static void main(String[] argv) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path home = Path.of(argv.length > 0 ? argv[0] : System.getProperty("java.io.tmpdir"));
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split(" ", -1);
            boolean ask = parts[0].equals("ASK");
            String input = ask ? "" : unb64(parts[1]);
            String[] args = Arrays.stream(parts, ask ? 1 : 2, parts.length).map(CliWorker::unb64).toArray(String[]::new);
            Terminal terminal = !ask ? null : new Terminal() {
                private String answer(String prompt) {
                    out.println("PROMPT " + b64(prompt));
                    try {
                        String a = in.readLine();
                        return a == null || !a.startsWith("ANSWER ") ? null : unb64(a.substring(7));
                    } catch (java.io.IOException e) {
                        return null;
                    }
                }

                @Override
                public char[] readSecret(String prompt) {
                    String a = answer(prompt);
                    return a == null ? null : a.toCharArray();
                }

                @Override
                public String readLine(String prompt) {
                    return answer(prompt);
                }
            };
            CliContext ctx = new CliContext(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), Map.of(),
                    terminal, home);
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int code = MynacardCli.run(ctx, new PrintWriter(o, true), new PrintWriter(e, true), args);
            out.println("DONE " + code + " " + b64(o.toString()) + " " + b64(e.toString()));
        }
    }
}
