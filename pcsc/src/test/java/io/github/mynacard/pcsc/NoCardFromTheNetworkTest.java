package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.pcsc.ListeningSockets.Listener;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With the stack up ({@code .ci/pcsc-stack.sh}) and a card served in the virtual reader, nothing
 * listens on vpcd's ports on an address that another machine could reach: whoever connects there
 * inserts a card, so only programs on this machine may. Read from the kernel's socket tables.
 */
@Tag("pcsc-stack")
class NoCardFromTheNetworkTest {

    @BeforeAll
    static void stack() {
        PcscStack.bringUp();
    }

    @Test
    void withACardServedNothingListensOnTheVpcdPortsOffLoopback() throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        VpcdCardServer server = PcscStack.insert(emulator, emulator::reset);
        try {
            try (PcscTransport transport = PcscStack.openVirtualReader()) {
                assertEquals(0x9000, PcscStack.sw(transport.transmit(PcscTransport.SELECT_JPKI)), "the card is in the reader");
            }
            for (int port : new int[] {VpcdCardServer.DEFAULT_PORT, VpcdCardServer.DEFAULT_PORT + 1, PcscStack.port}) {
                List<Listener> offLoopback = ListeningSockets.on(port).stream().filter(l -> !l.loopback()).toList();
                assertEquals(List.of(), offLoopback, "listening on port " + port + " where another machine can connect");
            }
            // the tables were read: the listener that took this card, vpcd's, is there, on loopback
            List<Listener> served = ListeningSockets.on(PcscStack.port);
            System.err.println("listening on vpcd port " + PcscStack.port + ": " + served);
            assertFalse(served.isEmpty(), "no listener on port " + PcscStack.port + " although vpcd took the card");
        } finally {
            server.close();
            PcscStack.waitUntilPcscdSeesNoCard();
        }
    }

    @Test
    void theKernelsAddressNotationIsReadAndOnlyLoopbackCountsAsLocal() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), ListeningSockets.address("0100007F"));
        assertEquals(InetAddress.getByName("192.168.1.20"), ListeningSockets.address("1401A8C0"));
        assertEquals(InetAddress.getByName("::1"), ListeningSockets.address("00000000000000000000000001000000"));
        assertEquals(InetAddress.getByName("127.0.0.1"), ListeningSockets.address("0000000000000000FFFF00000100007F"));
        assertTrue(new Listener(ListeningSockets.address("0100007F"), 1).loopback());
        assertTrue(new Listener(ListeningSockets.address("00000000000000000000000001000000"), 1).loopback());
        assertFalse(new Listener(ListeningSockets.address("00000000"), 1).loopback(), "0.0.0.0");
        assertFalse(new Listener(ListeningSockets.address("00000000000000000000000000000000"), 1).loopback(), "::");
        assertFalse(new Listener(ListeningSockets.address("1401A8C0"), 1).loopback());
    }
}
