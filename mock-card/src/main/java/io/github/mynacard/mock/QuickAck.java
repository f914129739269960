package io.github.mynacard.mock;

import java.io.IOException;
import java.net.Socket;

/**
 * Asks Linux to acknowledge the next TCP segment at once ({@code TCP_QUICKACK}). vpcd 3.3 (Debian
 * 12) writes each message's length and body in two sends with Nagle's algorithm on, so its body
 * waits for the ACK of the length; with the kernel's delayed ACK that costs about 40 ms per APDU.
 * Linux clears the flag after use, so it is set before every read. Elsewhere the option does not
 * exist and this does nothing.
 */
final class QuickAck {

    private static final boolean SUPPORTED = supported();

    private QuickAck() {
    }

    /** @param s the connection to vpcd; its next segment is acknowledged at once where Linux allows */
    static void request(Socket s) {
        try {
            if (SUPPORTED) {
                s.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // only a latency optimisation
        }
    }

    private static boolean supported() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException | LinkageError e) {
            return false;
        }
    }
}
