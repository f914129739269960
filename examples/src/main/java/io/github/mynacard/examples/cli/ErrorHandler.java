package io.github.mynacard.examples.cli;

import io.github.mynacard.LastAttemptException;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinBlockedException;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.mock.CardStateException;
import io.github.mynacard.transport.CardTransportException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on standard error and its exit code (a stack trace only with
 * {@code --verbose}; with {@code --json} also an error object on standard output). Usage errors
 * that would echo a PIN given as an argument are answered with a fixed line that does not quote it.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Options a user might try to give a PIN's value with (none of them exists outside 'emulator init'). */
    private static final Pattern PIN_OPTION = Pattern.compile(
            "--?(new-|current-|old-)?(pin|password|passwd|pass|signing-pin|user-pin|resident-pin|card-info-pin)",
            Pattern.CASE_INSENSITIVE);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        return executionFailure(ex, cmd.getCommand(), cmd.getOut(), cmd.getErr());
    }

    /**
     * Reports the failure of a command that was run: one line on standard error (and the stack
     * trace with {@code --verbose}), and with {@code --json} the failure object on standard output.
     *
     * @param ex what the command threw
     * @param command the command (its {@code --json} and {@code --verbose}, the card it named)
     * @param out standard output
     * @param err standard error
     * @return the exit code for the failure
     */
    static int executionFailure(Exception ex, Object command, PrintWriter out, PrintWriter err) {
        int code = exitCode(ex);
        String message = toolWords(message(ex));
        err.println("mynacard: error: " + message);
        boolean verbose = command instanceof BaseCommand b && b.verbose();
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        if (command instanceof BaseCommand b && b.json()) {
            Map<String, Object> fields = b.withCard();
            fields.putAll(pinFields(ex));
            out.println(Json.write(Json.envelope(b.name(), code, message, fields)));
            out.flush();
        }
        return code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = pinGiven(ex, args) ? Names.PIN_AS_ARGUMENT : usage(ex, cmd);
        return usageError(cmd, message, args);
    }

    /**
     * Reports a usage error: one line on standard error, and with {@code --json} anywhere in the
     * arguments the failure object on standard output.
     *
     * @param cmd the command the error is about
     * @param message the line (never quoting a PIN)
     * @param args the arguments
     * @return {@link ExitCodes#BAD_INPUT}
     */
    static int usageError(CommandLine cmd, String message, String[] args) {
        PrintWriter err = cmd.getErr();
        err.println("mynacard: error: " + message);
        err.flush();
        if (java.util.Arrays.asList(args).contains("--json")) {
            String name = BaseCommand.commandName(cmd.getCommandSpec());
            cmd.getOut().println(Json.write(Json.envelope(name.isEmpty() ? null : name, ExitCodes.BAD_INPUT, message,
                    Json.object())));
            cmd.getOut().flush();
        }
        return ExitCodes.BAD_INPUT;
    }

    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}([A-Z]\\w*)");
    private static final Pattern METHOD_REFERENCE = Pattern.compile(
            "\\s*\\([^()]*\\b[A-Z][a-z]+[A-Z]\\w*\\.[a-z]+[A-Z]\\w*(?:\\([^()]*\\))?[^()]*\\)");
    private static final Pattern THROWABLE = Pattern.compile("\\b([A-Z][A-Za-z0-9]*?)(Exception|Error)\\b");
    private static final Pattern CONSTANT = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
    private static final Map<String, String> THROWABLE_WORDS = Map.of(
            "ClosedChannel", "the connection was closed",
            "UnresolvedAddress", "the host name could not be resolved",
            "Connect", "connection refused",
            "UnknownHost", "unknown host",
            "SocketTimeout", "timed out",
            "EOF", "the connection ended early",
            "NoSuchFile", "no such file",
            "AccessDenied", "permission denied",
            "SSLHandshake", "the TLS handshake failed");

    /**
     * The last guard of every error line: what a library or the JDK put in a message is said in the
     * tool's words. A Java type name ({@code java.nio.channels.ClosedChannelException}) becomes what
     * it means ("the connection was closed"), a reference to a library method in parentheses
     * ({@code (MynaCardTls.clientContext does)}) is dropped, and a constant's name
     * ({@code NO_ISSUER_FOUND}) is written in lower-case words; the project's environment variables
     * ({@code MYNACARD_HOME}) stay as they are typed.
     *
     * @param line an error line
     * @return the line in the tool's words
     */
    static String toolWords(String line) {
        if (line == null) {
            return null;
        }
        String s = QUALIFIED.matcher(line).replaceAll("$1");
        s = METHOD_REFERENCE.matcher(s).replaceAll("");
        java.util.regex.Matcher t = THROWABLE.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (t.find()) {
            String words = THROWABLE_WORDS.get(t.group(1));
            if (words == null) {
                words = t.group(1).replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                        + (t.group(2).equals("Error") ? " error" : " failure");
            }
            t.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(words));
        }
        t.appendTail(sb);
        java.util.regex.Matcher c = CONSTANT.matcher(sb.toString());
        StringBuilder out = new StringBuilder();
        while (c.find()) {
            String k = c.group();
            String words = k.startsWith("MYNACARD_") || k.startsWith("PCSCLITE_") ? k
                    : k.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            c.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(words));
        }
        c.appendTail(out);
        return out.toString();
    }

    /** A usage error in the command line's words: what is wrong, a suggestion when there is one, where help is. */
    private static String usage(ParameterException ex, CommandLine cmd) {
        String where = cmd.getCommandSpec().qualifiedName();
        String help = " (see '" + where + " --help')";
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            java.util.List<String> suggestions = u.getSuggestions();
            String maybe = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions.stream()
                    .limit(1).map(x -> "'" + x + "'").toList()) + "?";
            if (first.startsWith("-")) {
                return "unknown option '" + first + "' for '" + where + "'" + maybe + help;
            }
            if (!cmd.getSubcommands().isEmpty()) {
                return "unknown command '" + first + "'" + (cmd.getParent() == null ? "" : " for '" + where + "'") + maybe + help;
            }
            return "unexpected argument '" + first + "' for '" + where + "'" + maybe + help;
        }
        return plain(ex.getMessage()) + help;
    }

    /** A picocli message without Java type names, starting in lower case. */
    static String plain(String message) {
        String m = oneLine(message).replaceAll("\\s*\\((java|javax|picocli)\\.[^)]*\\)", "")
                .replaceAll("to class (java|javax)\\.[\\w.$]+", "to the expected type");
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /** Whether the usage error is about, or would quote, something that looks like a PIN. */
    private static boolean pinGiven(ParameterException ex, String[] args) {
        String msg = String.valueOf(ex.getMessage());
        if (msg.contains(Names.PIN_AS_ARGUMENT)) {
            return true;
        }
        if (ex instanceof UnmatchedArgumentException u) {
            for (String s : u.getUnmatched()) {
                String name = s.contains("=") ? s.substring(0, s.indexOf('=')) : s;
                if (Names.looksLikePin(s) || PIN_OPTION.matcher(name).matches()) {
                    return true;
                }
                if (s.contains("=") && Names.looksLikePin(s.substring(s.indexOf('=') + 1))) {
                    return true;
                }
            }
        }
        for (String a : args) {
            if (Names.looksLikePin(a) && msg.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The PIN a refusal is about, as {@code status} names it: {@code "pin"}, {@code "remaining"}
     * (attempts left) and {@code "maxAttempts"}, so that a script need not read the sentence.
     */
    static Map<String, Object> pinFields(Throwable ex) {
        Map<String, Object> o = Json.object();
        io.github.mynacard.PinKind kind;
        int remaining;
        if (ex instanceof WrongPinException w) {
            kind = w.pinKind();
            remaining = w.attemptsRemaining();
        } else if (ex instanceof PinBlockedException b) {
            kind = b.pinKind();
            remaining = 0;
        } else if (ex instanceof LastAttemptException l) {
            kind = l.pinKind();
            remaining = 1;
        } else {
            return o;
        }
        if (kind == null) {
            return o;
        }
        o.put("pin", Names.option(kind));
        o.put("remaining", remaining);
        o.put("maxAttempts", kind.maxAttempts());
        o.put("blocked", remaining == 0);
        return o;
    }

    /**
     * @param ex a failure
     * @return its exit code
     */
    static int exitCode(Throwable ex) {
        if (ex instanceof CliException c) {
            return c.exitCode();
        }
        if (ex instanceof PinFormatException || ex instanceof CardStateException) {
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof WrongPinException) {
            return ExitCodes.WRONG_PIN;
        }
        if (ex instanceof PinBlockedException) {
            return ExitCodes.PIN_BLOCKED;
        }
        if (ex instanceof LastAttemptException) {
            return ExitCodes.LAST_ATTEMPT_REFUSED;
        }
        if (ex instanceof CardTransportException t) {
            return switch (t.reason()) {
                case NO_READER, NO_CARD, SERVICE_UNAVAILABLE -> ExitCodes.NO_READER_OR_CARD;
                default -> ExitCodes.CARD_ERROR;
            };
        }
        if (ex instanceof MynaCardException) {
            return ExitCodes.CARD_ERROR;
        }
        return ExitCodes.UNEXPECTED;
    }

    /**
     * @param ex a failure
     * @return one line for the user
     */
    static String message(Throwable ex) {
        if (ex instanceof LastAttemptException l) {
            return "only one attempt is left for the " + Names.pin(l.pinKind()) + "; a wrong PIN now would block it, "
                    + "so nothing was sent. Run again with --allow-last-attempt to use it knowingly, or see 'mynacard doctor'.";
        }
        if (ex instanceof CliException || ex instanceof MynaCardException) {
            return oneLine(ex.getMessage());
        }
        if (ex instanceof CardTransportException t) {
            return "cannot reach the card (" + t.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): "
                    + commandLineTerms(oneLine(t.getMessage()));
        }
        String m = ex.getMessage() == null ? "" : ": " + plain(ex.getMessage());
        return "unexpected error" + m + " (run with --verbose for details)";
    }

    /**
     * The transport's hint for library callers ({@code ReaderSelector.nameContains("X")}) in the
     * command line's own terms ({@code --reader 'X'}): a user of the tool writes no Java.
     */
    static String commandLineTerms(String message) {
        return message.replaceAll("\\(for example ReaderSelector\\.nameContains\\(\"([^\"]*)\"\\)\\)", "(--reader '$1')");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
