package io.github.mynacard.transport;

/**
 * Receives one line per APDU exchange from a {@link TracingTransport}. What it receives is already
 * masked: PIN data and personal data never reach a listener.
 */
@FunctionalInterface
public interface ApduTraceListener {

    /**
     * Called after each exchange, on the thread that sent the command.
     *
     * @param command the command in hex, with secret data replaced by a mask
     * @param response the response in hex (status word always shown), personal data masked, or
     *     {@code "failed: ..."} when the transport threw (with the {@link CardTransportException}'s
     *     reason, and for {@code EXTENDED_APDU_UNSUPPORTED} that the library goes on with short APDUs)
     * @param nanos how long the exchange took
     */
    void onExchange(String command, String response, long nanos);
}
