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
        int code = exitCode(ex);
        String message = message(ex);
        PrintWriter err = cmd.getErr();
        err.println("mynacard: error: " + message);
        boolean verbose = cmd.getCommand() instanceof BaseCommand b && b.verbose();
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        if (cmd.getCommand() instanceof BaseCommand b && b.json()) {
            Map<String, Object> o = Json.object();
            o.put("ok", false);
            o.put("exitCode", code);
            o.put("error", message);
            cmd.getOut().println(Json.write(o));
            cmd.getOut().flush();
        }
        return code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (pinGiven(ex, args)) {
            err.println("mynacard: " + Names.PIN_AS_ARGUMENT);
        } else {
            err.println("mynacard: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        }
        err.flush();
        return ExitCodes.BAD_INPUT;
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
            return "cannot reach the card (" + t.reason() + "): " + oneLine(t.getMessage());
        }
        return "unexpected error: " + oneLine(String.valueOf(ex)) + " (run with --verbose for details)";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
