package io.github.mynacard.transport;

import java.io.IOException;

/**
 * A hold on the card across several commands, taken with {@link CardTransport#beginTransaction()}
 * and ended by {@link #close()}: while it is held, no other session's command reaches the card
 * between two commands of this one (as PC/SC's {@code SCardBeginTransaction} does for a shared
 * connection).
 *
 * <p>It matters where a card is shared between commands: an emulated card in a state file that
 * several processes open is one. There, what a session learnt of a PIN's counter from an earlier
 * command may be out of date by the time the next command goes out, so the library reads the
 * counter again inside the transaction, right before a PIN is sent, and decides on the last
 * attempt from that answer ({@link #shared()}). A transport whose session has the card to itself
 * (a PC/SC connection in exclusive mode) returns {@link #EXCLUSIVE}, which holds nothing.
 *
 * <p>Close a transaction on the thread that began it, after the commands it covers.
 */
public interface CardTransaction extends AutoCloseable {

    /** The transaction of a session that has the card to itself: nothing to hold, nothing to end. */
    CardTransaction EXCLUSIVE = new CardTransaction() {
        @Override
        public boolean shared() {
            return false;
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "CardTransaction.EXCLUSIVE";
        }
    };

    /**
     * Whether other sessions can use the card between this session's transactions, so that what
     * this session knows of the card's state (a PIN counter) must be read again inside the
     * transaction before it is relied on.
     *
     * @return true for a card shared between sessions, false for {@link #EXCLUSIVE}
     */
    boolean shared();

    /**
     * Ends the transaction: other sessions may use the card again.
     *
     * @throws IOException when the hold could not be released cleanly (it is released all the same
     *     where the transport can)
     */
    @Override
    void close() throws IOException;
}
