package io.github.mynacard.transport;

import java.io.IOException;

/**
 * The one way bytes reach a card: a command APDU in, a response APDU (data and status word) out.
 *
 * <p>The PC/SC adapter, the card emulator, decorators such as {@link GetResponseTransport} and
 * test lambdas all implement this interface, so every layer above it can run against any of them.
 *
 * <p><b>Thread safety:</b> implementations need not be thread-safe. A caller that shares a
 * transport between threads must serialise calls itself; {@code MynaCard} does so for its own use.
 * A card is a single-threaded device, so interleaving APDUs from two threads would mix up the
 * card's selected file and security state anyway.
 */
@FunctionalInterface
public interface CardTransport extends AutoCloseable {

    /**
     * Sends one command APDU and returns the card's whole response.
     *
     * @param command the encoded command APDU; the implementation must not modify or keep it
     * @return the response: response data followed by the two status bytes SW1 SW2 (at least 2 bytes)
     * @throws IOException when the link to the card fails (no reader, card removed, reset, timeout);
     *     see {@link CardTransportException} for typed causes
     */
    byte[] transmit(byte[] command) throws IOException;

    /**
     * Holds the card for this session until the returned transaction is closed, so that the
     * commands sent meanwhile reach the card with no other session's command between them. The
     * library uses it to read a PIN's counter and send the PIN as one step where the card is
     * shared (see {@link CardTransaction}). A decorator forwards it to the transport it wraps.
     *
     * <p>The default returns {@link CardTransaction#EXCLUSIVE}: the right answer for a session that
     * has the card to itself, such as a PC/SC connection in exclusive mode.
     *
     * @return the transaction; close it on the same thread after the commands it covers
     * @throws IOException when the card cannot be held (for an emulated card, another process kept
     *     it for longer than the emulator waits: {@link CardTransportException.Reason#SHARING_VIOLATION})
     */
    default CardTransaction beginTransaction() throws IOException {
        return CardTransaction.EXCLUSIVE;
    }

    /**
     * Releases the link to the card. The default does nothing.
     *
     * @throws IOException when the link could not be released cleanly
     */
    @Override
    default void close() throws IOException {
    }
}
