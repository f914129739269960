package io.github.mynacard.transport;

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
 * The trace follows SELECT commands to know which file a read comes from.
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
        String cmd = maskCommand(command);
        byte[] r;
        try {
            r = delegate.transmit(command);
        } catch (IOException | RuntimeException e) {
            listener.onExchange(cmd, "failed: " + e.getClass().getSimpleName(), System.nanoTime() - t0);
            throw e;
        }
        long took = System.nanoTime() - t0;
        String resp = maskResponse(command, r);
        follow(command, r);
        listener.onExchange(cmd, resp, took);
        return r;
    }

    private static String maskCommand(byte[] c) {
        if (c == null || c.length < 4) {
            return c == null ? "(null)" : HEX.formatHex(c);
        }
        int ins = c[1] & 0xFF;
        boolean secret = ins == 0x20 || ins == 0x24 || ins == 0x2C || ins == 0x32;
        if (!secret || c.length <= 5) {
            return HEX.formatHex(c);
        }
        int lcLen = (c[4] == 0 && c.length > 7) ? 3 : 1;
        int dataLen = c.length - 4 - lcLen;
        return HEX.formatHex(c, 0, 4 + lcLen) + " [" + dataLen + " bytes masked]";
    }

    private String maskResponse(byte[] c, byte[] r) {
        if (r == null || r.length < 2) {
            return r == null ? "(null)" : HEX.formatHex(r);
        }
        String sw = HEX.formatHex(r, r.length - 2, r.length);
        if (r.length == 2) {
            return sw;
        }
        if (c != null && c.length >= 4 && carriesFileData(c) && !publicFile(c)) {
            return "[" + (r.length - 2) + " bytes masked] " + sw;
        }
        return HEX.formatHex(r);
    }

    private static boolean carriesFileData(byte[] c) {
        int ins = c[1] & 0xFF;
        return ins == 0xB0 || ins == 0xB1 || ins == 0xB2 || ins == 0xB3 || ins == 0xCA || ins == 0xCB
                || ins == 0xC0; // GET RESPONSE may carry the rest of any of them
    }

    private boolean publicFile(byte[] c) {
        int ins = c[1] & 0xFF;
        if (ins != 0xB0 || !Arrays.equals(selectedAid, JPKI_AID)) {
            return false;
        }
        int p1 = c[2] & 0xFF;
        int ef = (p1 & 0x80) != 0 ? (p1 & 0x1F) : selectedEf;
        return ef == 0x0002 || ef == 0x0006 || ef == 0x0008 || ef == 0x000A || ef == 0x000B;
    }

    private void follow(byte[] c, byte[] r) {
        if (c == null || c.length < 4 || r == null || r.length < 2) {
            return;
        }
        int ins = c[1] & 0xFF;
        int p1 = c[2] & 0xFF;
        boolean ok = (r[r.length - 2] & 0xFF) == 0x90;
        if (ins == 0xA4 && c.length >= 5) {
            int lc = c[4] & 0xFF;
            byte[] data = c.length >= 5 + lc ? Arrays.copyOfRange(c, 5, 5 + lc) : new byte[0];
            if (p1 == 0x04) {
                selectedAid = ok ? data : new byte[0];
                selectedEf = -1;
            } else if (p1 == 0x02 && data.length == 2) {
                selectedEf = ok ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : -1;
            }
        } else if (ins == 0xB0 && (p1 & 0x80) != 0 && ok) {
            selectedEf = p1 & 0x1F;
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
