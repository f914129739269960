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
@Command(name = "mynacard", mixinStandardHelpOptions = true, version = MynacardCli.VERSION,
        description = {
            "My Number Card (マイナンバーカード) tool: PIN counters, card fields, certificates, signatures (raw, CMS, PDF) and their "
                + "verification, PIN changes, a safe self-test for real readers.",
            "",
            "Target: by default an emulated card kept in ~/.mynacard/card.state (created with the default test data when "
                + "missing; attempts spent stay spent between runs). --card FILE picks another state file (it must exist: "
                + "'emulator init --card FILE' makes one), --fresh starts a new one (a used card only with --force), "
                + "--reader NAME uses a real card through PC/SC. ~/.mynacard is $MYNACARD_HOME when that is set, "
                + "else .mynacard in $HOME.",
            "",
            "Options common to the commands (--json, -v/--verbose, --card, --reader, --wait, --fresh, --force, --compatible, "
                + "--trace) may come before or after the command's name.",
            "",
            "--trace prints every exchange with the card on standard error with PINs and personal data masked: safe to "
                + "paste into a bug report.",
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

    /** What {@code --version} prints, on the main command and on every subcommand. */
    static final String VERSION = "mynacard 0.1.0-SNAPSHOT";

    /**
     * The subcommands' names, in the order the help lists them. They are added to the command line
     * programmatically: a run that names one builds that one only (picocli's model of all of them
     * costs a tenth of a second at every start), and a class is loaded only when its command is
     * built ({@link #subcommandClass}).
     */
    private static final String[] SUBCOMMANDS = {"demo", "status", "readers", "watch", "doctor", "card-report", "fields",
        "face", "verify", "cert", "sign", "sign-pdf", "verify-signature", "login", "auth-challenge", "auth-sign",
        "auth-verify", "change-pin", "reset-signing-pin", "self-test", "bench", "emulator", "completion", "man", "help"};

    /** @return whether {@code name} is one of the subcommands */
    static boolean isSubcommand(String name) {
        for (String s : SUBCOMMANDS) {
            if (s.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** @return the class of a subcommand, by its name */
    private static Class<?> subcommandClass(String name) {
        return switch (name) {
            case "demo" -> DemoCommand.class;
            case "status" -> StatusCommand.class;
            case "readers" -> ReadersCommand.class;
            case "watch" -> WatchCommand.class;
            case "doctor" -> DoctorCommand.class;
            case "card-report" -> CardReportCommand.class;
            case "fields" -> FieldsCommand.class;
            case "face" -> FaceCommand.class;
            case "verify" -> VerifyCommand.class;
            case "cert" -> CertCommand.class;
            case "sign" -> SignCommand.class;
            case "sign-pdf" -> SignPdfCommand.class;
            case "verify-signature" -> VerifySignatureCommand.class;
            case "login" -> LoginCommand.class;
            case "auth-challenge" -> AuthChallengeCommand.class;
            case "auth-sign" -> AuthSignCommand.class;
            case "auth-verify" -> AuthVerifyCommand.class;
            case "change-pin" -> ChangePinCommand.class;
            case "reset-signing-pin" -> ResetSigningPinCommand.class;
            case "self-test" -> SelfTestCommand.class;
            case "bench" -> BenchCommand.class;
            case "emulator" -> EmulatorCommand.class;
            case "completion" -> CompletionCommand.class;
            case "man" -> ManCommand.class;
            case "help" -> CommandLine.HelpCommand.class;
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    private final CliContext context;

    /**
     * @return every command that does something, as typed after {@code mynacard} ({@code status},
     *     {@code cert show}, ...): the leaves of the command tree, without {@code help}
     */
    static java.util.List<String> commandNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        collect(newCommandLine(CliContext.system()), names);
        names.remove("help");
        return names;
    }

    private static void collect(CommandLine cl, java.util.List<String> names) {
        if (cl.getSubcommands().isEmpty()) {
            names.add(BaseCommand.commandName(cl.getCommandSpec()));
            return;
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, names);
        }
    }

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
        for (String name : SUBCOMMANDS) {
            if (only == null || name.equals(only)) {
                cl.addSubcommand(name, subcommandClass(name));
            }
        }
        ErrorHandler handler = new ErrorHandler();
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.LocalDate.class, Names::date);
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.table());
        for (CommandLine sub : cl.getSubcommands().values()) {
            seeMainHelp(sub);
        }
        return cl;
    }

    /**
     * A subcommand's help ends with where the exit codes are listed, once, instead of the table; its
     * {@code --version} prints the tool's version, as the main command's does.
     */
    private static void seeMainHelp(CommandLine cl) {
        cl.getCommandSpec().usageMessage().footer("%nExit codes: see 'mynacard --help'.");
        cl.getCommandSpec().version(VERSION);
        for (CommandLine sub : cl.getSubcommands().values()) {
            seeMainHelp(sub);
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
        String[] a = globalOptionsAfterTheCommand(args);
        BaseCommand quick = QuickCommands.parse(a);
        if (quick != null) {
            // the everyday command with plain options: run without picocli's model (see QuickCommands)
            try {
                return QuickCommands.execute(quick, context, o, e);
            } finally {
                o.flush();
                e.flush();
            }
        }
        CommandLine cl = forArguments(context, a);
        cl.setOut(o);
        cl.setErr(e);
        try {
            if (a.length > 0 && !a[0].startsWith("-") && !isSubcommand(a[0])) {
                // also with --help: a command that does not exist is an error, not a request for the main help
                try {
                    cl.parseArgs(a);
                } catch (CommandLine.ParameterException pe) {
                    return cl.getParameterExceptionHandler().handleParseException(pe, a);
                } catch (RuntimeException other) {
                    // reported below
                }
                return ErrorHandler.usageError(cl, "unknown command '" + a[0] + "' (see 'mynacard --help')", a);
            }
            if (wantsJson(a) && (hasAny(a, "-h", "--help") || hasAny(a, "-V", "--version"))) {
                return helpAsJson(cl, a, o);
            }
            return cl.execute(a);
        } catch (Exception ex) {
            return ErrorHandler.usageError(cl, ErrorHandler.plain(String.valueOf(ex.getMessage())), a);
        } finally {
            o.flush();
            e.flush();
        }
    }

    private static boolean wantsJson(String[] args) {
        return hasAny(args, "--json");
    }

    private static boolean hasAny(String[] args, String... names) {
        for (String a : args) {
            if (a.equals("--")) {
                return false; // what follows is an operand
            }
            for (String n : names) {
                if (a.equals(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code --help --json} and {@code --version --json}: the same text as without {@code --json},
     * inside the one JSON object every run prints ({@code "help"} or {@code "version"}), for the
     * command the arguments name ({@code mynacard cert show --help --json} is the help of
     * {@code cert show}).
     */
    private static int helpAsJson(CommandLine cl, String[] args, PrintWriter out) {
        CommandLine target = cl;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            CommandLine sub = a.startsWith("-") ? null : target.getSubcommands().get(a);
            if (sub != null) {
                target = sub;
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        String name = BaseCommand.commandName(target.getCommandSpec());
        if (hasAny(args, "-h", "--help")) {
            o.put("help", target.getUsageMessage(CommandLine.Help.Ansi.OFF));
        } else {
            o.put("version", VERSION.substring(VERSION.indexOf(' ') + 1));
        }
        out.println(Json.write(Json.envelope(name.isEmpty() ? null : name, ExitCodes.OK, null, o)));
        return ExitCodes.OK;
    }

    /** The options every card command has, with the number of values each takes. */
    private static final Map<String, Integer> GLOBAL_OPTIONS = Map.of("--json", 0, "-v", 0, "--verbose", 0, "--card", 1,
            "--reader", 1, "--wait", 1, "--fresh", 0, "--force", 0, "--compatible", 0, "--trace", 0);

    /**
     * Lets the common options come before the subcommand as well as after it: {@code mynacard
     * --json status} is {@code mynacard status --json}. Leading options of {@link #GLOBAL_OPTIONS}
     * (with their values) are moved to the end; anything else stays where it is.
     */
    static String[] globalOptionsAfterTheCommand(String[] args) {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            Integer values = GLOBAL_OPTIONS.get(name);
            if (values == null) {
                break;
            }
            i += 1 + (a.contains("=") ? 0 : values);
        }
        if (i == 0 || i >= args.length || !isSubcommand(args[i])) {
            return args;
        }
        String[] moved = new String[args.length];
        System.arraycopy(args, i, moved, 0, args.length - i);
        System.arraycopy(args, 0, moved, args.length - i, i);
        return moved;
    }

    /**
     * The command line for these arguments: with only the subcommand they name when they name one
     * (and parse with it alone), else with all of them (help, usage errors, suggestions).
     */
    private static CommandLine forArguments(CliContext context, String[] args) {
        String named = null;
        for (String a : args) {
            if (isSubcommand(a) && !a.equals("help")) {
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
        if (Signals.install(new OnSignal(context))) {
            context.onSettle(new SettleSignals());
        }
        // other ways the JVM is asked to stop (SIGHUP; signals where Signals is unavailable)
        Runtime.getRuntime().addShutdownHook(new Thread(new OnShutdown(context, finished), "mynacard-shutdown"));
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

    // Named classes rather than lambdas on the way to the command: a cold start pays for each
    // lambda's class being spun (and the first one for the whole lambda machinery).

    /** Ctrl-C or SIGTERM: see {@link #onSignal}. */
    private static final class OnSignal implements java.util.function.Consumer<String> {
        private final CliContext context;

        OnSignal(CliContext context) {
            this.context = context;
        }

        @Override
        public void accept(String signal) {
            onSignal(context, signal);
        }
    }

    /** What a prompt runs when it returns: {@link Signals#settle()}. */
    private static final class SettleSignals implements Runnable {
        @Override
        public void run() {
            Signals.settle();
        }
    }

    /** The JVM asked to stop another way than by a handled signal. */
    private static final class OnShutdown implements Runnable {
        private final CliContext context;
        private final CompletableFuture<Void> finished;

        OnShutdown(CliContext context, CompletableFuture<Void> finished) {
            this.context = context;
            this.finished = finished;
        }

        @Override
        public void run() {
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
        }
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
