package io.github.mynacard.examples.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code mynacard} command line: My Number Card operations on an emulated card (by default) or
 * on a real card in a PC/SC reader.
 */
@Command(name = "mynacard", mixinStandardHelpOptions = true, version = "mynacard 0.1.0-SNAPSHOT",
        description = {
            "My Number Card (マイナンバーカード) tool: PIN counters, card fields, certificates, signatures (raw, CMS, PDF) and their "
                + "verification, PIN changes, a safe self-test for real readers.",
            "",
            "Target: by default an emulated card kept in ~/.mynacard/card.state (created with the default test data when "
                + "missing; attempts spent stay spent between runs). --card FILE picks another state file, --fresh starts a "
                + "new one, --reader NAME uses a real card through PC/SC.",
            "",
            "PINs: asked at a masked prompt by default; for scripts --pin-stdin (one line per PIN, in the order each "
                + "command lists) or --pin-env NAME (and --new-pin-env NAME). A PIN is never accepted as an argument. "
                + "When a PIN has one attempt left, the prompt asks for confirmation; without a terminal the guard "
                + "refuses unless --allow-last-attempt.",
            "",
            "Start with 'mynacard demo' (it re-initialises the emulated card and tells the whole story), then "
                + "'mynacard status'.",
            ""})
public final class MynacardCli implements Callable<Integer> {

    /**
     * The subcommands by name, in the order the help lists them. They are added to the command line
     * programmatically: a run that names one builds that one only (picocli's model of all of them
     * costs a tenth of a second at every start).
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("demo", DemoCommand.class);
        SUBCOMMANDS.put("status", StatusCommand.class);
        SUBCOMMANDS.put("doctor", DoctorCommand.class);
        SUBCOMMANDS.put("fields", FieldsCommand.class);
        SUBCOMMANDS.put("face", FaceCommand.class);
        SUBCOMMANDS.put("verify", VerifyCommand.class);
        SUBCOMMANDS.put("cert", CertCommand.class);
        SUBCOMMANDS.put("sign", SignCommand.class);
        SUBCOMMANDS.put("sign-pdf", SignPdfCommand.class);
        SUBCOMMANDS.put("verify-signature", VerifySignatureCommand.class);
        SUBCOMMANDS.put("login", LoginCommand.class);
        SUBCOMMANDS.put("auth-challenge", AuthChallengeCommand.class);
        SUBCOMMANDS.put("auth-sign", AuthSignCommand.class);
        SUBCOMMANDS.put("auth-verify", AuthVerifyCommand.class);
        SUBCOMMANDS.put("change-pin", ChangePinCommand.class);
        SUBCOMMANDS.put("reset-signing-pin", ResetSigningPinCommand.class);
        SUBCOMMANDS.put("self-test", SelfTestCommand.class);
        SUBCOMMANDS.put("bench", BenchCommand.class);
        SUBCOMMANDS.put("emulator", EmulatorCommand.class);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
    }

    private final CliContext context;

    @Spec
    CommandSpec spec;

    /** @param context what the commands take from the process */
    public MynacardCli(CliContext context) {
        this.context = context;
    }

    /** @return what the commands take from the process */
    CliContext context() {
        return context;
    }

    /** Without a subcommand: prints the usage and fails with {@link ExitCodes#BAD_INPUT}. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /**
     * Builds the command line with its error handling and the exit-code table in every help.
     *
     * @param context what the commands take from the process
     * @return the command line; call {@code execute(args)}
     */
    public static CommandLine newCommandLine(CliContext context) {
        return newCommandLine(context, null);
    }

    /**
     * @param context what the commands take from the process
     * @param only the one subcommand to build, or null for all of them
     * @return the command line
     */
    private static CommandLine newCommandLine(CliContext context, String only) {
        CommandLine cl = new CommandLine(new MynacardCli(context));
        for (Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) {
            if (only == null || e.getKey().equals(only)) {
                cl.addSubcommand(e.getKey(), e.getValue());
            }
        }
        ErrorHandler handler = new ErrorHandler();
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        addExitCodes(cl);
        return cl;
    }

    private static void addExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.table());
        for (CommandLine sub : cl.getSubcommands().values()) {
            addExitCodes(sub);
        }
    }

    /**
     * Runs the command line once: output goes through a filter that never prints back an argument
     * that looks like a PIN (whatever option it came in), and usage errors are one line.
     *
     * @param context what the commands take from the process
     * @param out standard output
     * @param err standard error
     * @param args the arguments
     * @return the exit code
     */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        Redactor redactor = Redactor.forArguments(args);
        PrintWriter o = redactor.wrap(out);
        PrintWriter e = redactor.wrap(err);
        CommandLine cl = forArguments(context, args);
        cl.setOut(o);
        cl.setErr(e);
        try {
            return cl.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /**
     * The command line for these arguments: with only the subcommand they name when they name one
     * (and parse with it alone), else with all of them (help, usage errors, suggestions).
     */
    private static CommandLine forArguments(CliContext context, String[] args) {
        String named = null;
        for (String a : args) {
            if (SUBCOMMANDS.containsKey(a) && !a.equals("help")) {
                named = a;
                break;
            }
        }
        if (named != null) {
            CommandLine one = newCommandLine(context, named);
            try {
                one.parseArgs(args);
                return one;
            } catch (CommandLine.ParameterException e) {
                // let the whole command line parse it again, and answer with all it knows
            }
        }
        return newCommandLine(context, null);
    }

    /**
     * Runs the command line and exits with its exit code. Ctrl-C or SIGTERM ends the process at
     * once: the stop gate sends nothing more to the card (a command already on its way is let
     * finish, briefly), a waiting prompt ends its line with the terminal's echo on, and the process
     * ends by the signal (exit status 130 or 143). A long-running command that stops cleanly
     * ({@code emulator serve}) is asked to stop instead, and a second signal ends it at once.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        CliContext context = CliContext.system();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        if (Signals.install(signal -> onSignal(context, signal))) {
            context.onSettle(Signals::settle);
        }
        // other ways the JVM is asked to stop (SIGHUP; signals where Signals is unavailable)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished.isDone()) {
                return; // a normal exit
            }
            stopNow(context);
            if (context.waitsForStop()) {
                try {
                    finished.get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // exit anyway
                }
            }
        }, "mynacard-shutdown"));
        int code = run(context, quietAfterStop(out, context), quietAfterStop(err, context), args);
        if (context.stopping() && !context.waitsForStop()) {
            // a signal is ending the process: its handler does, with the signal's own status
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            code = 130;
        }
        finished.complete(null);
        System.exit(code);
    }

    /**
     * Output that stops once a signal stops the process (a command refused by the stop gate would
     * otherwise report it), except for a command that stops cleanly and reports it.
     */
    private static PrintWriter quietAfterStop(PrintWriter w, CliContext context) {
        return new PrintWriter(new java.io.FilterWriter(w) {
            private boolean quiet() {
                return context.stopping() && !context.waitsForStop();
            }

            @Override
            public void write(int c) throws java.io.IOException {
                if (!quiet()) {
                    out.write(c);
                }
            }

            @Override
            public void write(char[] cbuf, int off, int len) throws java.io.IOException {
                if (!quiet()) {
                    out.write(cbuf, off, len);
                }
            }

            @Override
            public void write(String str, int off, int len) throws java.io.IOException {
                if (!quiet()) {
                    out.write(str, off, len);
                }
            }
        }, true);
    }

    /** Closes the gate, puts the terminal right, lets a command in flight finish; true when the terminal is sane. */
    private static boolean stopNow(CliContext context) {
        context.stop();
        boolean sane = context.terminal() == null || context.terminal().interrupted();
        context.awaitNothingInFlight(1000);
        return sane;
    }

    private static void onSignal(CliContext context, String signal) {
        long late = Long.getLong("mynacard.test.signalHandlerDelayMillis", 0);
        if (late > 0) {
            // test hook: a handler the JVM runs late, as on a loaded machine
            try {
                Thread.sleep(Math.min(late, 2000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean again = context.stopping();
        if (context.waitsForStop() && !again) {
            context.stop(); // the command stops itself and exits normally
            return;
        }
        if (stopNow(context)) {
            Signals.dieBy(signal);
        }
        System.exit(signal.equals("TERM") ? 143 : 130); // the JDK's shutdown restores its console
    }
}
