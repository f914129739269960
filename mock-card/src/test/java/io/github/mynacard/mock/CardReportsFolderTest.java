package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.MynaCard;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.report.CardReport;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every report in the project's {@code card-reports/} folder, replayed: an emulator profiled with
 * it runs every typed operation (those of {@code ApduTraceGoldenTest}; behind a reader that cannot
 * carry extended lengths, those short APDUs can carry, as {@code ReaderLimitsTest} does), and the
 * reports the emulator made are still what the script makes now.
 */
class CardReportsFolderTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("card-reports")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("card-reports");
            }
        }
        throw new AssertionError("no card-reports folder above " + Path.of("").toAbsolutePath());
    }

    static List<Path> reports() throws IOException {
        try (Stream<Path> s = Files.list(folder())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** What the library sent, in order, the ones the link refused marked. */
    static List<String> run(ApduTraceGoldenTest.Operation op, CardTransport inner, MynaCardEmulator emulator)
            throws Exception {
        List<String> sent = new ArrayList<>();
        CardTransport recording = command -> {
            String seen = command.length > 7 && command[1] == (byte) 0x82
                    ? HEX.formatHex(command, 0, 4) + "<" + (command.length - 4) + ">" : HEX.formatHex(command);
            try {
                byte[] r = inner.transmit(command);
                sent.add(seen);
                return r;
            } catch (CardTransportException e) {
                sent.add("refused by the link: " + seen);
                throw e;
            }
        };
        try (MynaCard card = MynaCard.open(recording, ReadStrategy.FAST)) {
            op.run(card, emulator);
        }
        return sent;
    }

    @Test
    void everyReportInTheFolderIsReadAndEveryTypedOperationWorksOnItsProfile() throws Exception {
        List<Path> reports = reports();
        assertTrue(reports.size() >= 5, "the folder holds the emulator's five reports at least: " + reports);
        int runs = 0;
        for (Path file : reports) {
            CardReport report = CardReport.read(file);
            CardProfile profile = CardProfile.of(report);
            boolean shortOnly = profile.extendedLength() == CardProfile.ExtendedLength.REFUSED_BY_READER;
            for (Map.Entry<String, ApduTraceGoldenTest.Operation> e : ApduTraceGoldenTest.OPERATIONS.entrySet()) {
                if (shortOnly && e.getKey().startsWith("reset-")) {
                    continue; // the terminal's signature of the PIN-reset model needs an extended Lc
                }
                MynaCardEmulator emulator = MynaCardEmulator.builder().certificateIssueDate(ApduTraceGoldenTest.ISSUED)
                        .profile(report).build();
                try {
                    List<String> sent = run(e.getValue(), emulator, emulator);
                    assertFalse(sent.isEmpty(), e.getKey());
                } catch (Exception | AssertionError x) {
                    throw new AssertionError(file.getFileName() + ": " + e.getKey() + " failed on the profile "
                            + profile.describe() + ": " + x, x);
                }
                runs++;
            }
        }
        System.err.println("card reports replayed: " + reports.size() + " reports, " + runs + " operations");
    }

    @Test
    void theEmulatorsReportsAreWhatTheScriptMakesNow() throws Exception {
        for (Map.Entry<String, EmulatorReports.Limits> e : EmulatorReports.REPORTS.entrySet()) {
            CardReport kept = CardReport.read(folder().resolve(e.getKey()));
            CardReport now = EmulatorReports.make(e.getValue());
            assertEquals(withoutTimes(now), withoutTimes(kept), e.getKey()
                    + " is not what the script makes now: write the reports anew (EmulatorReports.main)");
            assertEquals(now.reader(), kept.reader());
            assertEquals(now.shortApdusOnly(), kept.shortApdusOnly());
        }
    }

    private static List<String> withoutTimes(CardReport r) {
        return r.exchanges().stream().map(x -> x.step() + " " + x.command() + " " + x.swHex() + " " + x.length() + " "
                + x.skeleton() + " " + x.linkError()).toList();
    }

    /**
     * The acceptance of replay: a card profiled with the report made with short APDUs only
     * ({@code --compatible}) behind the fast strategy gets, for every operation, exactly the APDUs,
     * in the same order, that the same operation sends through a reader of short APDUs that refuses
     * each extended-length command at its driver ({@code ReaderLimitsTest}'s link).
     */
    @Test
    void theCompatibleReportsProfileFallsBackExactlyAsAReaderOfShortApdus() throws Exception {
        // -Dmynacard.compatibleReport=FILE: a report made with 'mynacard card-report --compatible' elsewhere
        String other = System.getProperty("mynacard.compatibleReport", "");
        Path file = other.isEmpty() ? folder().resolve("emulator-compatible.json") : Path.of(other);
        CardReport report = CardReport.read(file);
        CardProfile profile = CardProfile.of(report);
        assertEquals(CardProfile.ExtendedLength.REFUSED_BY_READER, profile.extendedLength());
        assertTrue(profile.shortEfIds());
        int operations = 0;
        int apdus = 0;
        int refusals = 0;
        for (Map.Entry<String, ApduTraceGoldenTest.Operation> e : ApduTraceGoldenTest.OPERATIONS.entrySet()) {
            if (e.getKey().startsWith("reset-")) {
                continue;
            }
            MynaCardEmulator profiled = MynaCardEmulator.builder().certificateIssueDate(ApduTraceGoldenTest.ISSUED)
                    .profile(report).build();
            profiled.setProfileTimings(false);
            List<String> viaProfile = run(e.getValue(), profiled, profiled);

            MynaCardEmulator plain = MynaCardEmulator.builder().certificateIssueDate(ApduTraceGoldenTest.ISSUED).build();
            CardTransport shortApduReader = command -> {
                if (ReaderLimitsTest.extended(command)) {
                    throw new CardTransportException(CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED,
                            "the reader exchanges short APDUs only");
                }
                return plain.transmit(command);
            };
            List<String> viaReader = run(e.getValue(), shortApduReader, plain);
            assertEquals(viaReader, viaProfile, e.getKey());
            operations++;
            apdus += viaProfile.size();
            refusals += (int) viaProfile.stream().filter(s -> s.startsWith("refused")).count();
        }
        assertTrue(refusals > 0, "the fast strategy tried an extended length and the profile refused it");
        System.err.println("compatible profile " + file.getFileName() + ": " + operations + " operations, " + apdus + " APDUs sent, " + refusals
                + " refused by the profile's reader, each the same as through a reader of short APDUs");
    }
}
