package io.github.mynacard.examples.cli;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.report.CardReport;
import io.github.mynacard.report.CardReporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mynacard card-report}: runs the fixed, read-only script of {@link CardReporter} against
 * the card and writes the anonymised report a holder can share. Asks for nothing and spends no
 * attempt.
 */
@Command(name = "card-report", header = "Write an anonymised report of how the card and reader answer (no PIN, no attempt spent).",
        mixinStandardHelpOptions = true,
        description = {"Run a fixed, read-only script against the card (SELECT of every known application and file, "
            + "VERIFY without data of every PIN, which shows its counter and spends nothing, the reads that need no PIN in "
            + "their short and extended-length forms, a read past a file's end, GET RESPONSE) and write what the card and "
            + "reader did to a JSON file: for each command its status word, the answer's length, the structure of "
            + "certificates and data files (tags and lengths), and its time; and the reader's name, protocol and the ATR.",
            "No value from the card is written: no certificate, serial number, key, name, address, birth date, My Number, "
                + "photo or signature. No PIN is asked for or sent. The command prints what the file holds; read it before "
                + "you share it. docs/card-report.md says how to contribute a report, and 'mynacard emulator init --profile "
                + "FILE' makes an emulated card that answers in the same form.",
            "With --compatible the extended-length forms are left out (short APDUs only)."})
public final class CardReportCommand extends BaseCommand {

    @Mixin
    TargetOptions target;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the report (JSON).")
    Path out;

    @Override
    protected int execute() throws Exception {
        if (target.reader != null) {
            cardInReader(target.reader);
        } else {
            cardIs(target.cardFile(ctx()));
        }
        CliFiles.requireWritable(out);
        boolean shortOnly = target.strategy(ctx()) == io.github.mynacard.ReadStrategy.COMPATIBLE;
        CardReport report;
        Boolean countersUnchanged = null;
        try (TargetOptions.Link link = target.openLink(ctx(), err())) {
            CardReport.Reader reader;
            Map<PinKind, Integer> before = null;
            if (link.reader() != null) {
                cardInReader(link.reader().readerName());
                reader = new CardReport.Reader(link.reader().readerName(), HexFormat.of().formatHex(link.reader().atr()),
                        link.reader().protocol(), features(link.reader()));
            } else {
                reader = new CardReport.Reader("emulated", "", "", "");
            }
            // the card is held for the whole script (an emulated card's state file locked): another
            // process's command cannot come between the counters before, the script and the counters after
            try (io.github.mynacard.transport.CardTransaction held = link.transport().beginTransaction()) {
                if (link.emulator() != null) {
                    before = counters(link.emulator());
                }
                report = CardReporter.run(link.transport(), reader, shortOnly, MynacardCli.VERSION);
                if (before != null) {
                    countersUnchanged = before.equals(counters(link.emulator()));
                }
            }
        }
        byte[] bytes = report.toJson().getBytes(StandardCharsets.UTF_8);
        CliFiles.write(out, bytes);
        if (Boolean.FALSE.equals(countersUnchanged)) {
            throw new CliException(ExitCodes.CARD_ERROR, "a PIN counter of the emulated card changed while the report "
                    + "was made, though the script sends no PIN and held the card; the report was written to " + out
                    + "; please report this as a bug");
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("reportFile", out.toAbsolutePath().toString());
            o.put("commands", report.exchanges().size());
            o.put("bytes", bytes.length);
            o.put("shortApdusOnly", shortOnly);
            o.put("holds", report.holds());
            o.put("summary", report.summary());
            if (countersUnchanged != null) {
                o.put("countersUnchanged", countersUnchanged);
            }
            printJson(o);
            return ExitCodes.OK;
        }
        out().println("Card report written to " + out + " (" + report.exchanges().size() + " commands, " + bytes.length
                + " bytes" + (shortOnly ? ", short APDUs only" : "") + ").");
        out().println("It holds:");
        for (String line : report.holds()) {
            out().println(Names.wrap("  - ", line, Names.width(ctx())));
        }
        out().println("What the card answered:");
        for (String line : report.summary()) {
            out().println(Names.wrap("  ", line, Names.width(ctx())));
        }
        if (countersUnchanged != null) {
            out().println("Every PIN counter of the emulated card is as it was before the report.");
        }
        out().println("Read the file before you share it; docs/card-report.md says how to contribute it.");
        return ExitCodes.OK;
    }

    /** The reader's part 10 features in words: "none reported" when it reports none. */
    private static String features(io.github.mynacard.pcsc.PcscTransport reader) throws java.io.IOException {
        java.util.List<String> f = reader.features();
        return f.isEmpty() ? "none reported" : String.join(" ", f);
    }

    private static Map<PinKind, Integer> counters(MynaCardEmulator emulator) {
        Map<PinKind, Integer> m = new EnumMap<>(PinKind.class);
        for (PinKind k : PinKind.values()) {
            m.put(k, emulator.remainingAttempts(k));
        }
        return m;
    }
}
