package io.github.mynacard.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes on one {@link FileNonceStore}: each nonce is used by exactly one of them. */
class FileNonceStoreProcessesTest {

    private static final Instant T0 = Instant.parse("2027-03-01T01:00:00Z");

    @Test
    void ofFourProcessesRacingOverTheSameNoncesEachNonceHasOneFirstUse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nonces");
        FileNonceStore store = FileNonceStore.open(file);
        List<String> nonces = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] n = LoginChallenge.newNonce(java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));
            store.issue(n, T0.plusSeconds(300));
            nonces.add(HexFormat.of().formatHex(n));
        }
        Path go = dir.resolve("go");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        List<Process> workers = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            List<String> cmd = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-cp", cp, NonceStoreWorker.class.getName(),
                    file.toString(), go.toString(), T0.toString()));
            // each worker goes through the nonces in its own order
            List<String> mine = new ArrayList<>(nonces);
            java.util.Collections.rotate(mine, w * 10);
            cmd.addAll(mine);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("READY", r.readLine());
            workers.add(p);
            outs.add(r);
        }
        Files.createFile(go);
        Map<String, Integer> firsts = new HashMap<>();
        int lines = 0;
        for (int w = 0; w < workers.size(); w++) {
            for (String line; (line = outs.get(w).readLine()) != null;) {
                String[] f = line.split(" ");
                lines++;
                if (f[1].equals("FIRST_USE")) {
                    firsts.merge(f[0], 1, Integer::sum);
                } else {
                    assertEquals("ALREADY_USED", f[1], line);
                }
            }
            Process p = workers.get(w);
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue());
        }
        assertEquals(4 * nonces.size(), lines);
        for (String n : nonces) {
            assertEquals(1, firsts.getOrDefault(n, 0), n);
        }
    }

    @Test
    void aProcessKilledWhileWritingLeavesAStoreWithEveryNonceItReportedIssued(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nonces");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        List<String> reported = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int kill = 0; kill < 6; kill++) {
            Process p = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-cp", cp, NonceStoreWorker.class.getName(), "issue",
                    file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("READY", r.readLine());
            Thread.sleep(100 + random.nextInt(300));
            // SIGKILL from outside, wherever it is (between the temporary file and the rename, say);
            // Process.destroyForcibly would also close the pipe holding the lines it printed last
            new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            p.waitFor(30, TimeUnit.SECONDS);
            for (String line; (line = r.readLine()) != null;) {
                reported.add(line);
            }
        }
        FileNonceStore store = FileNonceStore.open(file);
        assertTrue(reported.size() > 6, "issued before the kills: " + reported.size());
        for (String n : reported) {
            assertEquals(NonceStore.Use.FIRST_USE, store.consume(HexFormat.of().parseHex(n), T0), n);
        }
        try (var left = Files.list(dir)) {
            assertEquals(List.of("nonces", "nonces.lock"), left.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }
}
