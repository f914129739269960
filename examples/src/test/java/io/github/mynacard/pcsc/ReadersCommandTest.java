package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.examples.cli.CliContext;
import io.github.mynacard.examples.cli.MynacardCli;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.transport.CardTransportException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mynacard readers} against pcscd with vsmartcard's virtual reader: every reader with the
 * index {@code --reader} takes, whether it holds a card and that it is virtual; and, in a process
 * whose PC/SC client finds no service, a sentence and exit code 6.
 */
class ReadersCommandTest {

    @TempDir
    Path dir;

    private VpcdCardServer server;

    private record Result(int code, String out, String err) {
    }

    private Result cli(String... args) {
        CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MynacardCli.run(ctx, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @AfterEach
    void remove() throws InterruptedException {
        if (server != null) {
            server.close();
            PcscStack.waitUntilPcscdSeesNoCard();
        }
    }

    private static void awaitCardInReader(boolean present) throws Exception {
        ServedCardAndCommandLineTest.awaitCardInReader(present);
    }

    /** The index of the test's reader in PC/SC order, as {@code --reader INDEX} takes it. */
    private static int indexOfTheReader() throws CardTransportException {
        List<ReaderInfo> all = PcscReaders.list();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(PcscStack.reader)) {
                return i;
            }
        }
        throw new AssertionError(PcscStack.reader + " is not listed: " + all);
    }

    @Test
    void listsTheVirtualReaderWithItsIndexAndWhetherItHoldsACard() throws Exception {
        PcscStack.bringUp();
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        server = PcscStack.insert(emulator, emulator::reset);
        awaitCardInReader(true);
        int index = indexOfTheReader();

        Result text = cli("readers");
        assertEquals(0, text.code(), text.err());
        assertTrue(Pattern.compile("(?m)^\\s*" + index + "\\s+" + Pattern.quote(PcscStack.reader)
                + "\\s+card present\\s+virtual reader$").matcher(text.out()).find(), text.out());
        assertTrue(text.out().contains("--reader INDEX") && text.out().contains("--reader NAME")
                && text.out().contains("--reader auto"), "how to pick a reader: " + text.out());
        assertTrue(text.out().contains("--reader auto skips virtual readers") && text.out().contains("name it: --reader '"),
                text.out());
        assertFalse(text.out().contains("ReaderInfo"), text.out());

        Result json = cli("readers", "--json");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().startsWith("{\"ok\":true,\"command\":\"readers\",\"readers\":["), json.out());
        assertTrue(json.out().contains("{\"index\":" + index + ",\"name\":\"" + PcscStack.reader
                + "\",\"cardPresent\":true,\"virtual\":true,\"option\":\"--reader " + index + "\"}"), json.out());
        assertEquals(1, json.out().strip().lines().count(), json.out());
        assertEquals(json.out(), cli("--json", "readers").out(), "--json before the command's name");

        // the index it shows is the one --reader takes
        Result status = cli("status", "--json", "--reader", Integer.toString(index));
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("\"card\":{\"kind\":\"reader\",\"reader\":\"" + PcscStack.reader + "\"}"), status.out());

        server.close();
        server = null;
        awaitCardInReader(false);
        Result empty = cli("readers", "--json");
        assertEquals(0, empty.code(), empty.err());
        assertTrue(empty.out().contains("{\"index\":" + index + ",\"name\":\"" + PcscStack.reader
                + "\",\"cardPresent\":false,\"virtual\":true,"), empty.out());
        assertTrue(Pattern.compile("(?m)^\\s*" + index + "\\s+" + Pattern.quote(PcscStack.reader) + "\\s+no card\\s+virtual reader$")
                .matcher(cli("readers").out()).find());
    }

    @Test
    void aCardInAReaderIsTracedToo() throws Exception {
        PcscStack.bringUp();
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        server = PcscStack.insert(emulator, emulator::reset);
        awaitCardInReader(true);
        Result r = cli("status", "--json", "--trace", "--reader", PcscStack.reader);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("mynacard: trace: > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"), r.err());
        assertTrue(Pattern.compile("(?m)^mynacard: trace: < .*90 00 \\(\\d+ us\\)$").matcher(r.err()).find(), r.err());
        assertTrue(r.out().startsWith("{\"ok\":true,\"command\":\"status\"") && !r.out().contains("trace"), r.out());
    }

    /**
     * A process whose PC/SC client looks for pcscd at a socket where none listens, as when pcscd is
     * not running (pcsc-lite's client takes the socket's path from PCSCLITE_CSOCK_NAME).
     */
    private Result withoutPcscService(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Duser.home=" + dir,
                "-cp", System.getProperty("java.class.path"), MynacardCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PCSCLITE_CSOCK_NAME", dir.resolve("no-pcscd-here.comm").toString());
        pb.environment().put("HOME", dir.toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command line did not end");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void withoutAPcscServiceItSaysSoWithExitCode6() throws Exception {
        Result text = withoutPcscService("readers");
        assertEquals(6, text.code(), text.out() + text.err());
        assertTrue(text.err().startsWith("mynacard: error: no PC/SC service: pcscd is not running"), text.err());
        assertEquals(1, text.err().lines().count(), text.err());
        assertTrue(text.out().isEmpty(), text.out());
        Result json = withoutPcscService("readers", "--json");
        assertEquals(6, json.code(), json.err());
        assertTrue(json.out().startsWith("{\"ok\":false,\"command\":\"readers\",\"exitCode\":6,\"reason\":\"no_reader_or_card\","
                + "\"error\":\"no PC/SC service: pcscd is not running"), json.out());
        assertTrue(json.out().strip().endsWith(",\"readers\":[]}"), json.out());
        for (String s : new String[] {text.err(), json.out(), json.err()}) {
            assertFalse(s.contains("SERVICE_UNAVAILABLE") || s.contains("SCARD_") || s.contains("Exception"),
                    "in the tool's own words: " + s);
        }
    }
}
