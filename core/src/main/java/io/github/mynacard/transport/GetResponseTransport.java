package io.github.mynacard.transport;

import io.github.mynacard.apdu.CommandApdu;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Fetches the rest of a response when the card answers {@code 61xx} ("xx more bytes"), by sending
 * GET RESPONSE ({@code 00 C0 00 00 xx}) and joining the parts. Bounded: a card that keeps
 * answering {@code 61xx} past {@link #MAX_ROUNDS} rounds or {@link #MAX_RESPONSE} bytes gets a
 * {@link CardTransportException} with reason {@link CardTransportException.Reason#PROTOCOL}.
 *
 * <p>Thread safety: as the wrapped transport.
 */
public final class GetResponseTransport implements CardTransport {

    /** Most GET RESPONSE commands sent for one command. */
    public static final int MAX_ROUNDS = 300;
    /** Largest joined response, in bytes (an extended response plus slack). */
    public static final int MAX_RESPONSE = 65536 + 256;

    private final CardTransport delegate;

    /** @param delegate the transport to wrap */
    public GetResponseTransport(CardTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] transmit(byte[] command) throws IOException {
        byte[] r = checked(delegate.transmit(command));
        if ((r[r.length - 2] & 0xFF) != 0x61) {
            return r;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int cla = command.length > 0 ? command[0] & 0x03 : 0; // keep the logical channel
        for (int round = 0; ; round++) {
            all.write(r, 0, r.length - 2);
            if (all.size() > MAX_RESPONSE) {
                throw new CardTransportException(CardTransportException.Reason.PROTOCOL,
                        "card sent more than " + MAX_RESPONSE + " bytes through GET RESPONSE");
            }
            if ((r[r.length - 2] & 0xFF) != 0x61) {
                all.write(r, r.length - 2, 2);
                return all.toByteArray();
            }
            if (round >= MAX_ROUNDS) {
                throw new CardTransportException(CardTransportException.Reason.PROTOCOL,
                        "card kept answering 61xx after " + MAX_ROUNDS + " GET RESPONSE commands");
            }
            int le = r[r.length - 1] & 0xFF;
            byte[] getResponse = new CommandApdu(cla, 0xC0, 0x00, 0x00, le == 0 ? CommandApdu.MAX_SHORT_NE : le).encode();
            r = checked(delegate.transmit(getResponse));
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

    static byte[] checked(byte[] r) throws CardTransportException {
        if (r == null || r.length < 2) {
            throw new CardTransportException(CardTransportException.Reason.PROTOCOL,
                    "card answered " + (r == null ? "nothing" : r.length + " byte(s)") + ", not a status word");
        }
        return r;
    }
}
