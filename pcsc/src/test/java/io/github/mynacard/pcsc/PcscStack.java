package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PC/SC stack for tests: pcscd with vsmartcard's vpcd driver, brought up by
 * {@code .ci/pcsc-stack.sh} (which keeps vpcd's ports on loopback), and a free virtual reader to serve
 * cards in, by connecting to vpcd on {@code 127.0.0.1}. Under {@code CI=true} a missing stack fails
 * the test class; elsewhere it is skipped with a loud message.
 */
final class PcscStack {

    /** vpcd's first slot; slot N is reader {@code "Virtual PCD 00 0N"} on port 35963 + N. */
    static final String READER_PREFIX = "Virtual PCD 00 0";
    static final Duration WAIT_FOR_CARD = Duration.ofSeconds(15);
    static final Duration TRANSMIT_TIMEOUT = Duration.ofSeconds(3);
    /** The slot in use: the first one with no card, so a card someone else serves is left alone. */
    static String reader;
    static int port;

    private PcscStack() {
    }

    /** Starts the stack if needed and picks a free reader; call from {@code @BeforeAll}. */
    static void bringUp() {
        reader = null;
        Path script = findScript();
        if (script == null) {
            unavailable(".ci/pcsc-stack.sh not found above " + Path.of("").toAbsolutePath());
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                unavailable(script + " did not finish within 180 s");
            }
            if (p.exitValue() != 0) {
                unavailable(script + " failed with exit code " + p.exitValue()
                        + " (pcscd or vsmartcard-vpcd missing and not installable?)");
            }
        } catch (IOException e) {
            unavailable("cannot run " + script + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable("interrupted while starting the PC/SC stack");
        }
        try {
            List<ReaderInfo> readers = PcscReaders.list();
            for (int slot = 0; slot < 10 && reader == null; slot++) {
                String name = READER_PREFIX + slot;
                if (readers.stream().anyMatch(r -> r.name().equals(name) && !r.cardPresent())) {
                    reader = name;
                    port = VpcdCardServer.DEFAULT_PORT + slot;
                }
            }
            if (reader == null) {
                unavailable("pcscd runs but has no free vpcd reader \"" + READER_PREFIX + "N\" (readers: "
                        + readers + ")");
            }
            System.err.println("PC/SC stack tests use reader \"" + reader + "\" (vpcd port " + port + ")");
        } catch (CardTransportException e) {
            unavailable("PC/SC not usable: " + e.getMessage());
        }
    }

    /**
     * Starts the stack if needed and checks that both of vpcd's slots are free, for tests that use
     * two readers at once; call from {@code @BeforeAll}. Sets {@link #reader} and {@link #port} to
     * the first slot.
     *
     * @return the two readers' names, slot 0 first; their ports are {@link #portOf(int)}
     */
    static List<String> bringUpBothSlots() {
        bringUp();
        List<String> both = List.of(READER_PREFIX + 0, READER_PREFIX + 1);
        try {
            List<ReaderInfo> readers = PcscReaders.list();
            for (String name : both) {
                if (readers.stream().noneMatch(r -> r.name().equals(name) && !r.cardPresent())) {
                    unavailable("this test needs both vpcd readers free, and \"" + name + "\" is missing or holds a card"
                            + " (readers: " + readers + ")");
                }
            }
        } catch (CardTransportException e) {
            unavailable("PC/SC not usable: " + e.getMessage());
        }
        reader = both.get(0);
        port = portOf(0);
        return both;
    }

    /** @return vpcd's port for slot {@code slot} */
    static int portOf(int slot) {
        return VpcdCardServer.DEFAULT_PORT + slot;
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".ci/pcsc-stack.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void unavailable(String why) {
        String message = "PC/SC stack tests cannot run: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: the stack is required)");
        }
        System.err.println("**********************************************************************");
        System.err.println("* SKIPPING " + message);
        System.err.println("* Run .ci/pcsc-stack.sh (needs root or sudo) to enable them.");
        System.err.println("**********************************************************************");
        Assumptions.abort(message);
    }

    /**
     * Serves a card in the chosen reader.
     *
     * @param served the card
     * @param onReset what a power-off or reset of the reader does to it
     * @return the running server
     */
    static VpcdCardServer insert(CardTransport served, Runnable onReset) throws InterruptedException {
        VpcdCardServer server = new VpcdCardServer(served, onReset, VpcdCardServer.DEFAULT_HOST, port).start();
        assertTrue(server.awaitConnected(Duration.ofSeconds(10)), "vpcd did not accept the card");
        return server;
    }

    static void waitUntilPcscdSeesNoCard() throws InterruptedException {
        // pcscd polls vpcd for the card; wait until it has seen this card leave, or the next test's
        // card would look like the same card to it (a swap between two polls goes unnoticed)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean present;
            try {
                present = PcscReaders.list().stream().anyMatch(r -> r.name().equals(reader) && r.cardPresent());
            } catch (CardTransportException e) {
                present = false;
            }
            if (!present) {
                return;
            }
            Thread.sleep(50);
        }
        fail("pcscd still reports a card in " + reader + " 5 s after the card server stopped");
    }

    static PcscTransport openVirtualReader() throws CardTransportException {
        // by name, not firstJpkiCard(): another program's card in another slot must stay untouched
        PcscTransport transport = PcscTransport.open(ReaderSelector.nameContains(reader), WAIT_FOR_CARD,
                TRANSMIT_TIMEOUT);
        return transport;
    }

    static int sw(byte[] response) {
        int n = response.length;
        return ((response[n - 2] & 0xFF) << 8) | (response[n - 1] & 0xFF);
    }

    /** @return the class path of this test run, for a second JVM */
    static String testClassPath() {
        String sep = System.getProperty("path.separator");
        return String.join(sep, Path.of("target/test-classes").toAbsolutePath().toString(),
                Path.of("target/classes").toAbsolutePath().toString(), System.getProperty("java.class.path", ""),
                System.getProperty("jdk.module.path", ""));
    }

    /** @return the java launcher of this JVM */
    static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
