package io.github.mynacard.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mynacard man}: the manual page, in roff (the man macros), made from the command line's
 * own model: every command with its options, the exit codes, the environment and the files.
 */
@Command(name = "man", header = "Print the manual page (roff; view it with: mynacard man | man -l -).",
        mixinStandardHelpOptions = true,
        description = {"Print the manual page of mynacard and all its commands in roff, the format of man pages.",
            "Read it with",
            "  mynacard man | man -l -",
            "or install it with",
            "  mynacard man > ~/.local/share/man/man1/mynacard.1"})
public final class ManCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MynacardCli root = (MynacardCli) spec.root().userObject();
        spec.commandLine().getOut().print(page(MynacardCli.newCommandLine(root.context())));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The options every command that works on a card takes, listed once under COMMON OPTIONS. */
    private static final Set<String> COMMON = Set.of("--json", "--verbose", "--card", "--fresh", "--reader", "--wait",
            "--compatible", "--trace");

    /**
     * @param cl the whole command line, with every command
     * @return the manual page in roff
     */
    static String page(CommandLine cl) {
        CommandSpec top = cl.getCommandSpec();
        Roff r = new Roff();
        r.macro("TH", "MYNACARD", "1", "", versionOf(top), "User Commands");
        r.macro("nh"); // option names and commands are not to be hyphenated
        r.raw(".ad l");
        r.macro("SH", "NAME");
        r.line("mynacard \\- " + r.text("My Number Card (マイナンバーカード) tool: PIN counters, card fields, certificates, "
                + "signatures and their verification, on an emulated card or a card in a PC/SC reader"));
        r.macro("SH", "SYNOPSIS");
        r.line("\\fBmynacard\\fR [\\fB\\-h\\fR|\\fB\\-\\-help\\fR|\\fB\\-V\\fR|\\fB\\-\\-version\\fR]");
        r.macro("br");
        r.line("\\fBmynacard\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]");
        r.macro("SH", "DESCRIPTION");
        paragraphs(r, top.usageMessage().description());
        r.macro("SH", "OPTIONS");
        for (OptionSpec o : top.options()) {
            option(r, o);
        }
        r.macro("SH", "COMMON OPTIONS");
        r.paragraph("The commands that work on a card take these options, before or after the command's name; "
                + "the others take --json and --verbose where they print a result.");
        CommandSpec common = cl.getSubcommands().get("status").getCommandSpec();
        for (OptionSpec o : common.options()) {
            if (COMMON.contains(o.longestName())) {
                option(r, o);
            }
        }
        r.macro("SH", "COMMANDS");
        for (CommandLine sub : cl.getSubcommands().values()) {
            command(r, sub);
        }
        r.macro("SH", "EXIT STATUS");
        for (Map.Entry<String, String> e : ExitCodes.table().entrySet()) {
            r.macro("TP");
            r.line("\\fB" + e.getKey().strip() + "\\fR");
            r.line(r.text(e.getValue()));
        }
        r.macro("SH", "ENVIRONMENT");
        r.macro("TP");
        r.line("\\fBMYNACARD_HOME\\fR");
        r.line(r.text("The directory of the command line's own files, the default emulated card among them (default: "
                + ".mynacard in the home directory)."));
        r.macro("TP");
        r.line("\\fB" + TargetOptions.COMPATIBLE_ENV + "\\fR");
        r.line(r.text("1 (or true, yes): use short APDUs only, as --compatible does."));
        r.macro("TP");
        r.line("\\fBHOME\\fR");
        r.line(r.text("Where ~/.mynacard is, when MYNACARD_HOME is not set."));
        r.macro("SH", "FILES");
        r.macro("TP");
        r.line("\\fI~/.mynacard/card.state\\fR");
        r.line(r.text("The default emulated card: created with the default test data when missing; attempts spent "
                + "stay spent between runs. --card FILE uses another one. In $MYNACARD_HOME when that is set."));
        r.macro("SH", "SEE ALSO");
        r.line("\\fBpcscd\\fR(8)");
        return r.toString();
    }

    private static String versionOf(CommandSpec top) {
        String[] v = top.version();
        return v.length == 0 ? "mynacard" : v[0];
    }

    /** One section per command, and per command below it ({@code cert show}), except {@code help}. */
    private static void command(Roff r, CommandLine cl) {
        CommandSpec s = cl.getCommandSpec();
        String name = BaseCommand.commandName(s);
        if (name.equals("help")) {
            return;
        }
        r.macro("SS", "mynacard " + name);
        String[] header = s.usageMessage().header();
        if (header.length > 0) {
            r.paragraph(String.join(" ", header));
        }
        r.macro("PP");
        r.line("\\fBmynacard " + r.text(name) + "\\fR" + synopsis(r, s));
        paragraphs(r, s.usageMessage().description());
        Set<String> commonHere = new LinkedHashSet<>();
        for (OptionSpec o : s.options()) {
            if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                continue;
            }
            if (COMMON.contains(o.longestName())) {
                commonHere.add(o.longestName());
                continue;
            }
            option(r, o);
        }
        for (PositionalParamSpec p : s.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            r.macro("TP");
            r.line("\\fI" + r.text(p.paramLabel()) + "\\fR");
            r.line(r.text(description(p)));
        }
        if (!commonHere.isEmpty()) {
            r.paragraph("Common options: " + String.join(", ", commonHere) + ".");
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            command(r, sub);
        }
    }

    /** The command's arguments after its name, in roff. */
    private static String synopsis(Roff r, CommandSpec s) {
        StringBuilder sb = new StringBuilder();
        if (!s.subcommands().isEmpty()) {
            sb.append(" \\fICOMMAND\\fR");
        }
        if (s.options().stream().anyMatch(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp())) {
            sb.append(" [\\fIOPTIONS\\fR]");
        }
        for (PositionalParamSpec p : s.positionalParameters()) {
            if (!p.hidden()) {
                String label = "\\fI" + r.text(p.paramLabel()) + "\\fR";
                sb.append(' ').append(p.arity().min == 0 ? "[" + label + "]" : label);
            }
        }
        return sb.toString();
    }

    private static void option(Roff r, OptionSpec o) {
        if (o.hidden()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
            names.add("\\fB" + Roff.hyphens(n) + "\\fR");
        }
        String label = o.arity().max == 0 ? "" : " \\fI" + r.text(o.paramLabel()) + "\\fR";
        r.macro("TP");
        r.line(String.join(", ", names) + label);
        r.line(r.text(description(o)));
    }

    /** An option's or parameter's description as the help shows it: defaults filled in, lines joined. */
    private static String description(ArgSpec a) {
        String text = String.join(" ", a.description());
        String def = a.defaultValueString();
        text = text.replace("${DEFAULT-VALUE}", def == null ? "" : def);
        if (a.completionCandidates() != null) {
            List<String> c = new ArrayList<>();
            a.completionCandidates().forEach(c::add);
            text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", c));
        }
        return format(text);
    }

    /** picocli's format escapes in help text: {@code %n} is a line break, {@code %%} a percent sign. */
    private static String format(String s) {
        return s.replace("%n", " ").replace("%%", "%");
    }

    /**
     * Paragraphs of help text: each string one paragraph, an empty one between paragraphs; a line
     * that starts with two spaces (an example command) is shown as it is.
     */
    private static void paragraphs(Roff r, String[] lines) {
        boolean example = false;
        for (String l : lines) {
            String line = format(l);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("  ")) {
                if (!example) {
                    r.macro("RS");
                    r.macro("nf");
                    example = true;
                }
                r.line(r.text(line.strip()));
                continue;
            }
            if (example) {
                r.macro("fi");
                r.macro("RE");
                example = false;
            }
            r.paragraph(line);
        }
        if (example) {
            r.macro("fi");
            r.macro("RE");
        }
    }

    /** A roff document, built line by line, with its text escaped. */
    static final class Roff {
        private final StringBuilder sb = new StringBuilder();

        /** A request or macro line: {@code .NAME "arg" ...}, each argument quoted and escaped. */
        void macro(String name, String... args) {
            sb.append('.').append(name);
            for (String a : args) {
                sb.append(" \"").append(text(a).replace("\"", "\\(dq")).append('"');
            }
            sb.append('\n');
        }

        /** A line of roff as it is (a request with plain arguments). */
        void raw(String roff) {
            sb.append(roff).append('\n');
        }

        /** A line of roff text, already escaped; a leading {@code .} or {@code '} is made literal. */
        void line(String roff) {
            if (roff.startsWith(".") || roff.startsWith("'")) {
                sb.append("\\&");
            }
            sb.append(roff).append('\n');
        }

        /** A paragraph of plain text. */
        void paragraph(String plain) {
            macro("PP");
            line(text(plain));
        }

        /**
         * Plain text in roff: backslashes as {@code \e}, the hyphens of options ({@code --reader})
         * as {@code \-} so that they copy as the ASCII hyphen-minus, line breaks as spaces, and
         * every character outside ASCII as {@code \[uXXXX]} (so no input encoding needs to be
         * guessed).
         */
        String text(String plain) {
            StringBuilder out = new StringBuilder();
            String s = plain.replaceAll("\\s*[\\r\\n]+\\s*", " ");
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                int n = Character.charCount(c);
                boolean optionHyphen = c == '-' && (i == 0 || !Character.isLetterOrDigit(s.codePointBefore(i))
                        || inOption(s, i));
                if (c == '\\') {
                    out.append("\\e");
                } else if (optionHyphen) {
                    out.append("\\-");
                } else if (c > 126 || c < 32) {
                    out.append(String.format(java.util.Locale.ROOT, "\\[u%04X]", c));
                } else {
                    out.append((char) c);
                }
                i += n;
            }
            return out.toString();
        }

        /** Whether the hyphen at {@code i} is inside a word that starts with a hyphen ({@code --pin-stdin}). */
        private static boolean inOption(String s, int i) {
            int start = i;
            while (start > 0 && !Character.isWhitespace(s.charAt(start - 1)) && "'\"(,[".indexOf(s.charAt(start - 1)) < 0) {
                start--;
            }
            return s.charAt(start) == '-';
        }

        /** An option name with every hyphen as {@code \-}. */
        static String hyphens(String optionName) {
            return optionName.replace("-", "\\-");
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
