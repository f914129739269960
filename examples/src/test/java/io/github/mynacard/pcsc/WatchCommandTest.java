package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.examples.cli.MynacardCli;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mynacard watch} as a process of its own, against pcscd with both of vpcd's virtual readers:
 * its JSON lines show every card served and stopped in either slot, in order, none lost; {@code --run
 * status} reads each inserted card on its reader; SIGTERM ends it cleanly; no pcscd is exit code 6.
 */
@Tag("pcsc-stack")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WatchCommandTest {

    private static final Pattern EVENT = Pattern.compile(
            "\\{\"event\":\"([a-z_]+)\",\"seq\":(\\d+),\"reader\":\"([^\"]+)\",\"time\":\"[0-9T:.Z-]+\"(,\"initial\":true)?}");
    private static List<String> readers;

    @TempDir
    Path dir;

    private final VpcdCardServer[] servers = new VpcdCardServer[2];
    private Process watch;

    @BeforeAll
    static void stack() {
        readers = PcscStack.bringUpBothSlots();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (watch != null) {
            watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (int slot = 0; slot < 2; slot++) {
            if (servers[slot] != null) {
                servers[slot].close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (PcscReaders.list().stream().anyMatch(r -> readers.contains(r.name()) && r.cardPresent())) {
            if (System.nanoTime() > deadline) {
                fail("pcscd still reports a card in a vpcd reader");
            }
            Thread.sleep(50);
        }
    }

    /** A parsed event line. */
    private record Line(String event, long seq, String reader, boolean initial) {
    }

    /** Starts {@code mynacard watch ARGS} in a process; its standard output's lines go to {@code lines}. */
    private Process watch(BlockingQueue<String> lines, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Duser.home=" + dir, "-cp", System.getProperty("java.class.path"),
                MynacardCli.class.getName(), "watch"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "watch-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static String line(BlockingQueue<String> lines) throws InterruptedException {
        String l = lines.poll(15, TimeUnit.SECONDS);
        assertNotNull(l, "no line from mynacard watch within 15 s");
        return l;
    }

    private static Line event(String text) {
        Matcher m = EVENT.matcher(text);
        assertTrue(m.matches(), "an event line: " + text);
        return new Line(m.group(1), Long.parseLong(m.group(2)), m.group(3), m.group(4) != null);
    }

    /** Takes the lines of the state at start, up to both vpcd readers; both must be empty. */
    private static void initialLines(BlockingQueue<String> lines) throws InterruptedException {
        List<String> added = new ArrayList<>();
        while (!added.containsAll(readers)) {
            Line l = event(line(lines));
            assertTrue(l.initial(), "a change before the test made one: " + l);
            assertFalse(readers.contains(l.reader()) && l.event().equals("card_inserted"), "a card in a test reader: " + l);
            if (l.event().equals("reader_added")) {
                added.add(l.reader());
            }
        }
    }

    /** Takes event lines until each of {@code expected} (reader to event) came once; other readers' lines are skipped. */
    private static List<Line> expect(BlockingQueue<String> lines, Map<String, String> expected) throws InterruptedException {
        Map<String, String> left = new LinkedHashMap<>(expected);
        List<Line> got = new ArrayList<>();
        while (!left.isEmpty()) {
            Line l = event(line(lines));
            if (!readers.contains(l.reader())) {
                continue;
            }
            assertEquals(left.remove(l.reader()), l.event(), "unexpected " + l + "; expected " + expected);
            got.add(l);
        }
        return got;
    }

    private static Map<String, String> both(String event) {
        Map<String, String> m = new LinkedHashMap<>();
        readers.forEach(r -> m.put(r, event));
        return m;
    }

    private void serve(int slot, MynaCardEmulator card) throws InterruptedException {
        servers[slot] = new VpcdCardServer(card, card::reset, VpcdCardServer.DEFAULT_HOST, PcscStack.portOf(slot)).start();
        assertTrue(servers[slot].awaitConnected(java.time.Duration.ofSeconds(10)), "vpcd did not take the card");
    }

    private void pull(int slot) {
        servers[slot].close();
        servers[slot] = null;
    }

    @Test
    void watchCountSeesTwentyCyclesInBothSlotsNoneLost() throws Exception {
        MynaCardEmulator[] cards = {MynaCardEmulator.createDefault(), MynaCardEmulator.createDefault()};
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        watch = watch(lines, Map.of(), "--count", "80");
        initialLines(lines);
        long start = System.nanoTime();
        List<Line> all = new ArrayList<>();
        for (int cycle = 0; cycle < 20; cycle++) {
            int first = cycle % 2;
            int second = 1 - first;
            serve(first, cards[first]);
            serve(second, cards[second]);
            all.addAll(expect(lines, both("card_inserted")));
            pull(first);
            if (cycle % 2 == 1) {
                all.addAll(expect(lines, Map.of(readers.get(first), "card_removed")));
            }
            pull(second);
            all.addAll(expect(lines, cycle % 2 == 1 ? Map.of(readers.get(second), "card_removed") : both("card_removed")));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(watch.waitFor(15, TimeUnit.SECONDS), "watch --count 80 did not end after 80 changes");
        assertEquals(0, watch.exitValue());
        assertEquals("{\"ok\":true,\"command\":\"watch\",\"events\":80,\"stopped\":\"count\"}", line(lines));
        Map<String, List<String>> perReader = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            if (i > 0) {
                assertEquals(all.get(i - 1).seq() + 1, all.get(i).seq(), "numbered without gaps: " + all.get(i));
            }
            perReader.computeIfAbsent(all.get(i).reader(), r -> new ArrayList<>()).add(all.get(i).event());
        }
        for (String r : readers) {
            List<String> events = perReader.get(r);
            assertEquals(40, events.size(), r);
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i % 2 == 0 ? "card_inserted" : "card_removed", events.get(i), r + " event " + i);
            }
        }
        System.err.println("WatchCommandTest: mynacard watch --count 80 printed 80 events (40 insertions, 40 removals, "
                + "0 lost) over 20 cycles in 2 slots in " + millis + " ms");
    }

    @Test
    void runStatusReadsEachInsertedCardOnItsReaderAndTiesItToTheEvent() throws Exception {
        Path state = dir.resolve("other.state");
        MynaCardEmulator.builder().userPin("1357").stateFile(state).build().close();
        try (io.github.mynacard.MynaCard c = io.github.mynacard.MynaCard.open(MynaCardEmulator.load(state))) {
            c.verifyPin(io.github.mynacard.PinKind.USER_AUTH, "0000".toCharArray());
            fail("a wrong PIN was taken");
        } catch (io.github.mynacard.WrongPinException expected) {
            assertEquals(2, expected.attemptsRemaining());
        }
        MynaCardEmulator other = MynaCardEmulator.load(state);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        watch = watch(lines, Map.of(), "--run", "status", "--count", "2");
        initialLines(lines);
        serve(0, MynaCardEmulator.createDefault());
        serve(1, other);
        Map<String, Long> inserted = new LinkedHashMap<>();
        Map<String, String> runs = new LinkedHashMap<>();
        while (runs.size() < 2) {
            String l = line(lines);
            if (l.startsWith("{\"event\":\"run\"")) {
                Matcher m = Pattern.compile("^\\{\"event\":\"run\",\"seq\":(\\d+),\"reader\":\"([^\"]+)\",\"command\":\"status\","
                        + "\"exitCode\":0,\"result\":(\\{\"ok\":true,\"command\":\"status\",.*})}$").matcher(l);
                assertTrue(m.matches(), l);
                assertEquals(inserted.get(m.group(2)), Long.valueOf(m.group(1)), "the run names its insertion: " + l);
                runs.put(m.group(2), m.group(3));
            } else if (l.startsWith("{\"ok\"")) {
                fail("ended before both runs: " + l + " " + runs);
            } else {
                Line e = event(l);
                assertEquals("card_inserted", e.event(), l);
                inserted.put(e.reader(), e.seq());
            }
        }
        for (String r : readers) {
            assertTrue(runs.get(r).contains("\"card\":{\"kind\":\"reader\",\"reader\":\"" + r + "\"}"), runs.get(r));
        }
        // the other card's spent user PIN attempt shows on its reader only
        assertTrue(runs.get(readers.get(1)).contains("{\"pin\":\"user\",\"name\":\"user-authentication PIN\","), runs.get(readers.get(1)));
        assertTrue(Pattern.compile("\"pin\":\"user\"[^}]*\"remaining\":2").matcher(runs.get(readers.get(1))).find(),
                runs.get(readers.get(1)));
        assertTrue(Pattern.compile("\"pin\":\"user\"[^}]*\"remaining\":3").matcher(runs.get(readers.get(0))).find(),
                runs.get(readers.get(0)));
        assertTrue(watch.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, watch.exitValue());
        assertEquals("{\"ok\":true,\"command\":\"watch\",\"events\":2,\"stopped\":\"count\"}", line(lines));
    }

    @Test
    void sigtermEndsItCleanlyWithExitCode0AndALastLine() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        watch = watch(lines, Map.of());
        initialLines(lines);
        long start = System.nanoTime();
        // SIGTERM by the process's id: Process.destroy() would also close our end of its output
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(watch.pid())).start().waitFor());
        assertTrue(watch.waitFor(10, TimeUnit.SECONDS), "watch did not end on SIGTERM");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, watch.exitValue());
        assertEquals("{\"ok\":true,\"command\":\"watch\",\"events\":0,\"stopped\":\"signal\"}", line(lines));
        assertTrue(millis < 3000, "ended " + millis + " ms after SIGTERM");
    }

    @Test
    void forEndsItAfterTheTime() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        watch = watch(lines, Map.of(), "--for", "1500ms");
        initialLines(lines);
        assertTrue(watch.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, watch.exitValue());
        assertEquals("{\"ok\":true,\"command\":\"watch\",\"events\":0,\"stopped\":\"time\"}", line(lines));
    }

    @Test
    void withoutAPcscServiceItSaysSoWithExitCode6() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        watch = watch(lines, Map.of("PCSCLITE_CSOCK_NAME", dir.resolve("no-pcscd-here.comm").toString()));
        assertTrue(watch.waitFor(60, TimeUnit.SECONDS));
        assertEquals(6, watch.exitValue());
        String l = line(lines);
        assertTrue(l.startsWith("{\"ok\":false,\"command\":\"watch\",\"exitCode\":6,\"reason\":\"no_reader_or_card\","
                + "\"error\":\"no PC/SC service: pcscd is not running"), l);
        assertFalse(l.contains("SERVICE_UNAVAILABLE") || l.contains("SCARD_") || l.contains("Exception"), l);
    }
}
