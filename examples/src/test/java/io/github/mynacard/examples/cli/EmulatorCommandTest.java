package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EmulatorCommandTest extends CliTestBase {

    @Test
    void initWritesACardWithTheGivenDataAndRefusesToOverwrite() throws Exception {
        Result r = run("emulator", "init", "--card", card.toString(), "--user-pin", "1357", "--card-info-pin", "8642",
                "--name", "試験\u3000太郎", "--sex", "male", "--birth-date", "1985-12-24", "--my-number", "123456789018");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(card));
        Result f = stdin("8642\n", "fields", "--card", card.toString(), "--pin-stdin", "--show-my-number");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("試験\u3000太郎") && f.out().contains("1985-12-24") && f.out().contains("male"), f.out());
        assertEquals(0, stdin("1357\n", "verify", "--pin", "user", "--card", card.toString(), "--pin-stdin").code());

        byte[] before = Files.readAllBytes(card);
        Result again = run("emulator", "init", "--card", card.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertArrayEquals(before, Files.readAllBytes(card));
        assertEquals(0, run("emulator", "init", "--card", card.toString(), "--force").code());
    }

    @Test
    void initShowsTheSecurityCodeAndNumberBOnlyWhenAsked() throws Exception {
        Result r = run("emulator", "init", "--card", card.toString(), "--security-code", "2580", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        MynaCardEmulator m = loadCard();
        String numberB = new String(VerificationNumbers.numberB(m.holderBirthDate(), m.cardExpiryDate().getYear(),
                m.securityCode()));
        assertNotShown(r, "2580", numberB, numberB.substring(0, 10));
        assertTrue(r.out().contains("its security code is **** and its 照合番号B"), r.out());
        assertTrue(r.out().contains("--show-numbers"), r.out());

        Path other = tmp.resolve("other.state");
        Result drawn = run("emulator", "init", "--card", other.toString(), "--seed", "7");
        MynaCardEmulator o = MynaCardEmulator.load(other);
        String code = new String(o.securityCode());
        String otherB = new String(VerificationNumbers.numberB(o.holderBirthDate(), o.cardExpiryDate().getYear(),
                o.securityCode()));
        assertNotShown(drawn, code, otherB);

        Result shown = run("emulator", "init", "--card", other.toString(), "--seed", "7", "--force", "--show-numbers");
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("its security code is " + code + ", so its 照合番号B"), shown.out());
        assertTrue(shown.out().contains(" is " + otherB + "."), shown.out());

        Result json = run("emulator", "init", "--card", other.toString(), "--seed", "7", "--force", "--json");
        assertTrue(json.out().contains("\"securityCode\":\"" + code + "\"") && json.out().contains("\"numberB\":\"" + otherB + "\""),
                "--json gives both to scripts: " + json.out());
    }

    @Test
    void initDefaultsToTheHomeStateFileAndRefusesBadData() {
        Result r = run("emulator", "init", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(home.resolve(".mynacard/card.state")));
        Result bad = run("emulator", "init", "--card", card.toString(), "--user-pin", "12345");
        assertEquals(2, bad.code());
        assertNotShown(bad, "12345");
        Result badNumber = run("emulator", "init", "--card", card.toString(), "--my-number", "123456789012");
        assertEquals(2, badNumber.code());
    }

    /**
     * A listening socket on a free port that is not one of vpcd's slot ports (35963 + 0..255): the
     * command would take such a port for a slot of the real vpcd and look for its reader.
     */
    private static ServerSocket portOutsideVpcdSlots() throws java.io.IOException {
        while (true) {
            ServerSocket s = new ServerSocket(0);
            int slot = s.getLocalPort() - VpcdCardServer.DEFAULT_PORT;
            if (slot < 0 || slot > 0xFF) {
                return s;
            }
            s.close();
        }
    }

    @Test
    void serveAnswersTheVirtualReaderAndSavesChanges() throws Exception {
        newCard().close();
        try (ServerSocket vpcd = portOutsideVpcdSlots()) {
            vpcd.setSoTimeout(10_000);
            CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, home);
            CompletableFuture<Result> serving = CompletableFuture.supplyAsync(
                    () -> run(ctx, "emulator", "serve", "--card", card.toString(), "--port", "" + vpcd.getLocalPort()));
            try (Socket s = vpcd.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                assertArrayEquals(VpcdCardServer.atr(), exchange(in, out, new byte[] {4}));
                byte[] select = HexFormat.of().parseHex("00A4040C0AD392F000260100000001");
                assertEquals("9000", HexFormat.of().formatHex(exchange(in, out, select)).toUpperCase());
                byte[] selectPin = HexFormat.of().parseHex("00A4020C02001B");
                exchange(in, out, selectPin);
                byte[] wrong = HexFormat.of().parseHex("0020008006" + HexFormat.of().formatHex("WRONG1".getBytes()));
                assertEquals("63C4", HexFormat.of().formatHex(exchange(in, out, wrong)).toUpperCase());
                ctx.stopSignal().complete(null);
            }
            Result r = serving.get(10, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.err());
            // a port is a number the user chose, never taken for a PIN by the command line's filter
            String port = "" + vpcd.getLocalPort();
            assertTrue(r.err().contains("waiting for vpcd at 127.0.0.1:" + port), r.err());
            assertTrue(r.err().contains("connected to vpcd at 127.0.0.1:" + port + " (not a port of vpcd's default slots,"
                    + " so its reader is not known here)"), r.err());
            assertTrue(r.out().contains("Stopped"), r.out());
        }
        assertEquals(4, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aServeWhoseConnectionVpcdNeverTakesSaysSoAndEnds() throws Exception {
        newCard().close();
        // a listening socket that completes connections and never takes them: vpcd's port while
        // another serve holds the reader
        try (ServerSocket vpcd = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Result r = run("emulator", "serve", "--card", card.toString(), "--port", "" + vpcd.getLocalPort(), "--json");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals(ExitCodes.NO_READER_OR_CARD, r.code(), r.err());
            assertTrue(r.err().contains("did not ask for the card") && r.err().contains("holds that reader"), r.err());
            assertFalse(r.err().contains("connected to vpcd") || r.err().contains("the card is in reader"), r.err());
            assertTrue(r.out().startsWith("{\"ok\":false,\"command\":\"emulator serve\",\"exitCode\":6,"), r.out());
            assertTrue(seconds >= EmulatorServeCommand.UNHEARD_SECONDS && seconds < 15, seconds + " s");
        }
    }

    @Test
    void serveRefusesAHostOffThisMachineInOneLine() throws Exception {
        for (String host : new String[] {"0.0.0.0", "192.0.2.1", "::"}) {
            Result r = run("emulator", "serve", "--card", card.toString(), "--host", host, "--port", "35963");
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--host " + host + " is not a loopback address"), r.err());
            assertTrue(Files.notExists(card), "a card file was made before the host was checked");
        }
    }

    @Test
    void initKeepsAnUnrelatedFileUnlessForced() throws Exception {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "shopping: milk, eggs\n");
        byte[] before = Files.readAllBytes(notes);
        Result r = run("emulator", "init", "--card", notes.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("already exists") && r.err().contains("--force"), r.err());
        assertArrayEquals(before, Files.readAllBytes(notes));
        Result forced = run("emulator", "init", "--card", notes.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(3, MynaCardEmulator.load(notes).remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void initNeverReplacesADirectoryEvenWithForce() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cards"));
        Path inside = Files.writeString(dir.resolve("keep.txt"), "keep me");
        for (String[] args : new String[][] {
            {"emulator", "init", "--card", dir.toString()},
            {"emulator", "init", "--card", dir.toString(), "--force"},
        }) {
            Result r = run(args);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("not a regular file"), r.err());
            assertTrue(Files.isDirectory(dir), "still a directory");
            assertEquals("keep me", Files.readString(inside));
            try (var listing = Files.list(dir)) {
                assertEquals(1, listing.count(), "nothing was added to the directory");
            }
        }
    }

    private static byte[] exchange(DataInputStream in, DataOutputStream out, byte[] message) throws Exception {
        out.writeShort(message.length);
        out.write(message);
        out.flush();
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        return answer;
    }
}
