package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.examples.cli.CliContext;
import io.github.mynacard.examples.cli.MynacardCli;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.transport.CardTransportException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mynacard emulator serve --card F} puts the card of F into the virtual reader, and other
 * commands use the same card both through pcscd ({@code --reader}) and through the file
 * ({@code --card F}): it is one card, whose counters every side sees and spends alike.
 */
class ServedCardAndCommandLineTest {

    private static final Pattern USER_LEFT = Pattern.compile("\"pin\":\"user\"[^}]*\"remaining\":(\\d)");

    @TempDir
    Path dir;

    @BeforeAll
    static void stack() {
        PcscStack.bringUp();
    }

    private record Result(int code, String out, String err) {
    }

    private Result cli(String stdin, String... args) {
        CliContext ctx = new CliContext(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), null, dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MynacardCli.run(ctx, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private int userLeft(String... target) {
        String[] args = new String[target.length + 2];
        args[0] = "status";
        args[1] = "--json";
        System.arraycopy(target, 0, args, 2, target.length);
        Result r = cli("", args);
        assertEquals(0, r.code(), r.err());
        Matcher m = USER_LEFT.matcher(r.out());
        assertTrue(m.find(), r.out());
        return Integer.parseInt(m.group(1));
    }

    /** Waits until pcscd sees the card arrive in (or leave) the virtual reader; shared with ReadersCommandTest. */
    static void awaitCardInReader(boolean present) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                if (PcscReaders.list().stream().anyMatch(r -> r.name().equals(PcscStack.reader) && r.cardPresent() == present)) {
                    return;
                }
            } catch (CardTransportException e) {
                // pcscd busy; try again
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pcscd did not see the card " + (present ? "arrive" : "leave") + " in " + PcscStack.reader);
    }

    @Test
    void aServedCardAndItsStateFileAreOneCard() throws Exception {
        Path card = dir.resolve("served.state");
        MynaCardEmulator.builder().stateFile(card).build();
        CliContext serving = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, dir);
        StringWriter serveErr = new StringWriter();
        CompletableFuture<Integer> serve = CompletableFuture.supplyAsync(() -> MynacardCli.run(serving,
                new PrintWriter(new StringWriter(), true), new PrintWriter(serveErr, true), "emulator", "serve", "--card",
                card.toString(), "--port", Integer.toString(PcscStack.port)));
        try {
            awaitCardInReader(true);
            Result auto = cli("", "status", "--reader", "auto");
            assertTrue(auto.code() != 0, "--reader auto took the card in the virtual reader: " + auto.out());
            assertTrue(auto.err().contains("--reader auto skips virtual readers") && auto.err().contains("'" + PcscStack.reader
                    + "' (holding a card)") && auto.err().contains("name it: --reader '"), auto.err());
            assertTrue(auto.err().contains("skipped the virtual reader(s) [") , auto.err());
            assertTrue(auto.err().contains("(--reader '" + PcscStack.reader + "')") && !auto.err().contains("ReaderSelector"),
                    "the hint in the command line's terms, not the library's: " + auto.err());
            String[] reader = {"--reader", PcscStack.reader};
            String[] file = {"--card", card.toString()};
            Result wrongThroughReader = cli("0000\n", "verify", "--pin", "user", "--pin-stdin", "--reader", PcscStack.reader);
            assertEquals(3, wrongThroughReader.code(), wrongThroughReader.err());
            assertEquals(2, userLeft(file), "the file sees the attempt spent through the reader");
            Result wrongThroughFile = cli("0000\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString());
            assertEquals(3, wrongThroughFile.code(), wrongThroughFile.err());
            assertEquals(1, userLeft(reader), "the reader sees the attempt spent through the file");
            Result right = cli(MynaCardEmulator.DEFAULT_USER_PIN + "\n", "verify", "--pin", "user", "--pin-stdin",
                    "--allow-last-attempt", "--reader", PcscStack.reader);
            assertEquals(0, right.code(), right.err());
            assertEquals(3, userLeft(file));
            for (int i = 0; i < 3; i++) {
                cli("0000\n", "verify", "--pin", "user", "--pin-stdin", "--allow-last-attempt", "--card", card.toString());
            }
            assertEquals(0, MynaCardEmulator.load(card).remainingAttempts(PinKind.USER_AUTH));
            Result blocked = cli(MynaCardEmulator.DEFAULT_USER_PIN + "\n", "verify", "--pin", "user", "--pin-stdin",
                    "--allow-last-attempt", "--reader", PcscStack.reader);
            assertEquals(4, blocked.code(), "the right PIN through the reader, after the file blocked it: " + blocked.err());
            assertEquals(0, userLeft(reader));
        } finally {
            serving.stop();
            assertEquals(0, serve.get(20, TimeUnit.SECONDS), serveErr.toString());
            awaitCardInReader(false);
        }
        // the port given with --port is a number the user chose: shown as it is
        assertTrue(serveErr.toString().contains("waiting for vpcd at 127.0.0.1:" + PcscStack.port), serveErr.toString());
        assertTrue(serveErr.toString().contains("connected to vpcd at 127.0.0.1:" + PcscStack.port + ": the card is in reader '"
                + PcscStack.reader + "'"), serveErr.toString());
    }
}
