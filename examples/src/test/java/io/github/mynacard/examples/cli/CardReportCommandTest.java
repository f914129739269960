package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.report.CardReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mynacard card-report} and {@code emulator init --profile}, from the command line. */
class CardReportCommandTest extends CliTestBase {

    private Map<PinKind, Integer> counters() throws Exception {
        MynaCardEmulator e = loadCard();
        Map<PinKind, Integer> m = new EnumMap<>(PinKind.class);
        for (PinKind k : PinKind.values()) {
            m.put(k, e.remainingAttempts(k));
        }
        return m;
    }

    static Path reportsFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("card-reports"))) {
                return dir.resolve("card-reports");
            }
        }
        throw new AssertionError("no card-reports folder");
    }

    @Test
    void aReportOfTheEmulatedCardSpendsNothingHoldsNoPersonalDataAndNamesEveryFile() throws Exception {
        newCard().close();
        spend(PinKind.CARD_INFO_INPUT, 1);
        Map<PinKind, Integer> before = counters();
        Path out = tmp.resolve("report.json");
        Result r = run("card-report", "--card", card.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(before, counters(), "every counter as it was");
        assertTrue(r.out().contains("Every PIN counter of the emulated card is as it was before the report."), r.out());
        assertTrue(r.out().contains("It holds:") && r.out().replaceAll("\\s+", " ").contains("no PIN was asked for or sent"), r.out());
        String json = Files.readString(out);
        for (String value : new String[] {MynaCardEmulator.DEFAULT_MY_NUMBER, MynaCardEmulator.DEFAULT_NAME,
            MynaCardEmulator.DEFAULT_ADDRESS, "19900401", "1990-04-01", loadCard().certificate(io.github.mynacard.JpkiCertificate.AUTHENTICATION)
                .getSerialNumber().toString(16)}) {
            assertFalse(json.contains(value), "the report holds " + value);
        }
        CardReport report = CardReport.parse(json);
        String summary = String.join("\n", report.summary());
        assertTrue(summary.contains("JPKI EF 000A (user-authentication certificate): select-file 9000, read-short 9000 (256 bytes), "
                + "read-extended 9000 ("), summary);
        assertTrue(summary.contains("CARD_INFO EF 0011 (card-info input support PIN): pin-status-sfi 63C2"), summary);
        assertTrue(summary.contains("CARD_INFO EF 0001 (My Number): select-file 9000, read-protected 6982"), summary);
        Result j = run("card-report", "--card", card.toString(), "--out", out.toString(), "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"countersUnchanged\":true"), j.out());
        assertTrue(j.out().contains("\"commands\":" + report.exchanges().size()), j.out());
    }

    /**
     * Another user of the same card file spends an attempt as soon as the report has sent its first
     * command: the report holds the card for its whole script, so the other's VERIFY waits for it,
     * and the report's before-and-after comparison does not take the other's attempt for its own.
     */
    @Test
    void anotherUserOfTheCardFileCannotComeBetweenTheReportsCounters() throws Exception {
        newCard().close();
        MynaCardEmulator same = MynaCardEmulator.load(card);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> answer = new java.util.concurrent.atomic.AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                started.await();
                same.transmit(java.util.HexFormat.of().parseHex("00A4040C0AD392F000260100000001"));
                answer.set(java.util.HexFormat.of().formatHex(same.transmit(
                        java.util.HexFormat.of().parseHex("002000980430303030")))); // user PIN 0000
            } catch (Exception e) {
                answer.set(e.toString());
            }
        });
        other.start();
        // the trace of the report's first command starts the other user, then gives it 200 ms
        java.io.Writer traceWatcher = new java.io.StringWriter() {
            @Override
            public void write(String str, int off, int len) {
                super.write(str, off, len);
                if (started.getCount() > 0 && toString().contains("trace: >")) {
                    started.countDown();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        java.io.StringWriter out = new java.io.StringWriter();
        CliContext ctx = new CliContext(new java.io.ByteArrayInputStream(new byte[0]), Map.of(), null,
                Path.of(System.getProperty("user.home")));
        int code = MynacardCli.run(ctx, new java.io.PrintWriter(out, true), new java.io.PrintWriter(traceWatcher, true),
                "card-report", "--card", card.toString(), "--out", tmp.resolve("report.json").toString(), "--json",
                "--trace");
        other.join();
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("\"countersUnchanged\":true"), out.toString());
        assertEquals("63c2", answer.get(), "the other's wrong PIN was answered, after the report");
        assertEquals(2, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void aBadOutputPathIsRefusedBeforeTheCardIsTouched() throws Exception {
        newCard().close();
        byte[] cardBefore = Files.readAllBytes(card);
        Result r = run("card-report", "--card", card.toString(), "--out", tmp.resolve("no/such/dir/r.json").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertArrayEquals(cardBefore, Files.readAllBytes(card), "the card file was not even rewritten");
        Result missing = run("card-report", "--card", card.toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code(), missing.err());
    }

    @Test
    void withCompatibleTheReportHasNoExtendedLength() throws Exception {
        newCard().close();
        Path out = tmp.resolve("short.json");
        Result r = run("card-report", "--card", card.toString(), "--out", out.toString(), "--compatible");
        assertEquals(0, r.code(), r.err());
        CardReport report = CardReport.read(out);
        assertTrue(report.shortApdusOnly());
        assertTrue(report.exchanges().stream().noneMatch(e -> e.form().extended()));
        assertTrue(r.out().contains("short APDUs only"), r.out());
    }

    @Test
    void aCardMadeWithTheCompatibleProfileFallsBackToShortApdusAsBehindAShortApduReader() throws Exception {
        Path profile = reportsFolder().resolve("emulator-compatible.json");
        Result init = run("emulator", "init", "--card", card.toString(), "--profile", profile.toString());
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("It answers in the form of the card report"), init.out());
        assertTrue(init.out().contains("extended lengths: refused by the reader (the card never sees them)"), init.out());
        Result show = run("cert", "show", "auth", "--card", card.toString(), "--trace");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.err().contains("no answer: the reader cannot carry extended-length APDUs; going on with short APDUs"),
                show.err());
        Result status = run("status", "--card", card.toString());
        assertEquals(0, status.code(), status.err());
    }

    @Test
    void aProfileThatIsNotACardReportMakesNoCard() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"something else\"}");
        Result r = run("emulator", "init", "--card", card.toString(), "--profile", bad.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("not a card report") && r.err().contains("nothing was made"), r.err());
        assertFalse(Files.exists(card), "no card was made");
        Result missing = run("emulator", "init", "--card", card.toString(), "--profile", tmp.resolve("none.json").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code(), missing.err());
        assertFalse(Files.exists(card));
    }
}
