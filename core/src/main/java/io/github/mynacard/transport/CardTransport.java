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
     * Releases the link to the card. The default does nothing.
     *
     * @throws IOException when the link could not be released cleanly
     */
    @Override
    default void close() throws IOException {
    }
}
