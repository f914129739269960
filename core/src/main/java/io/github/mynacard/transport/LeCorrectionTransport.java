package io.github.mynacard.transport;

import java.io.IOException;

/**
 * Re-sends a command with the right Le when the card answers {@code 6Cxx} ("wrong Le, xx bytes
 * available"). Bounded: a second {@code 6Cxx} for the same command is returned to the caller as it
 * is, never re-sent in a loop.
 *
 * <p>Thread safety: as the wrapped transport.
 */
public final class LeCorrectionTransport implements CardTransport {

    private final CardTransport delegate;

    /** @param delegate the transport to wrap */
    public LeCorrectionTransport(CardTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] transmit(byte[] command) throws IOException {
        byte[] r = GetResponseTransport.checked(delegate.transmit(command));
        if ((r[r.length - 2] & 0xFF) != 0x6C || command.length < 5) {
            return r;
        }
        byte[] again = withShortLe(command, r[r.length - 1]);
        if (again == null) {
            return r;
        }
        try {
            return GetResponseTransport.checked(delegate.transmit(again));
        } finally {
            java.util.Arrays.fill(again, (byte) 0); // the copy may carry command data
        }
    }

    /** The command with its short Le replaced, or null when it has no short Le to replace. */
    private static byte[] withShortLe(byte[] command, byte le) {
        int n = command.length;
        int b4 = command[4] & 0xFF;
        if (n == 5) { // case 2S
            byte[] c = command.clone();
            c[4] = le;
            return c;
        }
        if (b4 != 0 && n == 6 + b4) { // case 4S
            byte[] c = command.clone();
            c[n - 1] = le;
            return c;
        }
        if (b4 != 0 && n == 5 + b4) { // case 3S: add Le
            byte[] c = java.util.Arrays.copyOf(command, n + 1);
            c[n] = le;
            return c;
        }
        return null; // case 1, and the extended forms: 6Cxx is a short-APDU answer
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
