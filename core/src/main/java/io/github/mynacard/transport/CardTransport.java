package io.github.mynacard.transport;

import java.io.IOException;

/**
 * The one way bytes reach a card: a command APDU in, a response APDU (data and status word) out.
 *
 * <p>The PC/SC adapter, the card emulator, decorators such as {@link GetResponseTransport} and
 * test lambdas all implement this interface, so every layer above it can run against any of them.
 *
 * <p><b>Sessions.</b> {@link #withCard} runs several commands as one session. The default just runs
 * it on the calling thread; a transport that makes its calls on a thread of its own (the PC/SC
 * transport) runs the whole session there in one hand-off, instead of one per command. A decorator
 * forwards it to the transport it wraps, handing the callback itself.
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
     * Runs {@code work} as one session on this transport: every command it sends goes through the
     * transport it is given, which is this one (or, for a decorator, the decorator itself).
     *
     * <p>The default runs {@code work} on the calling thread and returns what it returns. A
     * transport may run it elsewhere (see the PC/SC transport's {@code withCard} for what the
     * callback may then not do); whatever it threw is thrown to the caller unchanged. Sessions
     * nest: called again from inside {@code work}, it runs the inner work directly.
     *
     * @param work the session
     * @param <T> its result
     * @param <X> the checked exception it may throw besides {@link IOException}
     * @return what {@code work} returned
     * @throws IOException when the link to the card fails, or what {@code work} threw
     * @throws X what {@code work} threw
     */
    default <T, X extends Exception> T withCard(TransportSession<T, X> work) throws IOException, X {
        return work.run(this);
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
