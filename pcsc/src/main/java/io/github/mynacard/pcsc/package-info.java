/**
 * The PC/SC transport: a {@link io.github.mynacard.transport.CardTransport} over
 * {@code javax.smartcardio}.
 *
 * <pre>{@code
 * try (PcscTransport card = PcscTransport.open(ReaderSelector.firstJpkiCard(), Duration.ofSeconds(30))) {
 *     byte[] response = card.transmit(command);
 * }
 * }</pre>
 *
 * <p>{@link io.github.mynacard.pcsc.PcscTransport#open(ReaderSelector, java.time.Duration)} finds the
 * reader (by JPKI AID, by name or by index), connects with {@code T=1}, holds exclusive access for the
 * session and resets the card on close. {@link io.github.mynacard.pcsc.PcscReaders#list()} lists
 * readers; {@link io.github.mynacard.pcsc.ReaderMonitor} watches them, reporting readers attached and
 * detached and cards inserted and removed as {@link io.github.mynacard.pcsc.ReaderEvent}s in order.
 * {@link io.github.mynacard.pcsc.PcscLibrary#ensureConfigured()} points the JDK at
 * pcsc-lite's {@code libpcsclite.so.1} on Linux; every entry point calls it. All failures are
 * {@link io.github.mynacard.transport.CardTransportException}s with a reason.
 */
package io.github.mynacard.pcsc;
