package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.transport.CardTransportException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served card's process is killed (SIGKILL) in the middle of a VERIFY of the signing password:
 * the caller gets a typed {@link IOException} within the transport's timeout, and the card served
 * again from its state file shows the attempt spent or not spent, never restored.
 */
@Tag("pcsc-stack")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KillMidVerifyTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void stack() {
        PcscStack.bringUp();
    }

    /**
     * Serves the card of {@code state} from a new process and waits until pcscd reports it in the
     * reader. Right after an abrupt kill, vpcd sometimes takes the new connection without pcscd ever
     * seeing a card; the process is then started again (at most three times, each logged).
     */
    private Process serve(Path state, String when, BlockingQueue<String> lines) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Process p = start(state, when, lines);
            if (cardPresentWithin(5_000)) {
                return p;
            }
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            PcscStack.waitUntilPcscdSeesNoCard();
            if (attempt == 3) {
                fail("pcscd did not see the served card in " + PcscStack.reader + " after 3 starts");
            }
            System.err.println("KillMidVerifyTest: pcscd did not see the served card; serving it again (" + attempt + ")");
            lines.clear();
        }
    }

    private static boolean cardPresentWithin(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            try {
                if (PcscReaders.list().stream().anyMatch(r -> r.name().equals(PcscStack.reader) && r.cardPresent())) {
                    return true;
                }
            } catch (CardTransportException e) {
                // pcscd busy: try again
            }
            Thread.sleep(50);
        }
        return false;
    }

    private Process start(Path state, String when, BlockingQueue<String> lines) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PcscStack.javaLauncher(), "-cp", PcscStack.testClassPath(),
                ServedCardProcess.class.getName(), state.toString(), Integer.toString(PcscStack.port), when, "4000")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "served-card-output");
        reader.setDaemon(true);
        reader.start();
        String first = lines.poll(30, TimeUnit.SECONDS);
        if (!"SERVING".equals(first)) {
            p.destroyForcibly();
            fail("the served card did not start: " + first);
        }
        return p;
    }

    private int killDuringWrongVerify(String when) throws Exception {
        Path state = dir.resolve("card.state");
        MynaCardEmulator.createDefault().save(state);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process served = serve(state, when, lines);
        try {
            try (MynaCard card = MynaCard.open(PcscStack.openVirtualReader())) {
                assertEquals(5, card.pinStatus(PinKind.SIGNING).remaining());
                Thread killer = new Thread(() -> {
                    try {
                        String mark = when.equals("before") ? "VERIFY-RECEIVED" : "VERIFY-ANSWERED";
                        for (String l; (l = lines.poll(20, TimeUnit.SECONDS)) != null; ) {
                            if (l.equals(mark)) {
                                served.destroyForcibly();
                                return;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                killer.start();
                long start = System.nanoTime();
                CardTransportException e = assertThrows(CardTransportException.class,
                        () -> card.verifySignaturePin("WRONG999".toCharArray()));
                assertEquals(CardTransportException.Reason.CARD_REMOVED, e.reason(), e.getMessage());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.err.println("killed " + when + " the card's answer: " + e + " after " + millis + " ms");
                assertTrue(millis < PcscStack.TRANSMIT_TIMEOUT.toMillis() + 5000, "took " + millis + " ms");
                killer.join(10_000);
            }
        } finally {
            served.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            PcscStack.waitUntilPcscdSeesNoCard();
        }
        assertTrue(Files.size(state) > 0);
        Process again = serve(state, "after", new LinkedBlockingQueue<>());
        try (MynaCard card = MynaCard.open(PcscStack.openVirtualReader())) {
            return card.pinStatus(PinKind.SIGNING).remaining();
        } finally {
            again.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            PcscStack.waitUntilPcscdSeesNoCard();
        }
    }

    @Test
    void killedAfterTheCardAnsweredTheAttemptStaysSpent() throws Exception {
        assertEquals(4, killDuringWrongVerify("after"));
    }

    @Test
    void killedBeforeTheCardSawTheVerifyNothingWasSpent() throws Exception {
        assertEquals(5, killDuringWrongVerify("before"));
    }
}
