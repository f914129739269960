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

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as one JSON object (for scripts).")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show the stack trace of an error.")
    boolean verbose;

    /** @return the exit code */
    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
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

    /** @return the process context */
    CliContext ctx() {
        return ((MynacardCli) spec.root().userObject()).context();
    }

    /** @return standard output */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return standard error, for progress and warnings */
    PrintWriter err() {
        return spec.commandLine().getErr();
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
     * Prints the JSON result, with {@code "ok": true} first.
     *
     * @param result the result's fields
     */
    void printJson(Map<String, Object> result) {
        Map<String, Object> all = Json.object();
        all.put("ok", true);
        all.put("command", spec.qualifiedName(" ").replaceFirst("^\\S+ ", ""));
        all.putAll(result);
        out().println(Json.write(all));
    }
}
