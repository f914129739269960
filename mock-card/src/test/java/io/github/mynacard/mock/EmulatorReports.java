package io.github.mynacard.mock;

import io.github.mynacard.report.CardReport;
import io.github.mynacard.report.CardReporter;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The card reports the project made from the emulator under different reader limits, kept in
 * {@code card-reports/} with the reports holders contribute. {@link #main} writes them anew (after
 * the script changed); {@code CardReportsFolderTest} checks they are what the script makes now.
 *
 * <p>Run from the repository root with the mock-card test class path, as {@code card-reports/README.md}
 * shows: {@code java -cp <test classpath> io.github.mynacard.mock.EmulatorReports card-reports}.
 */
final class EmulatorReports {

    /** The file name of each report the emulator makes, and how its card and reader are limited. */
    static final Map<String, Limits> REPORTS = new LinkedHashMap<>();

    static {
        REPORTS.put("emulator-full.json", new Limits("emulated card, a reader of extended lengths", false, false, false, false));
        REPORTS.put("emulator-short-apdu-reader.json",
                new Limits("emulated card, a reader of short APDUs only", true, false, false, false));
        REPORTS.put("emulator-cautious-card.json",
                new Limits("emulated cautious card: no extended lengths, no short EF identifiers", false, true, false, false));
        REPORTS.put("emulator-end-of-file-warning.json",
                new Limits("emulated card that ends a short read with 6282", false, false, true, false));
        REPORTS.put("emulator-compatible.json",
                new Limits("emulated card, report made with --compatible: short APDUs only", false, false, false, true));
    }

    /**
     * @param reader the name the report gives the reader
     * @param readerRefusesExtended whether the link fails every extended-length command
     * @param cautious whether the card refuses extended lengths and short EF identifiers
     * @param endOfFileWarning whether the card ends a short read with 6282
     * @param shortOnly whether the script leaves out the extended forms
     */
    record Limits(String reader, boolean readerRefusesExtended, boolean cautious, boolean endOfFileWarning,
            boolean shortOnly) {
    }

    private EmulatorReports() {
    }

    /** Makes one report from a default card (fixed seed and dates) behind the limits. */
    static CardReport make(Limits l) throws IOException {
        MynaCardEmulator emulator = MynaCardEmulator.builder().seed(20)
                .certificateIssueDate(ApduTraceGoldenTest.ISSUED).build();
        emulator.setCautious(l.cautious());
        emulator.setEndOfFileWarning(l.endOfFileWarning());
        CardTransport link = command -> {
            if (l.readerRefusesExtended() && ReaderLimitsTest.extended(command)) {
                throw new CardTransportException(CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED,
                        "the reader exchanges short APDUs only");
            }
            return emulator.transmit(command);
        };
        return CardReporter.run(link, new CardReport.Reader(l.reader(), "", "", ""), l.shortOnly(),
                "mynacard emulator reports");
    }

    /**
     * Writes every report into a folder.
     *
     * @param args the folder (default {@code card-reports})
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "card-reports");
        Files.createDirectories(dir);
        for (Map.Entry<String, Limits> e : REPORTS.entrySet()) {
            Files.write(dir.resolve(e.getKey()), make(e.getValue()).toJson().getBytes(StandardCharsets.UTF_8));
            System.out.println("wrote " + dir.resolve(e.getKey()));
        }
    }
}
