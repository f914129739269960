package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.signing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code mynacard completion} is a bash script that bash accepts and that completes commands and
 * options; {@code mynacard man} is a man page that groff and man render without a warning, with
 * every command and every exit code in it.
 */
class CompletionAndManPageTest extends CliTestBase {

    /** A run of an outside program, its two streams apart. */
    private record Tool(int code, String out, String err) {
    }

    private Tool tool(Path stdin, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command));
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish");
        }
        return new Tool(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path completionScript() throws IOException {
        Result r = run("completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().isEmpty(), r.err());
        return Files.writeString(tmp.resolve("mynacard-completion.bash"), r.out());
    }

    /**
     * What the script completes the last word of {@code line} to, as bash's programmable completion
     * would: the script sourced, COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set, and the
     * function that {@code complete -p mynacard} names called.
     */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        String program = "compopt() { :; }\n" // only valid inside a real completion
                + "source '" + script + "'\n"
                + "fn=$(complete -p mynacard | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')\n"
                + "[ -n \"$fn\" ] || { echo 'no completion function for mynacard' >&2; exit 3; }\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "\"$fn\" mynacard '" + words[words.length - 1] + "' '" + (words.length > 1 ? words[words.length - 2] : "") + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Tool t = tool(null, Map.of(), "bash", "--norc", "--noprofile", "-c", program);
        assertEquals(0, t.code(), t.err());
        List<String> replies = new ArrayList<>();
        for (String l : t.out().split("\n")) {
            if (!l.isBlank()) {
                replies.add(l.strip());
            }
        }
        return replies;
    }

    @Test
    void theCompletionScriptIsValidBashAndCompletesCommandsAndOptions() throws Exception {
        ExternalTool.require("bash", "bash");
        Path script = completionScript();
        Tool syntax = tool(null, Map.of(), "bash", "-n", script.toString());
        assertEquals(0, syntax.code(), syntax.err());
        assertTrue(syntax.err().isEmpty(), syntax.err());

        List<String> st = complete(script, "mynacard", "st");
        assertTrue(st.contains("status"), "mynacard st<TAB>: " + st);
        assertFalse(st.contains("sign"), "only what starts with st: " + st);
        List<String> all = complete(script, "mynacard", "");
        for (String name : new String[] {"status", "readers", "fields", "sign", "completion", "man", "emulator"}) {
            assertTrue(all.contains(name), "mynacard <TAB> offers " + name + ": " + all);
        }
        List<String> cert = complete(script, "mynacard", "cert", "");
        assertTrue(cert.contains("show") && cert.contains("export"), "mynacard cert <TAB>: " + cert);
        List<String> trace = complete(script, "mynacard", "status", "--tr");
        assertEquals(List.of("--trace"), trace, "mynacard status --tr<TAB>");
        assertTrue(complete(script, "mynacard", "readers", "--").contains("--json"));
    }

    @Test
    void theCompletionHelpSaysHowToLoadItInBashAndZsh() {
        Result r = run("completion", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("source <(mynacard completion)"), r.out());
        assertTrue(r.out().contains("bashcompinit"), r.out());
    }

    private Path manPage() throws IOException {
        Result r = run("man");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().isEmpty(), r.err());
        return Files.writeString(tmp.resolve("mynacard.1"), r.out());
    }

    /** The page as groff renders it for a terminal, in plain text (no bold, no underline) with its spaces collapsed. */
    private String rendered(Path page) throws Exception {
        Tool g = tool(page, Map.of(), "groff", "-man", "-Tutf8", "-ww", "-P-cbou");
        assertEquals(0, g.code(), g.err());
        assertEquals("", g.err(), "groff warns");
        return g.out().replaceAll("\\s+", " ");
    }

    @Test
    void theManPageRendersWithoutWarningsAndHasEveryCommandAndExitCode() throws Exception {
        ExternalTool.require("groff", "groff-base");
        Path page = manPage();
        String text = rendered(page);
        for (String section : new String[] {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMON OPTIONS", "COMMANDS",
            "EXIT STATUS", "ENVIRONMENT", "FILES"}) {
            assertTrue(text.contains(" " + section + " "), "section " + section);
        }
        List<String> commands = new ArrayList<>(MynacardCli.commandNames());
        commands.addAll(List.of("cert", "emulator", "readers", "completion", "man"));
        for (String name : commands) {
            assertTrue(text.contains(" mynacard " + name + " "), "the page has a section for 'mynacard " + name + "'");
        }
        String exits = text.substring(text.indexOf(" EXIT STATUS "), text.indexOf(" ENVIRONMENT "));
        for (Map.Entry<String, String> e : ExitCodes.table().entrySet()) {
            assertTrue(exits.contains(" " + e.getKey().strip() + " " + e.getValue().replaceAll("\\s+", " ")),
                    "exit code " + e.getKey().strip() + ": " + exits);
        }
        assertTrue(text.contains("MYNACARD_HOME") && text.contains("MYNACARD_COMPATIBLE") && text.contains("~/.mynacard/card.state"),
                "environment and files");
        // option names are ASCII hyphen-minus, to be copied as they are
        assertTrue(text.contains("--reader NAME") && text.contains("--pin-stdin") && text.contains("--trace"), text);
        assertTrue(text.contains("safe to paste into a bug report"), "--trace is described");
        assertTrue(text.contains("マイナンバーカード"), "Japanese text comes through");
    }

    @Test
    void theManPageEscapesWhatRoffWouldTakeForItsOwn() throws Exception {
        String roff = Files.readString(manPage());
        for (String line : roff.split("\n")) {
            if (line.startsWith(".")) {
                assertTrue(line.matches("\\.(TH|SH|SS|PP|TP|RS|RE|nf|fi|br|nh|ad)( .*)?"), "a request the page means: " + line);
            }
            assertFalse(line.startsWith("'"), "a line taken as a request: " + line);
            assertFalse(line.matches(".*[^\\x00-\\x7f].*"), "outside ASCII (written as \\[uXXXX]): " + line);
        }
        assertTrue(roff.contains("\\fB\\-\\-reader\\fR"), "option names with \\-");
        assertFalse(roff.contains(" --"), "an option's hyphens left as they are");
        ManCommand.Roff r = new ManCommand.Roff();
        r.line(r.text(".TH not a request"));
        r.line(r.text("'also not"));
        r.line(r.text("a\\b --x-y user-authentication"));
        assertEquals("\\&.TH not a request\n\\&'also not\na\\eb \\-\\-x\\-y user-authentication\n", r.toString());
    }

    @Test
    void manShowsThePage() throws Exception {
        ExternalTool.require("man", "man-db");
        Path page = manPage();
        Tool m = tool(null, Map.of("MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat"), "man", "--warnings", "-l",
                page.toString());
        assertEquals(0, m.code(), m.err());
        assertEquals("", m.err(), "man warns");
        assertTrue(m.out().contains("MYNACARD(1)"), m.out());
    }
}
