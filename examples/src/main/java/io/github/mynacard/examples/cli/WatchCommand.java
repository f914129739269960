package io.github.mynacard.examples.cli;

import io.github.mynacard.pcsc.ReaderEvent;
import io.github.mynacard.pcsc.ReaderMonitor;
import io.github.mynacard.transport.CardTransportException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mynacard watch}: one JSON line per change of the PC/SC readers (card inserted or removed,
 * reader attached or detached), until stopped; with {@code --run status}, the status of each card
 * inserted, read on a thread of its reader's own.
 */
@Command(name = "watch", header = "Watch the PC/SC readers: one JSON line per card inserted or removed, reader attached or detached.",
        mixinStandardHelpOptions = true,
        description = {"Watch the card readers of the PC/SC service (pcscd) and print one JSON line per change on standard "
            + "output, as it happens, for example {\"event\":\"card_inserted\", \"seq\":3, \"reader\":\"Virtual PCD 00 01\", "
            + "\"time\":\"...\"} (without the spaces). The events are card_inserted, card_removed, reader_added and "
            + "reader_removed; seq numbers them from 1 without gaps. First come the readers and the cards already there, "
            + "marked \"initial\":true. No card is talked to (unless --run) and no PIN is needed.",
            "--run status: for each card inserted, the status command (PIN counters, card type, certificates; no PIN, no "
                + "attempt spent) runs on that reader, by its full name, and its JSON result comes as a line with "
                + "\"event\":\"run\", the insertion's \"seq\", the \"exitCode\" and the result in \"result\". Each reader's "
                + "cards are read on a thread of that reader's own, so cards in several readers are read at the same time.",
            "It ends after --count changes, after --for a time, or on Ctrl-C or SIGTERM, once the runs under way are done, "
                + "with a last line holding \"ok\":true, \"command\":\"watch\", the number of \"events\" and why it "
                + "\"stopped\" (count, time or signal), and exit code 0. The readers are asked every 100 ms: a card out and "
                + "back in faster than that is not seen. No PC/SC service: a sentence on standard error, the failure as a "
                + "JSON line, and exit code " + ExitCodes.NO_READER_OR_CARD + "."})
public final class WatchCommand extends BaseCommand {

    /** The commands {@code --run} takes: those that need no PIN. */
    static final String RUNNABLE = "status";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");
    /** How long the end waits for the runs under way. */
    private static final long RUNS_WAIT_SECONDS = 60;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop after N changes (the initial lines are not counted).")
    Integer count;

    @Option(names = {"--for", "--timeout"}, paramLabel = "DURATION",
            description = "Stop after this long: 500ms, 30s (the unit when none is given), 5m, 1h.")
    String duration;

    @Option(names = "--run", paramLabel = "COMMAND",
            description = "For each card inserted, run this command on its reader and print its JSON result: " + RUNNABLE + ".")
    String run;

    private final Object printing = new Object();

    @Override
    protected int execute() throws Exception {
        if (count != null && count < 1) {
            throw CliException.badInput("--count must be 1 or more");
        }
        Duration limit = duration == null ? null : parseDuration(duration);
        if (run != null && !run.strip().equals(RUNNABLE)) {
            throw CliException.badInput("--run takes '" + RUNNABLE + "' (a command that needs no PIN), not '" + run + "'");
        }
        ReaderMonitor monitor;
        try {
            monitor = ReaderMonitor.start();
        } catch (CardTransportException e) {
            return failure(e, 0);
        }
        ctx().waitForStop();
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        Map<String, ExecutorService> runners = new LinkedHashMap<>();
        int changes = 0;
        String stopped = null;
        int code = ExitCodes.OK;
        try {
            progress("watching " + monitor.readers().size() + " card reader(s); Ctrl-C to stop");
            while (stopped == null) {
                if (ctx().stopping()) {
                    stopped = "signal";
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stopped = "time";
                    break;
                }
                Optional<ReaderEvent> next;
                try {
                    next = monitor.next(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))));
                } catch (CardTransportException e) {
                    code = failure(e, changes);
                    break;
                }
                if (next.isEmpty()) {
                    continue;
                }
                ReaderEvent e = next.get();
                print(eventLine(e));
                if (e.kind() == ReaderEvent.Kind.CARD_INSERTED && run != null) {
                    runners.computeIfAbsent(e.reader(), r -> Executors.newSingleThreadExecutor(runnerThreads(r)))
                            .submit(() -> runOn(e));
                }
                if (!e.initial() && ++changes == (count == null ? -1 : count)) {
                    stopped = "count";
                }
            }
        } finally {
            monitor.close();
            for (ExecutorService r : runners.values()) {
                r.shutdown();
            }
            for (ExecutorService r : runners.values()) {
                if (!r.awaitTermination(RUNS_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    progress("a run on a card did not end within " + RUNS_WAIT_SECONDS + " s; stopping without it");
                    r.shutdownNow();
                }
            }
        }
        if (code == ExitCodes.OK) {
            Map<String, Object> o = Json.object();
            o.put("events", changes);
            o.put("stopped", stopped);
            synchronized (printing) {
                printJson(o);
                out().flush();
            }
        }
        return code;
    }

    private static java.util.concurrent.ThreadFactory runnerThreads(String reader) {
        return r -> {
            Thread t = new Thread(r, "mynacard-watch-run " + reader);
            t.setDaemon(true);
            return t;
        };
    }

    /** On the reader's own thread: the command of {@code --run} on the card of {@code inserted}, as one line. */
    private void runOn(ReaderEvent inserted) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try {
            exit = MynacardCli.run(ctx(), new PrintWriter(out, true), new PrintWriter(err, true), RUNNABLE, "--reader",
                    inserted.reader(), "--json");
        } catch (RuntimeException e) {
            exit = ExitCodes.UNEXPECTED;
        }
        Map<String, Object> o = Json.object();
        o.put("event", "run");
        o.put("seq", inserted.sequence());
        o.put("reader", inserted.reader());
        o.put("command", RUNNABLE);
        o.put("exitCode", exit);
        String result = out.toString().strip();
        o.put("result", result.startsWith("{") && result.endsWith("}") && !result.contains("\n") ? new Json.Raw(result) : null);
        print(Json.write(o));
        String warnings = err.toString();
        if (!warnings.isEmpty()) {
            synchronized (printing) {
                err().print(warnings);
                err().flush();
            }
        }
    }

    private void print(String line) {
        synchronized (printing) {
            out().println(line);
            out().flush();
        }
    }

    static String eventLine(ReaderEvent e) {
        Map<String, Object> o = Json.object();
        o.put("event", e.kind().name().toLowerCase(Locale.ROOT));
        o.put("seq", e.sequence());
        o.put("reader", e.reader());
        o.put("time", e.time().toString());
        if (e.initial()) {
            o.put("initial", true);
        }
        return Json.write(o);
    }

    /** A failure of the PC/SC service: the line on standard error and the failure as the last JSON line. */
    private int failure(CardTransportException e, int changes) {
        boolean noService = e.reason() == CardTransportException.Reason.SERVICE_UNAVAILABLE;
        int code = noService ? ExitCodes.NO_READER_OR_CARD : ExitCodes.CARD_ERROR;
        String line = noService ? "no PC/SC service: pcscd is not running (or the PC/SC library is not installed), so no "
                + "reader can be watched; start it (for example 'sudo systemctl start pcscd.socket') and run again"
                : "the PC/SC service stopped answering while the readers were watched; run again, or restart pcscd if it "
                        + "keeps failing";
        Map<String, Object> o = Json.object();
        o.put("events", changes);
        synchronized (printing) {
            printJson(o, code, line);
            out().flush();
        }
        return code;
    }

    /**
     * @param text {@code 500ms}, {@code 30s}, {@code 30} (seconds), {@code 5m}, {@code 1h}, or ISO 8601 ({@code PT30S})
     * @return the duration, positive
     */
    static Duration parseDuration(String text) throws CliException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw CliException.badInput("--for takes a duration such as 500ms, 30s, 5m or 1h, not '" + text + "'");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw CliException.badInput("--for must be longer than zero");
        }
        return d;
    }
}
