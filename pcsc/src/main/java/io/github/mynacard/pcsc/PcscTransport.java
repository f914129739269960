package io.github.mynacard.pcsc;

import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import io.github.mynacard.transport.TransportSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/**
 * A {@link CardTransport} to a card in a PC/SC reader, over {@code javax.smartcardio}.
 *
 * <h2>Session</h2>
 * {@code open} connects with protocol {@code T=1} (the My Number Card's only protocol), falling
 * back to {@code *} for readers that refuse an explicit protocol, and takes exclusive access
 * ({@code Card.beginExclusive()}) for the whole life of the transport, so no other program can slip
 * commands between ours or change the selected application. {@link #close()} ends exclusive access
 * and disconnects with a <b>card reset</b> ({@code disconnect(true)}): verified PINs and the
 * selected application do not survive the session, so the next program starts from a clean card.
 *
 * <h2>Card detection</h2>
 * With {@link ReaderSelector#firstJpkiCard()} the card is recognised by a {@code SELECT} of the
 * JPKI AID answered with {@code 90 00}, never by its ATR, and virtual readers
 * ({@link ReaderSelector#isVirtualReader(String)}) are skipped unless named.
 *
 * <h2>Status words 61xx and 6Cxx</h2>
 * This class passes command bytes through unchanged with
 * {@code CardChannel.transmit(ByteBuffer, ByteBuffer)} and does not change the JDK's global
 * settings. With the JDK's defaults ({@code sun.security.smartcardio.t0GetResponse} and
 * {@code t1GetResponse} both {@code true}), {@code javax.smartcardio} itself sends GET RESPONSE on
 * {@code 61xx} and repeats the command with the right Le on {@code 6Cxx}, so callers usually never
 * see those words. An application that prefers the core's decorators for this may set both
 * properties to {@code false} before the first PC/SC use; a decorator on top is harmless either way.
 *
 * <h2>Timeouts</h2>
 * {@code javax.smartcardio} has no timeout of its own, and a hung reader blocks the native call
 * forever: no interrupt reaches it, and no other thread can make it return (the JDK refuses a
 * disconnect from any thread but the one holding exclusive access, and pcsc-lite runs a process's
 * calls one at a time). Every PC/SC call of a session therefore runs on one card thread, which holds
 * exclusive access, and the caller waits at most the transmit timeout
 * ({@link #DEFAULT_TRANSMIT_TIMEOUT} unless given to {@code open}). When it expires,
 * {@link #transmit} throws {@link Reason#TIMEOUT}, the card is disconnected by the card thread as
 * soon as the stuck call returns (which also frees the reader once the driver gives up), and the
 * transport refuses further commands until {@link #reconnect()}. The same bound applies to waiting
 * for exclusive access; running out of it there gives {@link Reason#SHARING_VIOLATION}. Card threads
 * are long-lived daemon threads named {@code mynacard-pcsc-N}, kept between sessions (a session
 * borrows one from a small pool and gives it back on {@link #close()}), so a session after the first
 * starts no thread; handing a call over costs a thread wake-up or two, measured in
 * docs/performance.md.
 *
 * <h2>Sessions on the card thread</h2>
 * {@link #withCard(TransportSession)} runs a caller's whole exchange as one job on the card thread,
 * so its commands are direct calls there and only the session itself crosses between threads; the
 * deadline still applies to each native call inside, with the same {@code TIMEOUT}.
 * {@link #withCard(ReaderSelector, Duration, Duration, TransportSession)} also connects and
 * releases in that one job. {@code MynaCard} runs each typed operation as one such session, and
 * {@code MynaCard.withCard} a sequence of them. The callback runs on the card thread, not the
 * caller's; what it may not do is listed at {@link #withCard(TransportSession)}.
 *
 * <h2>Errors</h2>
 * Every PC/SC failure surfaces as a {@link CardTransportException} with a {@link Reason} taken from
 * the PC/SC return code ({@code SCARD_W_RESET_CARD} gives {@link Reason#CARD_RESET}, and so on).
 * After {@code CARD_RESET} the card has lost its selected application and verified PINs: call
 * {@link #reconnect()} and select the application again. An extended-length command (Lc or Le in
 * three bytes) that fails with what a reader gives for an APDU it cannot carry
 * ({@code SCARD_E_NOT_TRANSACTED}, {@code SCARD_E_INSUFFICIENT_BUFFER},
 * {@code SCARD_E_INVALID_PARAMETER}, {@code SCARD_E_INVALID_VALUE}, Windows'
 * {@code ERROR_INVALID_PARAMETER}, {@code ERROR_INSUFFICIENT_BUFFER}, {@code ERROR_NOT_SUPPORTED},
 * or the JDK's refusal of extended lengths on T=0) while the card is still in the reader gives
 * {@link Reason#EXTENDED_APDU_UNSUPPORTED}, and {@code MynaCard} goes on with short APDUs; a short
 * command never does. Messages never contain APDU data.
 *
 * <p><b>Thread safety:</b> calls are serialised internally, so the transport is safe to share and
 * may be used from any thread (every call goes to the session's card thread whichever thread makes
 * it; a call from another thread during a {@code withCard} session waits until it returns), but
 * interleaving sessions from several threads is rarely meaningful (see {@link CardTransport}).
 */
public final class PcscTransport implements CardTransport {

    /** The transmit timeout used when {@code open} is not given one: 30 seconds. */
    public static final Duration DEFAULT_TRANSMIT_TIMEOUT = Duration.ofSeconds(30);

    /** {@code SELECT} by DF name of the JPKI AP, no FCI: {@code 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01}. */
    static final byte[] SELECT_JPKI = {
        0x00, (byte) 0xA4, 0x04, 0x0C, 0x0A,
        (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01
    };

    private static final long POLL_MILLIS = 200;
    private static final long ABSENCE_CHECK_MILLIS = 1000;

    /**
     * Readers held by a transport in this JVM. The JDK hands out one shared {@code Card} object per
     * reader and process, so a second session in the same JVM must be refused before it connects:
     * otherwise it would get, and on failure disconnect, the first session's card.
     */
    private static final Set<String> IN_USE = ConcurrentHashMap.newKeySet();

    private final CardTerminal terminal;
    private final Duration timeout;
    private final long timeoutNanos;
    private final Object lock = new Object();

    // guarded by lock
    private Card card;
    /** The thread that connected, holds exclusive access and makes every call of this session. */
    private CardThread worker;
    private boolean broken;
    private boolean closed;
    /** This transport holds the reader's entry in {@link #IN_USE}. */
    private boolean claimed;
    /** A card thread still waits for exclusive access and will free the reader's entry itself. */
    private boolean lateRelease;
    /** Counted down once the release left behind a command that timed out has run. */
    private CountDownLatch pendingRelease;

    private PcscTransport(CardTerminal terminal, Duration timeout) {
        this.terminal = terminal;
        this.timeout = timeout;
        this.timeoutNanos = saturatedNanos(timeout);
    }

    /**
     * Opens the first reader with a My Number Card in it, without waiting for one. Virtual readers
     * are skipped ({@link ReaderSelector#firstJpkiCard()}); name one to use it.
     *
     * @return the connected transport, holding exclusive access
     * @throws CardTransportException {@code NO_READER} without readers (other than virtual ones),
     *     {@code NO_CARD} when no card answers as a JPKI card, {@code SERVICE_UNAVAILABLE} when pcscd
     *     is not running, and others; when virtual readers were skipped, the message names them
     */
    public static PcscTransport open() throws CardTransportException {
        return open(ReaderSelector.firstJpkiCard(), Duration.ZERO);
    }

    /**
     * Opens a reader chosen by {@code selector}, waiting up to {@code waitForCard} for a card, with
     * the default transmit timeout.
     *
     * @param selector which reader to use
     * @param waitForCard how long to wait for a card to be inserted; {@link Duration#ZERO} to not wait
     * @return the connected transport, holding exclusive access
     * @throws CardTransportException {@code NO_READER} when no reader matches, {@code NO_CARD} when no
     *     (suitable) card arrived in time, {@code SHARING_VIOLATION} when another program holds the
     *     card, {@code SERVICE_UNAVAILABLE} when pcscd is not running, and others
     * @throws IllegalArgumentException if {@code waitForCard} is negative
     */
    public static PcscTransport open(ReaderSelector selector, Duration waitForCard) throws CardTransportException {
        return open(selector, waitForCard, DEFAULT_TRANSMIT_TIMEOUT);
    }

    /**
     * Opens a reader chosen by {@code selector}, waiting up to {@code waitForCard} for a card.
     *
     * @param selector which reader to use
     * @param waitForCard how long to wait for a card to be inserted; {@link Duration#ZERO} to not wait
     * @param transmitTimeout the longest a single command (and the wait for exclusive access) may
     *     take before {@link Reason#TIMEOUT}; must be positive
     * @return the connected transport, holding exclusive access
     * @throws CardTransportException {@code NO_READER} when no reader matches, {@code NO_CARD} when no
     *     (suitable) card arrived in time, {@code SHARING_VIOLATION} when another program holds the
     *     card, {@code SERVICE_UNAVAILABLE} when pcscd is not running, and others
     * @throws IllegalArgumentException if {@code waitForCard} is negative or {@code transmitTimeout}
     *     not positive
     */
    public static PcscTransport open(ReaderSelector selector, Duration waitForCard, Duration transmitTimeout)
            throws CardTransportException {
        PcscLibrary.ensureConfigured();
        return open(Terminals.system(), selector, waitForCard, transmitTimeout);
    }

    static PcscTransport open(Terminals terminals, ReaderSelector selector, Duration waitForCard,
            Duration transmitTimeout) throws CardTransportException {
        long deadline = checkedDeadline(terminals, selector, waitForCard, transmitTimeout);
        if (selector.kind() == ReaderSelector.Kind.JPKI_CARD) {
            return openFirstJpki(terminals, deadline, waitForCard, transmitTimeout);
        }
        CardTerminal terminal = choose(listTerminals(terminals), selector);
        PcscTransport transport = new PcscTransport(terminal, transmitTimeout);
        try {
            synchronized (transport.lock) {
                transport.connectWhenCardIn(deadline, waitForCard);
            }
        } catch (CardTransportException | RuntimeException e) {
            transport.release(false);
            throw e;
        }
        return transport;
    }

    /**
     * Checks the arguments of {@code open} and {@code withCard}.
     *
     * @return the deadline for a card to arrive, in {@link System#nanoTime()} terms
     */
    private static long checkedDeadline(Terminals terminals, ReaderSelector selector, Duration waitForCard,
            Duration transmitTimeout) {
        Objects.requireNonNull(terminals, "terminals");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(waitForCard, "waitForCard");
        Objects.requireNonNull(transmitTimeout, "transmitTimeout");
        if (waitForCard.isNegative()) {
            throw new IllegalArgumentException("waitForCard must not be negative");
        }
        if (transmitTimeout.isNegative() || transmitTimeout.isZero()) {
            throw new IllegalArgumentException("transmitTimeout must be positive");
        }
        return System.nanoTime() + saturatedNanos(waitForCard);
    }

    /**
     * Connects at once; only when the reader is empty, waits for a card until {@code deadline} and
     * tries again. (Asking pcscd first whether a card is in would cost a round trip on every open.)
     * Caller holds {@link #lock}.
     */
    private void connectWhenCardIn(long deadline, Duration waitForCard) throws CardTransportException {
        while (true) {
            try {
                connect();
                return;
            } catch (CardTransportException e) {
                if (e.reason() != Reason.NO_CARD) {
                    throw e;
                }
                if (!waitForCard(terminal, deadline)) {
                    throw new CardTransportException(Reason.NO_CARD, "no card in reader \"" + terminal.getName() + "\""
                            + (waitForCard.isZero() ? "" : " within " + waitForCard), e);
                }
            }
        }
    }

    private static PcscTransport openFirstJpki(Terminals terminals, long deadline, Duration waitForCard,
            Duration transmitTimeout) throws CardTransportException {
        while (true) {
            List<CardTerminal> list;
            try {
                list = listTerminals(terminals);
            } catch (CardTransportException e) {
                if (e.reason() != Reason.NO_READER || remainingNanos(deadline) <= 0) {
                    throw e;
                }
                list = List.of();
            }
            CardTransportException lastFailure = null;
            List<String> names = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (CardTerminal terminal : list) {
                if (ReaderSelector.isVirtualReader(terminal.getName())) {
                    // a program may have put a fake card there: never talk to it unless it is named
                    skipped.add(terminal.getName() + (cardPresent(terminal) ? " (holding a card)" : ""));
                    continue;
                }
                names.add(terminal.getName());
                if (!cardPresent(terminal)) {
                    continue;
                }
                PcscTransport candidate = new PcscTransport(terminal, transmitTimeout);
                try {
                    synchronized (candidate.lock) {
                        candidate.connect();
                    }
                    byte[] answer = candidate.transmit(SELECT_JPKI);
                    if (isSuccess(answer)) {
                        return candidate;
                    }
                    // another kind of card (for example 6A82): leave it as it was, without a reset
                    candidate.release(false);
                } catch (CardTransportException e) {
                    lastFailure = e;
                    candidate.release(false);
                }
            }
            if (remainingNanos(deadline) <= 0) {
                String virtual = skipped.isEmpty() ? "" : "; skipped the virtual reader(s) " + skipped
                        + ", where any program can put a card: to use one, name it (for example ReaderSelector"
                        + ".nameContains(\"" + skipped.get(0).replace(" (holding a card)", "") + "\"))";
                if (names.isEmpty()) {
                    throw new CardTransportException(Reason.NO_READER, (list.isEmpty() ? "no card reader is attached"
                            : "no card reader is attached other than virtual ones") + virtual);
                }
                if (lastFailure != null && lastFailure.reason() == Reason.SHARING_VIOLATION) {
                    throw lastFailure;
                }
                CardTransportException none = new CardTransportException(Reason.NO_CARD,
                        "no card answering SELECT of the JPKI application in readers " + names
                                + (waitForCard.isZero() ? "" : " within " + waitForCard) + virtual);
                if (lastFailure != null) {
                    none.addSuppressed(lastFailure);
                }
                throw none;
            }
            sleep(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline)))));
        }
    }

    static List<CardTerminal> listTerminals(Terminals terminals) throws CardTransportException {
        try {
            return terminals.list();
        } catch (CardException | RuntimeException e) {
            CardTransportException mapped = PcscErrors.map(e, "listing readers", false);
            if ("SCARD_E_NO_READERS_AVAILABLE".equals(PcscErrors.pcscCode(e))) {
                return List.of();
            }
            throw mapped;
        }
    }

    private static CardTerminal choose(List<CardTerminal> list, ReaderSelector selector)
            throws CardTransportException {
        if (selector.kind() == ReaderSelector.Kind.INDEX) {
            if (selector.indexValue() < list.size()) {
                return list.get(selector.indexValue());
            }
        } else if (selector.kind() == ReaderSelector.Kind.EXACT_NAME) {
            for (CardTerminal t : list) {
                if (t.getName().equals(selector.nameFragment())) {
                    return t;
                }
            }
        } else {
            String fragment = selector.nameFragment().toLowerCase(Locale.ROOT);
            for (CardTerminal t : list) {
                if (t.getName().equalsIgnoreCase(selector.nameFragment())) {
                    return t; // the reader of that very name, before any whose name merely contains it
                }
            }
            for (CardTerminal t : list) {
                if (t.getName().toLowerCase(Locale.ROOT).contains(fragment)) {
                    return t;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (CardTerminal t : list) {
            names.add(t.getName());
        }
        throw new CardTransportException(Reason.NO_READER, "no " + selector + " among readers " + names);
    }

    /**
     * Waits until a card is in {@code terminal} or {@code deadline} passes.
     *
     * @return true when a card came in time; false at once when the deadline has passed
     */
    private static boolean waitForCard(CardTerminal terminal, long deadline) throws CardTransportException {
        long millis = TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline));
        // waitForCardPresent(0) would wait forever, so only call it with a positive bound
        if (millis <= 0) {
            return false;
        }
        try {
            return terminal.waitForCardPresent(millis);
        } catch (CardException | RuntimeException e) {
            throw PcscErrors.map(e, "waiting for a card in \"" + terminal.getName() + "\"", false);
        }
    }

    /** Connects and takes exclusive access. Caller holds {@link #lock}. */
    private void connect() throws CardTransportException {
        String name = terminal.getName();
        if (!claimed && !IN_USE.add(name)) {
            throw new CardTransportException(Reason.SHARING_VIOLATION,
                    "reader \"" + name + "\" is already in use by another PcscTransport in this program");
        }
        claimed = true;
        connectExclusive();
    }

    /** Gives the reader back to other transports of this JVM. Caller holds {@link #lock}. */
    private void unclaim() {
        if (claimed && !lateRelease) {
            IN_USE.remove(terminal.getName());
        }
        claimed = false;
    }

    /** On the card thread: connect ({@link #connectWithFallback()}) and take exclusive access. */
    private static final CardThread.Job CONNECT = (self, transport) -> {
        Card c = ((PcscTransport) transport).connectWithFallback();
        try {
            c.beginExclusive();
        } catch (CardException | RuntimeException e) {
            throw new ExclusiveFailure(c, e);
        }
        self.channel = c.getBasicChannel();
        return c;
    };

    /**
     * Connects and takes exclusive access on a card thread borrowed for the session, waiting at most
     * the transmit timeout: pcsc-lite makes both {@code SCardConnect} and
     * {@code SCardBeginTransaction} wait for as long as another program holds a transaction on the
     * reader. Caller holds {@link #lock}.
     */
    private void connectExclusive() throws CardTransportException {
        String name = terminal.getName();
        CardThread w = CardThread.borrow();
        w.ask(CONNECT, this, true);
        CardThread.Outcome outcome = w.await(System.nanoTime() + timeoutNanos);
        if (outcome != CardThread.Outcome.ANSWERED && w.abandon(releaseLater(name))) {
            lateRelease = true;
            if (outcome == CardThread.Outcome.TIMED_OUT) {
                throw new CardTransportException(Reason.SHARING_VIOLATION, "another program holds the card in \""
                        + name + "\" exclusively; waited " + timeout);
            }
            throw new CardTransportException(Reason.OTHER, "interrupted while connecting",
                    new InterruptedException());
        }
        try {
            card = (Card) w.takeResult();
            worker = w;
            broken = false;
        } catch (CardThread.JobFailure e) {
            CardTransportException typed;
            Throwable cause = e.getCause();
            if (cause instanceof ExclusiveFailure) {
                ExclusiveFailure failure = (ExclusiveFailure) cause;
                typed = PcscErrors.map(failure.getCause(), "taking exclusive access to \"" + name + "\"", true);
                if (typed.reason() != Reason.SHARING_VIOLATION) {
                    // a sharing violation may come from another holder of the JDK's shared Card object
                    // in this process: disconnecting would end that holder's session, so leave it alone
                    w.runDetached(DISCONNECT_LEAVE, failure.card);
                    throw typed;
                }
            } else if (cause instanceof CardTransportException) {
                typed = (CardTransportException) cause;
            } else if (cause instanceof Error) {
                w.giveBack();
                throw (Error) cause;
            } else {
                typed = PcscErrors.map(cause, "connecting to \"" + name + "\"", false);
            }
            w.giveBack();
            throw typed;
        }
    }

    /** Runs on the card thread: {@code T=1}, or any protocol when the reader refuses an explicit one. */
    private Card connectWithFallback() throws CardTransportException {
        String name = terminal.getName();
        try {
            return terminal.connect("T=1");
        } catch (CardException | RuntimeException first) {
            CardTransportException typed = PcscErrors.map(first, "connecting to \"" + name + "\"", false);
            if (typed.reason() != Reason.OTHER) {
                throw typed; // no card, no service, sharing violation: another protocol does not help
            }
            try {
                return terminal.connect("*");
            } catch (CardException | RuntimeException second) {
                CardTransportException again = PcscErrors.map(second, "connecting to \"" + name + "\"", false);
                again.addSuppressed(first);
                throw again;
            }
        }
    }

    /** {@code beginExclusive} failed on a card that did connect. */
    private static final class ExclusiveFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Card card;

        ExclusiveFailure(Card card, Throwable cause) {
            super(cause);
            this.card = card;
        }
    }

    /**
     * The connect attempt still waits for another program's transaction. Once it completes, release
     * whatever it got and free the reader's entry; runs on the card thread.
     */
    private static CardThread.Orphan releaseLater(String name) {
        return (result, failure) -> {
            try {
                if (result instanceof Card) {
                    quietRelease((Card) result, false, true);
                } else if (failure instanceof ExclusiveFailure) {
                    ExclusiveFailure exclusive = (ExclusiveFailure) failure;
                    if (PcscErrors.map(exclusive.getCause(), "", true).reason() != Reason.SHARING_VIOLATION) {
                        quietRelease(exclusive.card, false, false);
                    }
                }
            } finally {
                IN_USE.remove(name);
            }
        };
    }

    /** On the card thread: send one command (a fresh copy) and return the whole response. */
    private static final CardThread.Job EXCHANGE = (self, command) -> exchange(self, (byte[]) command);

    /** On the card thread: disconnect a card whose exclusive access failed, leaving it as it is. */
    private static final CardThread.Job DISCONNECT_LEAVE = (self, c) -> {
        quietRelease((Card) c, false, false);
        return null;
    };

    /** On the card thread: end exclusive access and disconnect with a reset. */
    private static final CardThread.Job RELEASE_RESET = (self, c) -> {
        self.channel = null;
        self.wakeCallerEarly(); // the caller's wake-up overlaps the release
        quietRelease((Card) c, true, true);
        return null;
    };

    /** On the card thread: end exclusive access and disconnect, leaving the card as it is. */
    private static final CardThread.Job RELEASE_LEAVE = (self, c) -> {
        self.channel = null;
        quietRelease((Card) c, false, true);
        return null;
    };

    /**
     * Sends one command APDU and returns the response (data and status word).
     *
     * @param command the command APDU; not modified or kept
     * @return the response, at least the two status bytes
     * @throws CardTransportException {@code CLOSED} after {@link #close()}; {@code TIMEOUT} when no
     *     answer came within the transmit timeout (the link is then dropped until {@link #reconnect()});
     *     {@code CARD_REMOVED} when the card was pulled; {@code CARD_RESET} when another program or
     *     the reader reset the card (call {@link #reconnect()} and select the application again);
     *     {@code EXTENDED_APDU_UNSUPPORTED} when {@code command} is extended-length and the reader or
     *     its driver could not carry it (the card never saw it; the session goes on, with short APDUs);
     *     {@code NO_READER}, {@code SERVICE_UNAVAILABLE} or {@code OTHER} for other PC/SC failures
     * @throws IllegalArgumentException when {@code javax.smartcardio} refuses the command bytes
     *     (for example a MANAGE CHANNEL command, which the JDK reserves for itself)
     */
    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        Objects.requireNonNull(command, "command");
        Session in = sessionHere();
        if (in != null) {
            return in.transmit(command);
        }
        byte[] copy = command.clone();
        synchronized (lock) {
            checkUsable();
            CardThread w = worker;
            w.ask(EXCHANGE, copy, true);
            CardThread.Outcome outcome = w.await(System.nanoTime() + timeoutNanos);
            if (outcome != CardThread.Outcome.ANSWERED && abandon(w)) {
                if (outcome == CardThread.Outcome.TIMED_OUT) {
                    throw new CardTransportException(Reason.TIMEOUT, "no answer from the card in \"" + terminal.getName()
                            + "\" within " + timeout + "; the link was dropped, call reconnect()");
                }
                throw new CardTransportException(Reason.OTHER,
                        "interrupted while waiting for the card; the link was dropped, call reconnect()",
                        new InterruptedException());
            }
            byte[] response;
            try {
                response = (byte[]) w.takeResult();
            } catch (CardThread.JobFailure e) {
                throw failed(e.getCause(), copy);
            }
            if (response.length < 2) {
                // pcsc-lite answers nothing when the card vanished mid-command
                Reason why = cardLeft() ? Reason.CARD_REMOVED : Reason.OTHER;
                throw new CardTransportException(why, "transmit failed: "
                        + (why == Reason.CARD_REMOVED ? PcscErrors.describe(Reason.CARD_REMOVED) + ", " : "")
                        + "response shorter than a status word (" + response.length + " bytes)");
            }
            return response;
        }
    }

    /** The typed failure of an exchange that threw {@code cause}. Caller holds {@link #lock}. */
    private CardTransportException failed(Throwable cause, byte[] command) {
        if (cause instanceof IllegalArgumentException) {
            throw (IllegalArgumentException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        CardTransportException typed = PcscErrors.mapTransmit(cause, command);
        if (typed.reason() == Reason.EXTENDED_APDU_UNSUPPORTED && !cardPresent(terminal)) {
            // the card is gone, which also fails a command; a card pulled so recently that
            // pcscd has not noticed yet fails the short retry as removed
            typed = new CardTransportException(Reason.CARD_REMOVED,
                    "transmit failed: " + PcscErrors.describe(Reason.CARD_REMOVED), cause);
        } else if (typed.reason() == Reason.OTHER && cardLeft()) {
            typed = new CardTransportException(Reason.CARD_REMOVED,
                    "transmit failed: " + PcscErrors.describe(Reason.CARD_REMOVED), cause);
        }
        return typed;
    }

    /**
     * pcsc-lite reports a card pulled during a command as a generic failure
     * ({@code SCARD_E_NOT_TRANSACTED}) before its next poll of the reader notices the removal, so
     * give the service a moment to tell.
     */
    private boolean cardLeft() {
        try {
            if (!terminal.isCardPresent()) {
                return true;
            }
            return terminal.waitForCardAbsent(Math.min(ABSENCE_CHECK_MILLIS, Math.max(1, timeout.toMillis())));
        } catch (CardException | RuntimeException e) {
            return false;
        }
    }

    // ---- sessions on the card thread ----

    /**
     * Runs {@code work} as one session on this transport's card thread: one hand-off for the whole
     * of it, instead of one per command. Every command {@code work} sends through the transport it
     * is given (this one) is a direct call on the card thread, under the same deadline as
     * {@link #transmit}: when one native call inside takes longer than the transmit timeout, this
     * method throws {@link Reason#TIMEOUT} at that deadline, the link is dropped as after a
     * timed-out {@code transmit} (call {@link #reconnect()}), and any command {@code work} still
     * sends is refused with {@code TIMEOUT}. The time {@code work} spends between commands (parsing,
     * checking a signature) is not bounded. An interrupt of the waiting thread gives
     * {@link Reason#OTHER}, as for {@code transmit}. Other threads' calls on this transport wait
     * until the session returns.
     *
     * <p><b>Which thread runs {@code work}:</b> the card thread ({@code mynacard-pcsc-N}), never
     * the caller's; what it throws is rethrown to the caller unchanged (its stack trace is the card
     * thread's), and thread-locals of the caller (a logging context, a security context) are not
     * there. While it runs, the callback must not:
     * <ul>
     *   <li>wait for another thread that uses this transport, or the {@code MynaCard} over it (that
     *       thread waits for the session: a deadlock);</li>
     *   <li>hand this transport to another thread to send commands (they would wait for the
     *       session too);</li>
     *   <li>call {@link #reconnect()} ({@link IllegalStateException}); {@link #close()} inside is
     *       allowed and takes effect when the session returns (commands after it are refused with
     *       {@code CLOSED});</li>
     *   <li>block on anything but the card, such as a prompt for a PIN: read input before the
     *       session, since the caller cannot give up on a callback that waits for something else,
     *       and the card thread stays taken until it returns.</li>
     * </ul>
     * Sessions nest: {@code withCard} called from inside {@code work} runs the inner work directly.
     *
     * @param work the session
     * @param <T> its result
     * @param <X> the checked exception it may throw besides {@link IOException}
     * @return what {@code work} returned
     * @throws CardTransportException {@code CLOSED} after {@link #close()}; {@code TIMEOUT} when the
     *     link was dropped before or a command inside timed out; {@code OTHER} when interrupted
     * @throws IOException what {@code work} threw
     * @throws X what {@code work} threw
     */
    @Override
    public <T, X extends Exception> T withCard(TransportSession<T, X> work) throws IOException, X {
        Objects.requireNonNull(work, "work");
        if (sessionHere() != null) {
            return work.run(this);
        }
        synchronized (lock) {
            checkUsable();
            CardThread w = worker;
            Session s = new Session(this, Session.WORK);
            s.card = card;
            w.ask(IN_SESSION, new SessionJob(s, work), true);
            boolean answered = awaitSession(w, s, false);
            if (!answered) {
                throw s.interrupted
                        ? new CardTransportException(Reason.OTHER,
                                "interrupted while waiting for the card; the link was dropped, call reconnect()",
                                new InterruptedException())
                        : timedOut(s);
            }
            Object result;
            try {
                result = w.takeResult();
            } catch (CardThread.JobFailure e) {
                if (s.refused) {
                    releaseLocked(true); // given up after all: drop the link, as the caller was told
                }
                if (s.closeAsked) {
                    closeLocked();
                }
                throw CardTransportSessions.<X>rethrow(e.getCause());
            }
            if (s.closeAsked) {
                closeLocked();
            }
            @SuppressWarnings("unchecked")
            T t = (T) result;
            return t;
        }
    }

    /**
     * Connects to the reader {@code selector} names, runs {@code work} on the card and releases the
     * card with a reset, all as one job on a card thread: one hand-off for the whole session, where
     * {@code open}, an operation and {@code close} make three. The same as
     * {@code try (PcscTransport t = open(selector, waitForCard, transmitTimeout)) { return t.withCard(work); }},
     * with the rules and errors of {@link #withCard(TransportSession)} for the callback, the errors of
     * {@code open} for the connect (waiting for exclusive access longer than the transmit timeout
     * gives {@link Reason#SHARING_VIOLATION}) and, when the release hangs past the timeout, the
     * result returned while the release finishes in the background (the reader stays taken in this
     * JVM until then). With {@link ReaderSelector#firstJpkiCard()}, which probes each reader, it is
     * exactly that sequence.
     *
     * <pre>{@code
     * CardFields f = PcscTransport.withCard(ReaderSelector.nameContains("SONY"), Duration.ZERO,
     *         PcscTransport.DEFAULT_TRANSMIT_TIMEOUT, t -> MynaCard.open(t).readCardFields(pin));
     * }</pre>
     *
     * @param selector which reader to use
     * @param waitForCard how long to wait for a card to be inserted; {@link Duration#ZERO} to not wait
     * @param transmitTimeout the longest one native call may take; must be positive
     * @param work the session, given the connected transport
     * @param <T> its result
     * @param <X> the checked exception it may throw besides {@link IOException}
     * @return what {@code work} returned
     * @throws CardTransportException the reasons of {@link #open(ReaderSelector, Duration, Duration)}
     *     and of {@link #withCard(TransportSession)}
     * @throws IOException what {@code work} threw
     * @throws X what {@code work} threw
     * @throws IllegalArgumentException if {@code waitForCard} is negative or {@code transmitTimeout}
     *     not positive
     */
    public static <T, X extends Exception> T withCard(ReaderSelector selector, Duration waitForCard,
            Duration transmitTimeout, TransportSession<T, X> work) throws IOException, X {
        PcscLibrary.ensureConfigured();
        return withCard(Terminals.system(), selector, waitForCard, transmitTimeout, work);
    }

    static <T, X extends Exception> T withCard(Terminals terminals, ReaderSelector selector, Duration waitForCard,
            Duration transmitTimeout, TransportSession<T, X> work) throws IOException, X {
        Objects.requireNonNull(work, "work");
        long deadline = checkedDeadline(terminals, selector, waitForCard, transmitTimeout);
        if (selector.kind() == ReaderSelector.Kind.JPKI_CARD) {
            try (PcscTransport t = open(terminals, selector, waitForCard, transmitTimeout)) {
                return t.withCard(work);
            }
        }
        // the card thread wakes while the readers are listed, and is up when the job comes
        CardThread w = CardThread.borrow();
        w.prime();
        CardTerminal terminal;
        try {
            terminal = choose(listTerminals(terminals), selector);
        } catch (CardTransportException | RuntimeException e) {
            w.giveBack();
            throw e;
        }
        return new PcscTransport(terminal, transmitTimeout).whole(w, deadline, waitForCard, work);
    }

    /** Connect, work and release as one job; see {@link #withCard(ReaderSelector, Duration, Duration, TransportSession)}. */
    private <T, X extends Exception> T whole(CardThread first, long deadline, Duration waitForCard,
            TransportSession<T, X> work) throws IOException, X {
        String name = terminal.getName();
        synchronized (lock) {
            if (!IN_USE.add(name)) {
                first.giveBack();
                throw new CardTransportException(Reason.SHARING_VIOLATION,
                        "reader \"" + name + "\" is already in use by another PcscTransport in this program");
            }
            claimed = true;
            CardThread next = first;
            try {
                while (true) {
                    CardThread w = next != null ? next : CardThread.borrow();
                    next = null;
                    Session s = new Session(this, Session.CONNECT);
                    w.ask(WHOLE, new SessionJob(s, work), false);
                    if (!awaitSession(w, s, true)) {
                        lateRelease = true; // the card thread frees the reader's entry once it is done
                        if (s.interrupted) {
                            throw new CardTransportException(Reason.OTHER, "interrupted while waiting for the card",
                                    new InterruptedException());
                        }
                        if (s.phaseAtGivingUp == Session.CONNECT) {
                            throw new CardTransportException(Reason.SHARING_VIOLATION, "another program holds the card in \""
                                    + name + "\" exclusively; waited " + timeout);
                        }
                        if (s.phaseAtGivingUp == Session.RELEASE) {
                            // the work is done; the card is released in the background
                            if (s.failure != null) {
                                throw CardTransportSessions.<X>rethrow(s.failure);
                            }
                            @SuppressWarnings("unchecked")
                            T t = (T) s.result;
                            return t;
                        }
                        throw timedOut(s);
                    }
                    Object result;
                    try {
                        result = w.takeResult();
                    } catch (CardThread.JobFailure e) {
                        w.giveBack();
                        Throwable cause = e.getCause();
                        if (s.phaseAtEnd == Session.CONNECT && cause instanceof CardTransportException
                                && ((CardTransportException) cause).reason() == Reason.NO_CARD) {
                            if (waitForCard(terminal, deadline)) {
                                continue;
                            }
                            throw new CardTransportException(Reason.NO_CARD, "no card in reader \"" + name + "\""
                                    + (waitForCard.isZero() ? "" : " within " + waitForCard), cause);
                        }
                        throw CardTransportSessions.<X>rethrow(cause);
                    }
                    w.giveBack();
                    @SuppressWarnings("unchecked")
                    T t = (T) result;
                    return t;
                }
            } finally {
                closed = true;
                unclaim();
            }
        }
    }

    /**
     * Waits for the session's job, giving up when one native call inside has run for the transmit
     * timeout (or on an interrupt). Wakes at least once per timeout to look at the call in
     * progress, so a call that starts while it sleeps is still given up at its own deadline.
     * Caller holds {@link #lock}.
     *
     * @param whole whether the job also connects and releases (then giving up frees the reader's
     *     entry once the job ends, instead of dropping this transport's link)
     * @return true when answered (take the result from {@code w}); false when given up
     */
    private boolean awaitSession(CardThread w, Session s, boolean whole) {
        while (true) {
            long started = s.callStart;
            long deadline = (started != 0 ? started : System.nanoTime()) + timeoutNanos;
            CardThread.Outcome outcome = w.await(deadline);
            if (outcome == CardThread.Outcome.ANSWERED) {
                return true;
            }
            if (outcome == CardThread.Outcome.TIMED_OUT) {
                long now = s.callStart;
                if (now == 0 || now != started || System.nanoTime() - now < timeoutNanos) {
                    continue; // between calls, or another call began: wait for its deadline
                }
            } else {
                s.interrupted = true;
            }
            s.phaseAtGivingUp = s.phase;
            s.givenUp = true; // before abandoning: commands the work still sends are refused
            boolean gaveUp = whole ? w.abandon(freeEntryLater(terminal.getName())) : abandon(w);
            if (gaveUp) {
                return false;
            }
            // the answer came meanwhile: take it (a command refused meanwhile drops the link)
            s.interrupted = false;
            return true;
        }
    }

    private CardTransportException timedOut(Session s) {
        return new CardTransportException(Reason.TIMEOUT, "no answer from the card in \"" + terminal.getName()
                + "\" within " + timeout + " (in a session); the link was dropped"
                + (s.phase == Session.CONNECT ? "" : ", call reconnect()"));
    }

    /** Once a given-up whole session's job is done (the card released by it): free the reader's entry. */
    private static CardThread.Orphan freeEntryLater(String name) {
        return (result, failure) -> IN_USE.remove(name);
    }

    /** {@link #close()} without the check for a session on this thread. Caller holds {@link #lock}. */
    private void closeLocked() {
        if (!closed) {
            closed = true;
            releaseLocked(true);
            unclaim();
        }
    }

    /** @return the session of this transport the current thread runs, or null when it runs none */
    private Session sessionHere() {
        CardThread self = CardThread.current();
        if (self == null) {
            return null;
        }
        Object s = self.session;
        return s instanceof Session && ((Session) s).transport == this ? (Session) s : null;
    }

    /** On the card thread: run the caller's session on the connection it holds. */
    private static final CardThread.Job IN_SESSION = (self, job) -> ((SessionJob) job).runIn(self);

    /** On the card thread: connect, run the caller's session, release with a reset. */
    private static final CardThread.Job WHOLE = (self, job) -> ((SessionJob) job).runWhole(self);

    /** A caller's session and its state, as handed to the card thread. */
    private static final class SessionJob {
        final Session session;
        final TransportSession<?, ?> work;

        SessionJob(Session session, TransportSession<?, ?> work) {
            this.session = session;
            this.work = work;
        }

        Object runIn(CardThread self) throws Exception {
            Session s = session;
            self.session = s;
            try {
                return work.run(s.transport);
            } finally {
                self.session = null;
                s.phaseAtEnd = s.phase;
            }
        }

        Object runWhole(CardThread self) throws Exception {
            Session s = session;
            PcscTransport t = s.transport;
            Card c;
            s.begin();
            try {
                c = t.connectWithFallback();
            } finally {
                s.end();
                s.phaseAtEnd = Session.CONNECT;
            }
            s.begin();
            try {
                c.beginExclusive();
            } catch (CardException | RuntimeException e) {
                CardTransportException typed = PcscErrors.map(e,
                        "taking exclusive access to \"" + t.terminal.getName() + "\"", true);
                if (typed.reason() != Reason.SHARING_VIOLATION) {
                    // as in open: a sharing violation may be another holder of the JDK's shared Card
                    quietRelease(c, false, false);
                }
                throw typed;
            } finally {
                s.end();
            }
            if (s.givenUp) {
                quietRelease(c, false, true); // nothing was sent: leave the card as it was
                return null;
            }
            s.card = c;
            self.channel = c.getBasicChannel();
            s.phase = Session.WORK;
            self.session = s;
            try {
                Object r = work.run(t);
                s.result = r;
                return r;
            } catch (Exception | Error e) {
                s.failure = e;
                throw e;
            } finally {
                self.session = null;
                s.phaseAtEnd = Session.WORK;
                s.phase = Session.RELEASE;
                self.wakeCallerEarly(); // the caller's wake-up overlaps the release
                s.begin();
                try {
                    quietRelease(c, true, true);
                } finally {
                    s.end();
                    self.channel = null;
                }
            }
        }
    }

    /** One session's state, shared by the waiting caller and the card thread. */
    private static final class Session {
        static final int CONNECT = 0;
        static final int WORK = 1;
        static final int RELEASE = 2;

        final PcscTransport transport;
        /** Where the job is. */
        volatile int phase;
        /** {@link System#nanoTime()} when the native call in progress began, never 0; 0 when none is. */
        volatile long callStart;
        /** The caller stopped waiting: commands are refused from now on. */
        volatile boolean givenUp;
        /** A command was refused because the caller had given up. */
        volatile boolean refused;
        /** {@link PcscTransport#close()} was called inside. */
        volatile boolean closeAsked;
        // the caller's own
        boolean interrupted;
        int phaseAtGivingUp = -1;
        // written on the card thread before the answer
        volatile int phaseAtEnd = -1;
        volatile Object result;
        volatile Throwable failure;
        /** The connection; on the card thread only (set before the job for a session on an open transport). */
        Card card;

        Session(PcscTransport transport, int phase) {
            this.transport = transport;
            this.phase = phase;
        }

        void begin() {
            long t = System.nanoTime();
            callStart = t == 0 ? 1 : t;
        }

        void end() {
            callStart = 0;
        }

        /** @return the session's card, unless the session was closed or given up */
        Card usableCard() throws CardTransportException {
            check();
            return card;
        }

        private void check() throws CardTransportException {
            if (closeAsked) {
                throw new CardTransportException(Reason.CLOSED, "the transport was closed in this session");
            }
            if (givenUp) {
                refused = true;
                throw new CardTransportException(Reason.TIMEOUT,
                        "this session was given up after a command timed out; the link was dropped");
            }
        }

        /** A command of the session, sent from the card thread itself, under the transmit timeout. */
        byte[] transmit(byte[] command) throws CardTransportException {
            check();
            CardThread self = CardThread.current();
            begin();
            try {
                byte[] response;
                try {
                    response = exchange(self, command);
                } catch (Exception | Error e) {
                    throw transport.failed(e, command);
                }
                if (response.length < 2) {
                    Reason why = transport.cardLeft() ? Reason.CARD_REMOVED : Reason.OTHER;
                    throw new CardTransportException(why, "transmit failed: "
                            + (why == Reason.CARD_REMOVED ? PcscErrors.describe(Reason.CARD_REMOVED) + ", " : "")
                            + "response shorter than a status word (" + response.length + " bytes)");
                }
                return response;
            } finally {
                end();
            }
        }
    }

    /** Runs on the card thread, with its response buffer (allocated once per thread). */
    private static byte[] exchange(CardThread self, byte[] command) throws CardException {
        ByteBuffer response = self.responseBuffer();
        response.clear();
        int length = self.channel.transmit(ByteBuffer.wrap(command), response);
        byte[] out = new byte[length];
        response.flip();
        response.get(out);
        return out;
    }

    /**
     * Drops the current connection (with a card reset) and connects to the same reader again, taking
     * exclusive access anew. Use it after {@link Reason#CARD_RESET}, {@link Reason#TIMEOUT} or a
     * re-inserted card. The card starts with no application selected and no PIN verified.
     *
     * <p>After a timeout, the old connection can only be released once the reader returns from the
     * hung command; this method waits for that up to the transmit timeout.
     *
     * @throws CardTransportException {@code CLOSED} after {@link #close()}; {@code TIMEOUT} when the
     *     reader still hangs in the command that timed out; {@code NO_CARD} when the reader is empty;
     *     the other reasons of {@code open}
     */
    public void reconnect() throws CardTransportException {
        if (sessionHere() != null) {
            throw new IllegalStateException("reconnect() inside withCard: return from the session first");
        }
        synchronized (lock) {
            if (closed) {
                throw new CardTransportException(Reason.CLOSED, "the transport is closed");
            }
            releaseLocked(true);
            awaitPendingRelease();
            connect();
        }
    }

    /** Caller holds {@link #lock}. */
    private void awaitPendingRelease() throws CardTransportException {
        CountDownLatch pending = pendingRelease;
        if (pending == null) {
            return;
        }
        try {
            if (!pending.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new CardTransportException(Reason.TIMEOUT, "the reader \"" + terminal.getName()
                        + "\" has still not returned from the command that timed out; try again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardTransportException(Reason.OTHER, "interrupted while reconnecting", e);
        }
        pendingRelease = null;
    }

    /**
     * Ends exclusive access and disconnects with a card reset ({@code disconnect(true)}), so no
     * verified PIN or selected application survives the session. Idempotent. If a command is still
     * hanging after a timeout, the disconnect happens in the background and this method does not wait.
     */
    @Override
    public void close() {
        Session in = sessionHere();
        if (in != null) {
            in.closeAsked = true; // done by the caller's thread once the session returns
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            releaseLocked(true);
            unclaim();
        }
    }

    /** @return the name of the reader this transport uses */
    public String readerName() {
        return terminal.getName();
    }

    /**
     * @return the ATR of the connected card (informational only: cards are identified by AID)
     * @throws CardTransportException {@code CLOSED} after {@link #close()}, or when the link was dropped
     */
    public byte[] atr() throws CardTransportException {
        Session in = sessionHere();
        if (in != null) {
            return in.usableCard().getATR().getBytes();
        }
        synchronized (lock) {
            checkUsable();
            return card.getATR().getBytes();
        }
    }

    /**
     * @return the protocol negotiated with the card, for example {@code "T=1"}
     * @throws CardTransportException {@code CLOSED} after {@link #close()}, or when the link was dropped
     */
    public String protocol() throws CardTransportException {
        Session in = sessionHere();
        if (in != null) {
            return in.usableCard().getProtocol();
        }
        synchronized (lock) {
            checkUsable();
            return card.getProtocol();
        }
    }

    /** The names of PC/SC part 10's reader features, by tag. */
    private static final String[] FEATURE_NAMES = {null, "VERIFY_PIN_START", "VERIFY_PIN_FINISH", "MODIFY_PIN_START",
        "MODIFY_PIN_FINISH", "GET_KEY_PRESSED", "VERIFY_PIN_DIRECT", "MODIFY_PIN_DIRECT", "MCT_READER_DIRECT",
        "MCT_UNIVERSAL", "IFD_PIN_PROPERTIES", "ABORT", "SET_SPE_MESSAGE", "VERIFY_PIN_DIRECT_APP_ID",
        "MODIFY_PIN_DIRECT_APP_ID", "WRITE_DISPLAY", "GET_KEY", "IFD_DISPLAY_PROPERTIES", "GET_TLV_PROPERTIES",
        "CCID_ESC_COMMAND"};

    private static final CardThread.Job FEATURES = (self, c) -> ((Card) c).transmitControlCommand(featureRequestCode(),
            new byte[0]);

    /** {@code CM_IOCTL_GET_FEATURE_REQUEST}, {@code SCARD_CTL_CODE(3400)} as the platform's PC/SC defines it. */
    private static int featureRequestCode() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        return windows ? (0x31 << 16) | (3400 << 2) : 0x42000000 + 3400;
    }

    /**
     * The reader's features as PC/SC part 10 names them ({@code CM_IOCTL_GET_FEATURE_REQUEST}):
     * for example {@code VERIFY_PIN_DIRECT} on a reader with a PIN pad. Informational; the library
     * never uses a reader's PIN pad. Runs on the card thread, under the transmit timeout.
     *
     * @return the feature names, in the reader's order (an unknown tag as {@code FEATURE_xx}); empty
     *     when the reader reports none or refuses the request (a reader without part 10 support)
     * @throws CardTransportException {@code CLOSED} after {@link #close()}; {@code TIMEOUT} when the
     *     reader does not answer within the transmit timeout (the link is then dropped)
     */
    public java.util.List<String> features() throws CardTransportException {
        Session in = sessionHere();
        if (in != null) {
            Card c = in.usableCard();
            in.begin();
            try {
                return featureNames(c.transmitControlCommand(featureRequestCode(), new byte[0]));
            } catch (CardException | RuntimeException e) {
                return java.util.List.of(); // no part 10 support: nothing to report
            } finally {
                in.end();
            }
        }
        synchronized (lock) {
            checkUsable();
            CardThread w = worker;
            w.ask(FEATURES, card, true);
            CardThread.Outcome outcome = w.await(System.nanoTime() + timeoutNanos);
            if (outcome != CardThread.Outcome.ANSWERED && abandon(w)) {
                throw new CardTransportException(outcome == CardThread.Outcome.TIMED_OUT ? Reason.TIMEOUT : Reason.OTHER,
                        "no answer from the reader \"" + terminal.getName() + "\" to the feature request within " + timeout
                                + "; the link was dropped, call reconnect()");
            }
            byte[] tlv;
            try {
                tlv = (byte[]) w.takeResult();
            } catch (CardThread.JobFailure e) {
                return java.util.List.of(); // no part 10 support: nothing to report
            }
            return featureNames(tlv);
        }
    }

    private static java.util.List<String> featureNames(byte[] tlv) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < tlv.length; i += 2 + (tlv[i + 1] & 0xFF)) {
            int tag = tlv[i] & 0xFF;
            names.add(tag < FEATURE_NAMES.length && FEATURE_NAMES[tag] != null ? FEATURE_NAMES[tag]
                    : String.format("FEATURE_%02X", tag));
        }
        return java.util.List.copyOf(names);
    }

    /** @return the longest one command may take before {@link Reason#TIMEOUT} */
    public Duration transmitTimeout() {
        return timeout;
    }

    private void checkUsable() throws CardTransportException {
        if (closed) {
            throw new CardTransportException(Reason.CLOSED, "the transport is closed");
        }
        if (broken || card == null) {
            throw new CardTransportException(Reason.TIMEOUT,
                    "an earlier command timed out and the link to the card was dropped; call reconnect()");
        }
    }

    /**
     * After a timeout or an interrupt: leave the release (end exclusive access, disconnect with
     * reset) to the card thread, to run as soon as the stuck call returns, because
     * {@code javax.smartcardio} only lets the thread that began exclusive access end it or disconnect.
     * Caller holds {@link #lock}.
     *
     * @return false when the answer came after all (take it from {@code w})
     */
    private boolean abandon(CardThread w) {
        Card c = card;
        CountDownLatch released = new CountDownLatch(1);
        boolean gaveUp = w.abandon((result, failure) -> {
            try {
                quietRelease(c, true, true);
            } finally {
                released.countDown();
            }
        });
        if (gaveUp) {
            broken = true;
            card = null;
            worker = null;
            pendingRelease = released;
        }
        return gaveUp;
    }

    /** Closes a probe candidate. */
    private void release(boolean reset) {
        synchronized (lock) {
            closed = true;
            releaseLocked(reset);
            unclaim();
        }
    }

    /**
     * Ends exclusive access and disconnects on the card thread that began it, then gives that thread
     * back to the pool; waits at most the transmit timeout (a reader that hangs in the disconnect
     * keeps the thread until it returns). Caller holds lock.
     */
    private void releaseLocked(boolean reset) {
        Card c = card;
        CardThread w = worker;
        card = null;
        worker = null;
        broken = false;
        if (c == null || w == null) {
            return;
        }
        w.ask(reset ? RELEASE_RESET : RELEASE_LEAVE, c, false);
        CardThread.Outcome outcome = w.await(System.nanoTime() + timeoutNanos);
        if (outcome == CardThread.Outcome.ANSWERED || !w.abandon((result, failure) -> { })) {
            try {
                w.takeResult();
            } catch (CardThread.JobFailure e) {
                // quietRelease throws nothing; nothing more to do either way
            }
            w.giveBack();
        }
    }

    private static void quietRelease(Card c, boolean reset, boolean endExclusive) {
        if (endExclusive) {
            try {
                c.endExclusive();
            } catch (CardException | RuntimeException e) {
                // the card may be gone or reset already
            }
        }
        try {
            c.disconnect(reset);
        } catch (CardException | RuntimeException e) {
            // same
        }
    }

    private static boolean cardPresent(CardTerminal terminal) {
        try {
            return terminal.isCardPresent();
        } catch (CardException | RuntimeException e) {
            return false;
        }
    }

    static boolean isSuccess(byte[] response) {
        int n = response.length;
        return n >= 2 && response[n - 2] == (byte) 0x90 && response[n - 1] == 0x00;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private static void sleep(long millis) throws CardTransportException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardTransportException(Reason.OTHER, "interrupted while waiting for a card", e);
        }
    }
}
