package io.github.mynacard.examples.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The way in without picocli for the command run most, {@code status}: its options are few and
 * plain, so they are read here, and the command runs as picocli would run it, without the cost of
 * picocli's model (its classes and the reflection over the annotations are most of a cold start).
 *
 * <p>Only arguments whose meaning is beyond doubt are taken: each option once, in one of the forms
 * {@code --name}, {@code --name VALUE} or {@code --name=VALUE}, a value that is not empty and
 * starts with neither {@code -} nor {@code @} (an option, or picocli's argument file). Anything
 * else ({@code --help}, {@code --version}, {@code --wait}, {@code --}, an unknown or repeated option,
 * a missing value) returns null, and the full command line parses the arguments and answers as it
 * always does, with its usage errors and suggestions. A parity test holds the options read here to
 * what picocli makes of the same arguments.
 */
final class QuickCommands {

    private QuickCommands() {
    }

    /**
     * @param args the arguments, common options already after the command's name
     * @return the command with its options set, or null when the full command line must parse them
     */
    static BaseCommand parse(String[] args) {
        if (args.length == 0 || !args[0].equals("status")) {
            return null;
        }
        StatusCommand c = new StatusCommand();
        TargetOptions t = new TargetOptions();
        c.target = t;
        boolean json = false;
        boolean verbose = false;
        boolean card = false;
        boolean reader = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            boolean flag = value == null;
            switch (name) {
                case "--json" -> {
                    if (json || !flag) {
                        return null;
                    }
                    json = true;
                    c.json = true;
                }
                case "-v", "--verbose" -> {
                    if (verbose || !flag) {
                        return null;
                    }
                    verbose = true;
                    c.verbose = true;
                }
                case "--fresh" -> {
                    if (t.fresh || !flag) {
                        return null;
                    }
                    t.fresh = true;
                }
                case "--force" -> {
                    if (t.force || !flag) {
                        return null;
                    }
                    t.force = true;
                }
                case "--compatible" -> {
                    if (t.compatible || !flag) {
                        return null;
                    }
                    t.compatible = true;
                }
                case "--trace" -> {
                    if (t.trace || !flag) {
                        return null;
                    }
                    t.trace = true;
                }
                case "--show-numbers" -> {
                    if (c.showNumbers || !flag) {
                        return null;
                    }
                    c.showNumbers = true;
                }
                case "--card", "--reader" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            return null;
                        }
                        value = args[++i];
                    }
                    if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@') {
                        return null;
                    }
                    if (name.equals("--card")) {
                        if (card) {
                            return null;
                        }
                        card = true;
                        try {
                            t.card = Path.of(value);
                        } catch (InvalidPathException e) {
                            return null;
                        }
                    } else {
                        if (reader) {
                            return null;
                        }
                        reader = true;
                        t.reader = value;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return c;
    }

    /**
     * Runs a command from {@link #parse} as picocli's {@code execute} would: its exit code, and a
     * failure reported by {@link ErrorHandler} as for every command.
     *
     * @param command the command
     * @param context the process context
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    static int execute(BaseCommand command, CliContext context, PrintWriter out, PrintWriter err) {
        command.runsAlone(context, out, err, "status");
        try {
            return command.call();
        } catch (Exception e) {
            return ErrorHandler.executionFailure(e, command, out, err);
        }
    }
}
