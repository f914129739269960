package io.github.mynacard.transport;

import io.github.mynacard.apdu.CommandApdu;
import java.io.IOException;
import java.util.Arrays;

/**
 * Re-sends a command with the right Le when the card answers {@code 6Cxx} ("wrong Le, xx bytes
 * available"). Bounded: a second {@code 6Cxx} for the same command is returned to the caller as it
 * is, never re-sent in a loop. A command that carries a PIN (VERIFY with data, CHANGE REFERENCE
 * DATA, CHANGE KEY, RESET RETRY COUNTER) is never re-sent: a card that answers one with
 * {@code 6Cxx} gets no second attempt behind the lockout guard's back; its answer goes to the
 * caller as it is.
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
        if ((r[r.length - 2] & 0xFF) != 0x6C) {
            return r;
        }
        CommandApdu again = withShortLe(command, r[r.length - 1] & 0xFF);
        if (again == null) {
            return r;
        }
        byte[] encoded = again.encode();
        try {
            return GetResponseTransport.checked(delegate.transmit(encoded));
        } finally {
            // the copies may carry command data
            Arrays.fill(encoded, (byte) 0);
            again.wipe();
        }
    }

    /**
     * The command with the card's Le, or null when it is not a short command that may have one:
     * case 1, the extended forms (6Cxx is a short-APDU answer) and bytes that are no APDU.
     */
    private static CommandApdu withShortLe(byte[] command, int le) {
        CommandApdu c;
        try {
            c = CommandApdu.parse(command);
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            if (c.carriesPin() || c.isExtended() || (c.nc() == 0 && c.ne() == 0)) {
                return null;
            }
            return c.withNe(le == 0 ? CommandApdu.MAX_SHORT_NE : le);
        } finally {
            c.wipe();
        }
    }

    @Override
    public CardTransaction beginTransaction() throws IOException {
        return delegate.beginTransaction();
    }

    /** Runs {@code work} in the wrapped transport's session, with this decorator as its transport. */
    @Override
    public <T, X extends Exception> T withCard(TransportSession<T, X> work) throws IOException, X {
        return delegate.withCard(inner -> work.run(this));
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
