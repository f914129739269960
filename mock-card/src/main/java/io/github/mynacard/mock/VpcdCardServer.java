package io.github.mynacard.mock;

import io.github.mynacard.transport.CardTransport;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Puts a {@link CardTransport} (normally the card emulator) into vsmartcard's virtual PC/SC reader,
 * so that programs using PC/SC (pcscd, OpenSC, {@code javax.smartcardio}) see it as a card in the
 * reader {@code "Virtual PCD 00 00"}.
 *
 * <h2>Protocol</h2>
 * The vpcd reader driver, loaded by pcscd, listens on TCP port {@value #DEFAULT_PORT} (one more for
 * each further slot); this class is the client, playing the card. vpcd takes one card program per
 * port and speaks first: the virtual reader holds the card from vpcd's first message on
 * ({@link #awaitInReader}) until the connection drops. While another program holds the reader, the
 * port still completes a second connection ({@link #awaitConnected}) but vpcd does not take it.
 * Every message in either direction is a two-byte big-endian length followed by that many bytes.
 * A one-byte message from the reader
 * is a control code: {@code 00} power off, {@code 01} power on, {@code 02} reset, {@code 04} ATR
 * request (the only control that gets an answer: the ATR). Any longer message is a command APDU
 * and gets the response APDU as its answer. The driver also asks for the ATR regularly to see
 * whether the card is still there.
 *
 * <p>The card presents the My Number Card's contact ATR {@code 3B E0 00 FF 81 31 FE 45 14} (T=1).
 * Power off and reset run the reset action given to the constructor (wire it to the emulator's
 * reset), so a PC/SC {@code disconnect(true)} clears the emulated card's security state as a real
 * reset would.
 *
 * <h2>Loopback only</h2>
 * Whoever connects to vpcd's port inserts a card, so vpcd should listen on the loopback address
 * only (vpcd 3.3 itself binds every address; {@code .ci/pcsc-stack.sh} makes pcscd bind it to
 * {@code 127.0.0.1}). In the same spirit this class serves its card to a vpcd on this machine only:
 * the host must be a loopback address ({@code 127.0.0.1}, {@code ::1}, {@code localhost}) unless
 * the constructor is given {@code allowRemote = true}. The host is resolved once, in the
 * constructor, and that address is the one connected to. vpcd 3.3 listens on IPv4 only.
 *
 * <h2>Robustness</h2>
 * {@link #start()} runs the server on a daemon thread. When vpcd is not listening, or the connection
 * drops, it retries with a growing pause (100 ms doubling up to 2 s). An exception from the card
 * transport never stops the server: that command is answered {@code 6F 00}, except a refused
 * extended length ({@code EXTENDED_APDU_UNSUPPORTED}, from a {@linkplain CardProfile profiled}
 * card of a short-APDU reader), answered with {@value #OVERSIZED_ANSWER} bytes so that pcscd fails
 * that transmit and the card stays in the reader. {@link #close()} stops
 * the thread and drops the connection (the card leaves the reader); it does not close the served
 * transport, which stays the caller's.
 *
 * <p>On Linux an immediate ACK is asked for before every read, which brings a short APDU through
 * pcscd to about 1 ms (see {@code QuickAck}).
 */
public final class VpcdCardServer implements AutoCloseable {

    /** The TCP port vpcd's first virtual reader listens on. */
    public static final int DEFAULT_PORT = 35963;

    /** The host vpcd runs on by default: this machine, over IPv4 loopback. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final byte[] ATR = {
        0x3B, (byte) 0xE0, 0x00, (byte) 0xFF, (byte) 0x81, 0x31, (byte) 0xFE, 0x45, 0x14
    };
    private static final byte[] SW_NO_PRECISE_DIAGNOSIS = {0x6F, 0x00};
    /** The answer to a command the served link refuses as too long for its reader: the most a vpcd message holds. */
    private static final int OVERSIZED_ANSWER = 0xFFFF;
    private static final int CTRL_POWER_OFF = 0x00;
    private static final int CTRL_POWER_ON = 0x01;
    private static final int CTRL_RESET = 0x02;
    private static final int CTRL_ATR = 0x04;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2000;
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final CardTransport card;
    private final Runnable onReset;
    private final InetAddress address;
    private final int port;
    private final Object state = new Object();

    // guarded by state
    private Thread thread;
    private Socket socket;
    private boolean connected;
    private boolean inReader;
    private volatile boolean running;

    /**
     * Serves {@code card} to vpcd at {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, with no reset action.
     *
     * @param card the card to serve; its {@code transmit} is called from the server thread only
     */
    public VpcdCardServer(CardTransport card) {
        this(card, null);
    }

    /**
     * Serves {@code card} to vpcd at {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}.
     *
     * @param card the card to serve; its {@code transmit} is called from the server thread only
     * @param onReset run on power off and on reset, typically {@code emulator::reset}; may be null
     */
    public VpcdCardServer(CardTransport card, Runnable onReset) {
        this(card, onReset, DEFAULT_HOST, DEFAULT_PORT);
    }

    /**
     * Serves {@code card} to vpcd at {@code host}:{@code port}, on this machine only.
     *
     * @param card the card to serve; its {@code transmit} is called from the server thread only
     * @param onReset run on power off and on reset, typically {@code emulator::reset}; may be null
     * @param host where vpcd listens: a loopback address or name, for example {@code "127.0.0.1"}
     * @param port vpcd's port: {@value #DEFAULT_PORT} for reader {@code 00 00}, one more for each further
     *     reader
     * @throws IllegalArgumentException if {@code port} is not 1..65535, or {@code host} is unknown or
     *     not a loopback address
     */
    public VpcdCardServer(CardTransport card, Runnable onReset, String host, int port) {
        this(card, onReset, host, port, false);
    }

    /**
     * Serves {@code card} to vpcd at {@code host}:{@code port}, which may be on another machine when
     * {@code allowRemote} is true.
     *
     * @param card the card to serve; its {@code transmit} is called from the server thread only
     * @param onReset run on power off and on reset, typically {@code emulator::reset}; may be null
     * @param host where vpcd listens, for example {@code "127.0.0.1"}; resolved here, once
     * @param port vpcd's port: {@value #DEFAULT_PORT} for reader {@code 00 00}, one more for each further
     *     reader
     * @param allowRemote true to allow a host that is not a loopback address, putting this card into
     *     the reader of whatever machine answers there; false to refuse it
     * @throws IllegalArgumentException if {@code port} is not 1..65535, {@code host} is unknown, or
     *     {@code host} is not a loopback address and {@code allowRemote} is false
     */
    public VpcdCardServer(CardTransport card, Runnable onReset, String host, int port, boolean allowRemote) {
        this.card = Objects.requireNonNull(card, "card");
        this.onReset = onReset == null ? () -> { } : onReset;
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        try {
            this.address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown vpcd host: " + host, e);
        }
        if (!allowRemote && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("vpcd host " + host + " (" + address.getHostAddress()
                    + ") is not a loopback address: the card is served to vpcd on this machine only"
                    + " (127.0.0.1, ::1, localhost) unless allowRemote is set");
        }
    }

    /** @return the address of vpcd this server connects to, as resolved by the constructor */
    public InetAddress vpcdAddress() {
        return address;
    }

    /** @return vpcd's port this server connects to */
    public int vpcdPort() {
        return port;
    }

    /** @return the ATR this card presents: {@code 3B E0 00 FF 81 31 FE 45 14} */
    public static byte[] atr() {
        return ATR.clone();
    }

    /**
     * Starts serving on a daemon thread; returns at once. Calling it again while running does nothing.
     *
     * @return this server
     * @throws IllegalStateException after {@link #close()}
     */
    public VpcdCardServer start() {
        synchronized (state) {
            if (thread != null) {
                if (!running) {
                    throw new IllegalStateException("the server was closed");
                }
                return this;
            }
            running = true;
            thread = new Thread(this::run, "vpcd-card-server-" + port);
            thread.setDaemon(true);
            thread.start();
            return this;
        }
    }

    /**
     * Waits until the TCP connection to vpcd's port is open. That alone does not put the card into
     * the reader: while another card program holds the reader, the port's listening socket still
     * completes the connection but vpcd does not take it (see {@link #awaitInReader}).
     *
     * @param timeout how long to wait at most
     * @return true if connected, false if the time ran out or the server is closed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return await(timeout, false);
    }

    /** @return whether the TCP connection to vpcd's port is open right now */
    public boolean isConnected() {
        synchronized (state) {
            return connected;
        }
    }

    /**
     * Waits until vpcd has spoken on the open connection (its first message, normally an ATR
     * request or a power-on), which means vpcd took the connection and its virtual reader holds the
     * card. PC/SC programs notice the card at pcscd's next poll of the reader, a moment later.
     *
     * @param timeout how long to wait at most
     * @return true if the card is in the reader, false if the time ran out or the server is closed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitInReader(Duration timeout) throws InterruptedException {
        return await(timeout, true);
    }

    private boolean await(Duration timeout, boolean spoken) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (!(spoken ? inReader : connected) && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(state, left);
            }
            return spoken ? inReader : connected;
        }
    }

    /**
     * Stops the server and drops the connection, which takes the card out of the virtual reader.
     * Waits up to two seconds for the server thread to end. Idempotent. The served transport is not
     * closed.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (state) {
            running = false;
            closeSocketQuietly(socket);
            t = thread;
            state.notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        while (running) {
            Socket s = new Socket();
            try {
                synchronized (state) {
                    if (!running) {
                        break;
                    }
                    socket = s;
                }
                s.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
                s.setTcpNoDelay(true);
                setConnected(true);
                backoff = MIN_BACKOFF_MILLIS;
                serve(s);
            } catch (IOException e) {
                // vpcd not listening, or the connection dropped: retry below
            } finally {
                setConnected(false);
                closeSocketQuietly(s);
            }
            if (!running) {
                break;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private void serve(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
        while (running) {
            int length;
            try {
                QuickAck.request(s);
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return; // vpcd closed the connection
            }
            setInReader();
            byte[] message = new byte[length];
            QuickAck.request(s);
            in.readFully(message);
            if (length == 1) {
                byte[] answer = control(message[0] & 0xFF);
                if (answer != null) {
                    send(out, answer);
                }
            } else if (length > 1) {
                send(out, exchange(message));
            }
            // a zero-length message carries nothing to answer
        }
    }

    /** @return the answer to a control code, or null for codes that get none */
    private byte[] control(int code) {
        switch (code) {
            case CTRL_ATR:
                return ATR.clone();
            case CTRL_POWER_OFF:
            case CTRL_RESET:
                runResetHook();
                return null;
            case CTRL_POWER_ON:
            default:
                return null;
        }
    }

    private void runResetHook() {
        try {
            onReset.run();
        } catch (RuntimeException e) {
            // a failing hook must not take the card out of the reader
        }
    }

    private byte[] exchange(byte[] command) {
        try {
            byte[] response;
            try {
                response = card.transmit(command);
            } catch (io.github.mynacard.transport.CardTransportException e) {
                if (e.reason() != io.github.mynacard.transport.CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED) {
                    throw e;
                }
                // a reader of short APDUs (a profiled card's): an answer larger than the buffer
                // javax.smartcardio gives SCardTransmit makes pcscd fail the call while the card
                // stays in the reader, untouched, as a real such reader fails it at its driver
                return new byte[OVERSIZED_ANSWER];
            }
            if (response == null || response.length < 2 || response.length > 0xFFFF) {
                return SW_NO_PRECISE_DIAGNOSIS.clone();
            }
            return response;
        } catch (Exception | AssertionError e) {
            // whatever the card does wrong, the reader gets an answer and the server keeps running
            return SW_NO_PRECISE_DIAGNOSIS.clone();
        }
    }

    private static void send(DataOutputStream out, byte[] message) throws IOException {
        out.writeShort(message.length);
        out.write(message);
        out.flush();
    }

    private void setConnected(boolean value) {
        synchronized (state) {
            connected = value;
            inReader = false;
            state.notifyAll();
        }
    }

    private void setInReader() {
        synchronized (state) {
            inReader = true;
            state.notifyAll();
        }
    }

    private static void closeSocketQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
