package io.github.mynacard.transport;

import java.io.IOException;

/**
 * A caller's whole exchange with a card, run by {@link CardTransport#withCard}: it gets the
 * transport to use and may send any number of commands through it.
 *
 * <p>Where it runs depends on the transport. Most run it on the calling thread. The PC/SC transport
 * runs it on the session's card thread as one job, so that none of its commands crosses between
 * threads; there the callback must follow the rules of that transport's {@code withCard} (send
 * only through the transport it is given, on the thread it runs on; do not close or reconnect the
 * transport; do not wait for another thread that uses the same transport).
 *
 * @param <T> what the exchange returns
 * @param <X> the checked exception the exchange may throw besides {@link IOException}
 *     ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface TransportSession<T, X extends Exception> {

    /**
     * Runs the exchange.
     *
     * @param card the transport to send the session's commands through
     * @return the result, handed back to the caller of {@code withCard}
     * @throws IOException when the link to the card fails
     * @throws X what the exchange throws
     */
    T run(CardTransport card) throws IOException, X;
}
