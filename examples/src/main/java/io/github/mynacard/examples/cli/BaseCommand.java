package io.github.mynacard.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code mynacard} command that does something: the {@code --json} and
 * {@code --verbose} options, the output streams and the process context. Failures are thrown and
 * turned into one line and an exit code by {@link ErrorHandler}.
 */
public abstract class BaseCommand implements Callable<Integer> {

    /** The command's picocli model; null for a command run by {@link QuickCommands} (see {@link #runsAlone}). */
    @Spec
    CommandSpec spec;

    /** Without a picocli model: the process context, the output streams and the command's name. */
    private CliContext aloneContext;
    private PrintWriter aloneOut;
    private PrintWriter aloneErr;
    private String aloneName;

    @Option(names = "--json", description = "Print the result as one JSON object (for scripts).")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show the stack trace of an error.")
    boolean verbose;

    /** @return the exit code */
    /** The line of an outcome failure (exit 8, 9, 10), printed on standard error when the command ends. */
    private String failureLine;

    /** Which card the command works on, for the JSON result's {@code "card"}; null when none. */
    private Map<String, Object> card;

    @Override
    public final Integer call() throws Exception {
        try {
            int code = execute();
            if (code != ExitCodes.OK && failureLine != null) {
                err().println("mynacard: error: " + failureLine);
            }
            return code;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /**
     * Does the command's work.
     *
     * @return the exit code, normally {@link ExitCodes#OK}
     * @throws Exception any failure; {@link ErrorHandler} maps it to a line and an exit code
     */
    protected abstract int execute() throws Exception;

    /** @return whether {@code --json} was given */
    boolean json() {
        return json;
    }

    /** @return whether {@code --verbose} was given */
    boolean verbose() {
        return verbose;
    }

    /**
     * Lets the command run without a picocli model, its options set by {@link QuickCommands}: what
     * the model would otherwise give it.
     *
     * @param context the process context
     * @param out standard output
     * @param err standard error
     * @param name the command's name as typed after {@code mynacard}
     */
    void runsAlone(CliContext context, PrintWriter out, PrintWriter err, String name) {
        aloneContext = context;
        aloneOut = out;
        aloneErr = err;
        aloneName = name;
    }

    /** @return the process context */
    CliContext ctx() {
        return spec == null ? aloneContext : ((MynacardCli) spec.root().userObject()).context();
    }

    /** @return standard output */
    PrintWriter out() {
        return spec == null ? aloneOut : spec.commandLine().getOut();
    }

    /** @return standard error, for progress and warnings */
    PrintWriter err() {
        return spec == null ? aloneErr : spec.commandLine().getErr();
    }

    /** @return the command's name as typed after {@code mynacard}, e.g. {@code cert show} */
    String name() {
        return spec == null ? aloneName : commandName(spec);
    }

    /**
     * Prints a progress or warning line on standard error.
     *
     * @param message the line
     */
    void progress(String message) {
        err().println("mynacard: " + message);
        err().flush();
    }

    /**
     * Prints the JSON result of a success: {@code "ok": true} and the command first.
     *
     * @param result the result's fields
     */
    void printJson(Map<String, Object> result) {
        printJson(result, ExitCodes.OK, null);
    }

    /**
     * Prints the JSON result of a run that ended with an outcome (a signature that does not verify,
     * a chain that does not validate, a failed self-test check): the result's fields after
     * {@code "ok"}, the command, and for a failure its {@code "exitCode"}, {@code "reason"} and
     * {@code "error"}, as every failure has them.
     *
     * @param result the result's fields
     * @param exitCode the run's exit code
     * @param error one line saying what failed, for a failure
     */
    void printJson(Map<String, Object> result, int exitCode, String error) {
        error = error == null ? null : ErrorHandler.toolWords(error);
        if (exitCode != ExitCodes.OK) {
            failed(error);
        }
        Map<String, Object> all = withCard();
        for (Map.Entry<String, Object> e : result.entrySet()) {
            all.putIfAbsent(e.getKey(), e.getValue());
        }
        out().println(Json.write(Json.envelope(name(), exitCode, error, all)));
    }

    /**
     * Names the emulated card the command works on: every JSON result then says
     * {@code "card":{"kind":"emulated","stateFile":"/absolute/path"}}, on success and failure alike.
     *
     * @param stateFile its state file, or null for a card that lives in memory only
     */
    void cardIs(java.nio.file.Path stateFile) {
        Map<String, Object> c = Json.object();
        c.put("kind", "emulated");
        c.put("stateFile", stateFile == null ? null : stateFile.toAbsolutePath().normalize().toString());
        card = c;
    }

    /**
     * Names the card in a reader the command works on: {@code "card":{"kind":"reader","reader":NAME}}.
     *
     * @param reader the reader's name (or, before it is open, the {@code --reader} value)
     */
    void cardInReader(String reader) {
        Map<String, Object> c = Json.object();
        c.put("kind", "reader");
        c.put("reader", reader);
        card = c;
    }

    /** @return a new result object holding {@code "card"} when the command named one */
    Map<String, Object> withCard() {
        Map<String, Object> o = Json.object();
        if (card != null) {
            o.put("card", card);
        }
        return o;
    }

    /**
     * Records the line of an outcome failure (a signature that does not verify, a chain that does
     * not validate, a failed check): like every failure, the run ends with it on standard error as
     * {@code mynacard: error: ...}.
     *
     * @param line one line, without PINs or personal data
     */
    void failed(String line) {
        failureLine = ErrorHandler.toolWords(line);
    }

    /** @return the subcommand's name as typed after {@code mynacard}, e.g. {@code cert show} */
    static String commandName(CommandSpec spec) {
        return spec.qualifiedName(" ").replaceFirst("^\\S+ ?", "");
    }
}
