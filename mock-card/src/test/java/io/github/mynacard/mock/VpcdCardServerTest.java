package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link VpcdCardServer} against a fake vpcd: a loopback server socket speaking vpcd's framing.
 * No pcscd needed.
 */
class VpcdCardServerTest {

    private static final byte[] SELECT_JPKI = {0x00, (byte) 0xA4, 0x04, 0x0C, 0x0A, (byte) 0xD3, (byte) 0x92,
        (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};

    private ServerSocket vpcd;
    private final List<VpcdCardServer> servers = new ArrayList<>();
    private final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void listen() throws IOException {
        vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        vpcd.setSoTimeout(5000);
    }

    @AfterEach
    void stop() throws IOException {
        servers.forEach(VpcdCardServer::close);
        vpcd.close();
    }

    private VpcdCardServer serve(CardTransport card, Runnable onReset) {
        VpcdCardServer server = new VpcdCardServer(card, onReset, "127.0.0.1", vpcd.getLocalPort());
        servers.add(server);
        return server.start();
    }

    private final CardTransport echoCard = command -> {
        received.add(command.clone());
        return new byte[] {0x01, 0x02, (byte) 0x90, 0x00};
    };

    /** One accepted connection, seen from vpcd's side. */
    private static final class Link implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Link(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(5000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void send(byte... message) throws IOException {
            out.writeShort(message.length);
            out.write(message);
            out.flush();
        }

        byte[] receive() throws IOException {
            byte[] message = new byte[in.readUnsignedShort()];
            in.readFully(message);
            return message;
        }

        byte[] exchange(byte... message) throws IOException {
            send(message);
            return receive();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void answersTheAtrRequestWithTheMyNumberCardAtr() throws Exception {
        serve(echoCard, null);
        try (Link link = new Link(vpcd.accept())) {
            assertArrayEquals(new byte[] {0x3B, (byte) 0xE0, 0x00, (byte) 0xFF, (byte) 0x81, 0x31, (byte) 0xFE, 0x45,
                0x14}, link.exchange((byte) 0x04));
        }
    }

    @Test
    void forwardsCommandApdusAndReturnsTheResponse() throws Exception {
        serve(echoCard, null);
        try (Link link = new Link(vpcd.accept())) {
            link.send((byte) 0x01); // power on: no answer expected
            assertArrayEquals(new byte[] {0x01, 0x02, (byte) 0x90, 0x00}, link.exchange(SELECT_JPKI));
            assertEquals(1, received.size());
            assertArrayEquals(SELECT_JPKI, received.get(0));
        }
    }

    @Test
    void powerOffAndResetRunTheResetActionWithoutAnswer() throws Exception {
        AtomicInteger resets = new AtomicInteger();
        serve(echoCard, resets::incrementAndGet);
        try (Link link = new Link(vpcd.accept())) {
            link.send((byte) 0x00);
            link.send((byte) 0x02);
            link.send((byte) 0x01);
            // the next answer is the ATR: nothing was sent back for the three controls
            assertEquals(9, link.exchange((byte) 0x04).length);
            assertEquals(2, resets.get());
        }
    }

    @Test
    void aFailingCardIsAnswered6F00AndTheServerKeepsRunning() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CardTransport flaky = command -> {
            switch (calls.incrementAndGet()) {
                case 1:
                    throw new IOException("emulator failed");
                case 2:
                    throw new IllegalStateException("bug");
                case 3:
                    return new byte[] {0x01}; // not even a status word
                default:
                    return new byte[] {(byte) 0x90, 0x00};
            }
        };
        serve(flaky, () -> {
            throw new IllegalStateException("hook failed");
        });
        try (Link link = new Link(vpcd.accept())) {
            assertArrayEquals(new byte[] {0x6F, 0x00}, link.exchange(SELECT_JPKI));
            assertArrayEquals(new byte[] {0x6F, 0x00}, link.exchange(SELECT_JPKI));
            assertArrayEquals(new byte[] {0x6F, 0x00}, link.exchange(SELECT_JPKI));
            link.send((byte) 0x02); // the failing reset hook is swallowed too
            assertArrayEquals(new byte[] {(byte) 0x90, 0x00}, link.exchange(SELECT_JPKI));
        }
    }

    @Test
    void theCardIsInTheReaderOnlyOnceVpcdSpeaks() throws Exception {
        VpcdCardServer server = serve(echoCard, null);
        // the listening socket completes the connection before vpcd takes it, as while another
        // card program holds the reader
        assertTrue(server.awaitConnected(Duration.ofSeconds(2)));
        assertFalse(server.awaitInReader(Duration.ofMillis(500)), "in the reader before vpcd took the connection");
        try (Link link = new Link(vpcd.accept())) {
            assertFalse(server.awaitInReader(Duration.ofMillis(200)), "in the reader before vpcd spoke");
            assertEquals(9, link.exchange((byte) 0x04).length);
            assertTrue(server.awaitInReader(Duration.ofSeconds(2)));
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (server.awaitInReader(Duration.ZERO) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(server.awaitInReader(Duration.ZERO), "still in the reader after vpcd dropped the connection");
        try (Link again = new Link(vpcd.accept())) {
            assertEquals(9, again.exchange((byte) 0x04).length);
            assertTrue(server.awaitInReader(Duration.ofSeconds(2)));
        }
    }

    @Test
    void reconnectsAfterVpcdDropsTheConnection() throws Exception {
        VpcdCardServer server = serve(echoCard, null);
        try (Link first = new Link(vpcd.accept())) {
            assertTrue(server.awaitConnected(Duration.ofSeconds(2)));
        }
        try (Link second = new Link(vpcd.accept())) {
            assertEquals(9, second.exchange((byte) 0x04).length);
            assertTrue(server.isConnected());
        }
    }

    @Test
    void keepsTryingUntilVpcdListens() throws Exception {
        int port = vpcd.getLocalPort();
        vpcd.close();
        VpcdCardServer server = new VpcdCardServer(echoCard, null, "127.0.0.1", port);
        servers.add(server.start());
        assertFalse(server.awaitConnected(Duration.ofMillis(300)));

        vpcd = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        vpcd.setSoTimeout(5000);
        try (Link link = new Link(vpcd.accept())) {
            assertTrue(server.awaitConnected(Duration.ofSeconds(3)));
            assertArrayEquals(new byte[] {0x01, 0x02, (byte) 0x90, 0x00}, link.exchange(SELECT_JPKI));
        }
    }

    @Test
    void closeDropsTheConnectionAndStopsTheThread() throws Exception {
        VpcdCardServer server = serve(echoCard, null);
        try (Link link = new Link(vpcd.accept())) {
            assertTrue(server.awaitConnected(Duration.ofSeconds(2)));
            server.close();
            assertFalse(server.isConnected());
            // vpcd sees end of stream: the card has left the reader
            assertEquals(-1, link.in.read());
        }
        assertFalse(server.awaitConnected(Duration.ofMillis(100)));
        assertThrows(IllegalStateException.class, server::start);
        boolean alive = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("vpcd-card-server-" + vpcd.getLocalPort()) && t.isAlive());
        assertFalse(alive, "server thread still running");
    }

    @Test
    void servesOnlyAVpcdOnThisMachineUnlessRemoteIsAllowed() throws Exception {
        for (String host : new String[] {"0.0.0.0", "192.0.2.1", "::"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new VpcdCardServer(echoCard, null, host, VpcdCardServer.DEFAULT_PORT));
            assertTrue(e.getMessage().contains("is not a loopback address") && e.getMessage().contains("allowRemote"),
                    e.getMessage());
        }
        VpcdCardServer remote = new VpcdCardServer(echoCard, null, "192.0.2.1", VpcdCardServer.DEFAULT_PORT, true);
        assertEquals(InetAddress.getByName("192.0.2.1"), remote.vpcdAddress());
        for (String host : new String[] {"127.0.0.1", "127.0.0.2", "::1", "localhost"}) {
            assertTrue(new VpcdCardServer(echoCard, null, host, VpcdCardServer.DEFAULT_PORT).vpcdAddress()
                    .isLoopbackAddress(), host);
        }
        assertEquals(InetAddress.getByName(VpcdCardServer.DEFAULT_HOST), new VpcdCardServer(echoCard).vpcdAddress());
        assertEquals(VpcdCardServer.DEFAULT_PORT, new VpcdCardServer(echoCard).vpcdPort());
        assertThrows(IllegalArgumentException.class,
                () -> new VpcdCardServer(echoCard, null, "no-such-host.invalid", VpcdCardServer.DEFAULT_PORT));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(NullPointerException.class, () -> new VpcdCardServer(null));
        assertThrows(IllegalArgumentException.class, () -> new VpcdCardServer(echoCard, null, "127.0.0.1", 0));
        assertNotNull(VpcdCardServer.atr());
        assertEquals(VpcdCardServer.DEFAULT_PORT, 35963);
    }
}
