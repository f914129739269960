package io.github.mynacard.pcsc;

import java.time.Instant;
import java.util.Objects;

/**
 * One change that a {@link ReaderMonitor} saw: a reader attached or detached, a card put in or
 * taken out.
 *
 * <p>No ATR comes with {@link Kind#CARD_INSERTED}: {@code javax.smartcardio} does not hand out the
 * ATR that PC/SC reports with a state change, and reading it would mean connecting to the card,
 * which the monitor never does (see {@link ReaderMonitor}). Open a {@link PcscTransport} on the
 * reader and call {@link PcscTransport#atr()} when it is wanted.
 *
 * @param sequence the event's number in its monitor: 1 for the first, then one more for each event,
 *     without gaps, in the order the monitor delivers them
 * @param time when the monitor saw the change (within its poll interval of when it happened)
 * @param kind what changed
 * @param reader the reader's PC/SC name, exactly as PC/SC lists it, for example
 *     {@code "Virtual PCD 00 01"}; {@link ReaderSelector#exactName(String)} opens that reader
 * @param initial true for the events that describe what was already there when the monitor started
 *     (each reader as {@link Kind#READER_ADDED}, each card already in as {@link Kind#CARD_INSERTED}),
 *     delivered before any change
 */
public record ReaderEvent(long sequence, Instant time, Kind kind, String reader, boolean initial) {

    /** What changed. */
    public enum Kind {
        /** A reader appeared in the PC/SC list (for example, plugged in). */
        READER_ADDED,
        /** A reader left the PC/SC list (unplugged); a card in it was reported removed just before. */
        READER_REMOVED,
        /** A card (any card, not necessarily a My Number Card) is now in the reader. */
        CARD_INSERTED,
        /** The card left the reader. */
        CARD_REMOVED
    }

    /**
     * @param sequence the event's number, from 1
     * @param time when it was seen
     * @param kind what changed
     * @param reader the reader's PC/SC name
     * @param initial whether it describes the state at the monitor's start
     * @throws NullPointerException if {@code time}, {@code kind} or {@code reader} is null
     * @throws IllegalArgumentException if {@code sequence} is below 1
     */
    public ReaderEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reader, "reader");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        }
    }
}
