package io.github.mynacard.transport;

import io.github.mynacard.apdu.CommandApdu;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reports every APDU exchange to a listener, masked so that a trace is safe to paste into a bug
 * report:
 * <ul>
 *   <li>the data of VERIFY ({@code INS 20}), CHANGE REFERENCE DATA ({@code 24}), RESET RETRY
 *       COUNTER ({@code 2C}) and CHANGE KEY ({@code 32}) is replaced by {@code [n bytes masked]};</li>
 *   <li>the data of every READ BINARY / READ RECORD / GET DATA response is masked unless it comes
 *       from a file known to hold no personal data (the JPKI token, the CA certificates, the
 *       authentication certificate): default deny, so the My Number, the basic four information
 *       and the signing certificate (which names the holder) never appear.</li>
 * </ul>
 * Commands are decoded with {@link CommandApdu#parse}; bytes that are not a well-formed APDU show
 * their four header bytes only, and the data of the answer to them is masked. The trace follows
 * SELECT commands to know which file a read comes from.
 *
 * <p>Thread safety: as the wrapped transport; the listener is called on the sending thread.
 */
public final class TracingTransport implements CardTransport {

    private static final byte[] JPKI_AID = HexFormat.of().parseHex("D392F000260100000001");
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private final CardTransport delegate;
    private final ApduTraceListener listener;
    private byte[] selectedAid = new byte[0];
    private int selectedEf = -1;

    /**
     * @param delegate the transport to wrap
     * @param listener where the masked lines go
     */
    public TracingTransport(CardTransport delegate, ApduTraceListener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    /**
     * A trace into {@link System.Logger} {@code io.github.mynacard.apdu} at level {@code DEBUG}.
     *
     * @param delegate the transport to wrap
     * @return the tracing transport
     */
    public static TracingTransport toSystemLogger(CardTransport delegate) {
        System.Logger log = System.getLogger("io.github.mynacard.apdu");
        return new TracingTransport(delegate, (c, r, n) -> log.log(System.Logger.Level.DEBUG,
                () -> String.format(Locale.ROOT, "> %s%n< %s (%d us)", c, r, n / 1000)));
    }

    @Override
    public byte[] transmit(byte[] command) throws IOException {
        long t0 = System.nanoTime();
        CommandApdu parsed = decode(command);
        try {
            String cmd = maskCommand(command, parsed);
            byte[] r;
            try {
                r = delegate.transmit(command);
            } catch (IOException | RuntimeException e) {
                listener.onExchange(cmd, failure(e), System.nanoTime() - t0);
                throw e;
            }
            long took = System.nanoTime() - t0;
            String resp = maskResponse(parsed, r);
            follow(parsed, r);
            listener.onExchange(cmd, resp, took);
            return r;
        } finally {
            if (parsed != null) {
                parsed.wipe(); // its data may be a PIN
            }
        }
    }

    private static String failure(Exception e) {
        if (!(e instanceof CardTransportException t)) {
            return "failed: " + e.getClass().getSimpleName();
        }
        if (t.reason() == CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED) {
            return "failed: the reader cannot carry extended-length APDUs (EXTENDED_APDU_UNSUPPORTED); "
                    + "the library goes on with short APDUs";
        }
        return "failed: " + e.getClass().getSimpleName() + " (" + t.reason() + ")";
    }

    /** The decoded command, or null when the bytes are not a well-formed APDU. */
    private static CommandApdu decode(byte[] c) {
        try {
            return CommandApdu.parse(c);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String maskCommand(byte[] c, CommandApdu p) {
        if (c == null) {
            return "(null)";
        }
        if (p == null) { // no APDU, so no telling where a PIN would be: only the header shows
            return c.length <= 4 ? HEX.formatHex(c) : HEX.formatHex(c, 0, 4) + " [" + (c.length - 4) + " bytes masked]";
        }
        if (!p.carriesPin()) {
            return HEX.formatHex(c);
        }
        int shown = p.isExtended() ? 7 : 5; // the header and Lc
        return HEX.formatHex(c, 0, shown) + " [" + (c.length - shown) + " bytes masked]";
    }

    private String maskResponse(CommandApdu p, byte[] r) {
        if (r == null || r.length < 2) {
            return r == null ? "(null)" : HEX.formatHex(r);
        }
        String sw = HEX.formatHex(r, r.length - 2, r.length);
        if (r.length == 2) {
            return sw;
        }
        if (p == null || (carriesFileData(p) && !publicFile(p))) {
            return "[" + (r.length - 2) + " bytes masked] " + sw;
        }
        return HEX.formatHex(r);
    }

    private static boolean carriesFileData(CommandApdu p) {
        int ins = p.ins();
        return ins == 0xB0 || ins == 0xB1 || ins == 0xB2 || ins == 0xB3 || ins == 0xCA || ins == 0xCB
                || ins == 0xC0; // GET RESPONSE may carry the rest of any of them
    }

    private boolean publicFile(CommandApdu p) {
        if (p.ins() != 0xB0 || !Arrays.equals(selectedAid, JPKI_AID)) {
            return false;
        }
        int ef = (p.p1() & 0x80) != 0 ? (p.p1() & 0x1F) : selectedEf;
        return ef == 0x0002 || ef == 0x0006 || ef == 0x0008 || ef == 0x000A || ef == 0x000B;
    }

    private void follow(CommandApdu p, byte[] r) {
        if (r == null || r.length < 2) {
            return;
        }
        if (p == null) { // the card may have made sense of it: the selection is unknown
            selectedAid = new byte[0];
            selectedEf = -1;
            return;
        }
        boolean ok = (r[r.length - 2] & 0xFF) == 0x90;
        if (p.ins() == 0xA4) {
            byte[] data = p.data();
            if (p.p1() == 0x04) {
                selectedAid = ok ? data : new byte[0];
                selectedEf = -1;
            } else if (p.p1() == 0x02 && data.length == 2) {
                selectedEf = ok ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : -1;
            }
        } else if (p.ins() == 0xB0 && (p.p1() & 0x80) != 0 && ok) {
            selectedEf = p.p1() & 0x1F;
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
