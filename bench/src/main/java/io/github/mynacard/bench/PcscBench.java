package io.github.mynacard.bench;

import io.github.mynacard.CardFields;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.pcsc.PcscLibrary;
import io.github.mynacard.pcsc.PcscReaders;
import io.github.mynacard.pcsc.PcscTransport;
import io.github.mynacard.pcsc.ReaderInfo;
import io.github.mynacard.pcsc.ReaderSelector;
import io.github.mynacard.transport.CardTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The library through the real stack (javax.smartcardio, pcscd, vsmartcard's virtual reader, the
 * emulator served by {@link VpcdCardServer}) against raw {@code javax.smartcardio} sending exactly
 * the same APDUs, recorded from the library's own session. Needs pcscd with vsmartcard-vpcd running
 * ({@code .ci/pcsc-stack.sh}); uses the first vpcd reader with no card.
 *
 * <p>What each side includes:
 * <ul>
 *   <li>{@link #librarySession}: {@code PcscTransport.withCard} of the reader by name (one reader
 *       list from pcscd; then on the card thread, as one job: connect {@code T=1}, exclusive access,
 *       {@code MynaCard.readCardFields} (5 APDUs, status words checked, both files parsed), end
 *       exclusive access, disconnect with a card reset).</li>
 *   <li>{@link #rawSession}: what a competent raw user writes for the same work:
 *       {@code TerminalFactory.getDefault().terminals().getTerminal(name)} (also one reader list from
 *       pcscd), {@code connect("T=1")}, {@code beginExclusive}, the 5 recorded APDUs through
 *       {@code CardChannel.transmit(ByteBuffer, ByteBuffer)} with one reused response buffer, no
 *       parsing, {@code endExclusive}, {@code disconnect(true)}; everything on the calling thread,
 *       with no bound on a hung reader.</li>
 *   <li>{@link #libraryApdus} / {@link #rawApdus}: per APDU within an open session (opened once per
 *       trial with exclusive access): {@value #APDUS} SELECTs of the JPKI application through
 *       {@code PcscTransport.transmit} against {@code CardChannel.transmit} on the benchmark's thread.</li>
 *   <li>{@link #interleavedSessions} and {@link #interleavedApdus} (the library's 100 APDUs in one
 *       {@code withCard}): the same two comparisons, one of
 *       each per invocation, in alternating order, each side timed with {@code System.nanoTime()}
 *       into the counters {@code libraryNanos}, {@code rawNanos} and {@code pairs} (the per-APDU pair
 *       times only the APDUs, not the open and close around them). The machine's speed drifts within
 *       a run; interleaving puts both sides under the same drift, so the ratio of the two counters is
 *       the figure to trust. The per-APDU pair sends one untimed APDU first on each side (see
 *       {@link #interleavedApdus}).</li>
 *   <li>{@link #interleavedOpenOperationClose}: as {@link #interleavedSessions}, with the library
 *       session written as {@code open}, {@code readCardFields}, {@code close} (three hand-offs to
 *       the card thread instead of one); {@link #interleavedPlainApdus}: as {@link #interleavedApdus}
 *       with each APDU a plain {@code transmit} (one hand-off per APDU).</li>
 *   <li>{@link #librarySignSession} / {@link #rawSignSession}: an extra, longer session: the fields
 *       read and a signature made with the signing key (10 APDUs).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
public class PcscBench {

    /** APDUs per invocation of the per-APDU benchmarks. */
    static final int APDUS = 20;
    /** APDUs timed per session and side in {@link #interleavedApdus}, after one untimed. */
    static final int INTERLEAVED_APDUS = 100;

    private static final char[] CARD_INFO = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();
    private static final char[] SIGNING = MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray();
    private static final byte[] DIGEST = new byte[32];
    /** SELECT of the JPKI application by DF name, no FCI. */
    private static final byte[] SELECT_JPKI = {
        0x00, (byte) 0xA4, 0x04, 0x0C, 0x0A,
        (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01
    };

    /** The served card, the reader it is in, and the APDUs of the library's sessions. */
    @State(Scope.Benchmark)
    public static class Stack {
        MynaCardEmulator card;
        VpcdCardServer server;
        String reader;
        ReaderSelector byName;
        List<byte[]> fieldsApdus;
        List<byte[]> signApdus;

        /** Serves a default emulated card in a free vpcd reader and records the sessions' APDUs. */
        @Setup(Level.Trial)
        public void up() throws Exception {
            PcscLibrary.ensureConfigured();
            int slot = -1;
            List<ReaderInfo> readers = PcscReaders.list();
            for (int i = 0; i < 10 && slot < 0; i++) {
                String name = "Virtual PCD 00 0" + i;
                if (readers.stream().anyMatch(r -> r.name().equals(name) && !r.cardPresent())) {
                    slot = i;
                    reader = name;
                }
            }
            if (slot < 0) {
                throw new IllegalStateException("no free vsmartcard reader; run .ci/pcsc-stack.sh (readers: " + readers + ")");
            }
            byName = ReaderSelector.nameContains(reader);
            card = MynaCardEmulator.createDefault();
            server = new VpcdCardServer(card, card::reset, VpcdCardServer.DEFAULT_HOST, VpcdCardServer.DEFAULT_PORT + slot)
                    .start();
            if (!server.awaitConnected(Duration.ofSeconds(10))) {
                throw new IllegalStateException("vpcd did not take the card");
            }
            fieldsApdus = record(c -> c.readCardFields(CARD_INFO));
            signApdus = record(PcscBench::fieldsAndSignature);
            System.err.println("PcscBench: reader " + reader + "; readCardFields sends " + fieldsApdus.size()
                    + " APDUs, with the signature " + signApdus.size());
        }

        private List<byte[]> record(Session session) throws Exception {
            List<byte[]> apdus = new ArrayList<>();
            try (PcscTransport t = PcscTransport.open(byName, Duration.ofSeconds(15))) {
                CardTransport recording = cmd -> {
                    apdus.add(cmd.clone());
                    return t.transmit(cmd);
                };
                session.run(MynaCard.open(recording));
            }
            return List.copyOf(apdus);
        }

        /** Takes the card out of the reader. */
        @TearDown(Level.Trial)
        public void down() {
            server.close();
        }
    }

    @FunctionalInterface
    interface Session {
        Object run(MynaCard card) throws IOException, MynaCardException;
    }

    static Object fieldsAndSignature(MynaCard card) throws IOException, MynaCardException {
        CardFields f = card.readCardFields(CARD_INFO);
        byte[] sig = card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, DIGEST, SIGNING);
        return f.name().length() + sig.length;
    }

    /** The raw side's response buffer, allocated once per thread. */
    @State(Scope.Thread)
    public static class RawBuffer {
        final ByteBuffer response = ByteBuffer.allocate(65538);
    }

    /** The whole session as one job on the card thread: connect, readCardFields, release. */
    static int libraryFieldsSession(Stack stack) throws IOException, MynaCardException {
        return PcscTransport.withCard(stack.byName, Duration.ZERO, PcscTransport.DEFAULT_TRANSMIT_TIMEOUT,
                t -> MynaCard.open(t).readCardFields(CARD_INFO).name().length());
    }

    /** The same session as three calls, open, readCardFields and close: one hand-off each. */
    static int libraryOpenOperationClose(Stack stack) throws IOException, MynaCardException {
        try (MynaCard card = MynaCard.open(PcscTransport.open(stack.byName, Duration.ZERO))) {
            return card.readCardFields(CARD_INFO).name().length();
        }
    }

    static int rawApduSession(List<byte[]> apdus, Stack stack, RawBuffer buffer) throws CardException {
        CardTerminal terminal = TerminalFactory.getDefault().terminals().getTerminal(stack.reader);
        Card card = terminal.connect("T=1");
        try {
            card.beginExclusive();
            CardChannel channel = card.getBasicChannel();
            ByteBuffer response = buffer.response;
            int n = 0;
            for (byte[] command : apdus) {
                response.clear();
                n += channel.transmit(ByteBuffer.wrap(command), response);
            }
            card.endExclusive();
            return n;
        } finally {
            card.disconnect(true);
        }
    }

    /** (a) Open by reader name, read the card fields, close with a reset: through the library. */
    @Benchmark
    public int librarySession(Stack stack) throws IOException, MynaCardException {
        return libraryFieldsSession(stack);
    }

    /** (b) The same session's APDUs with raw javax.smartcardio. */
    @Benchmark
    public int rawSession(Stack stack, RawBuffer buffer) throws CardException {
        return rawApduSession(stack.fieldsApdus, stack, buffer);
    }

    /** A library session held open for the whole trial. */
    @State(Scope.Thread)
    public static class LibraryOpen {
        PcscTransport transport;

        /** Connects with exclusive access. */
        @Setup(Level.Trial)
        public void open(Stack stack) throws IOException {
            transport = PcscTransport.open(stack.byName, Duration.ofSeconds(15));
        }

        /** Releases the card. */
        @TearDown(Level.Trial)
        public void close() {
            transport.close();
        }
    }

    /** A raw card held open, with exclusive access taken on the benchmark's thread, for the whole trial. */
    @State(Scope.Thread)
    public static class RawOpen {
        Card card;
        CardChannel channel;

        /** Connects with exclusive access. */
        @Setup(Level.Trial)
        public void open(Stack stack) throws CardException {
            card = TerminalFactory.getDefault().terminals().getTerminal(stack.reader).connect("T=1");
            card.beginExclusive();
            channel = card.getBasicChannel();
        }

        /** Releases the card. */
        @TearDown(Level.Trial)
        public void close() throws CardException {
            card.endExclusive();
            card.disconnect(true);
        }
    }

    static int sendLibrary(CardTransport transport, int count) throws IOException {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += transport.transmit(SELECT_JPKI).length;
        }
        return n;
    }

    static int sendRaw(CardChannel channel, ByteBuffer response, int count) throws CardException {
        int n = 0;
        for (int i = 0; i < count; i++) {
            response.clear();
            n += channel.transmit(ByteBuffer.wrap(SELECT_JPKI), response);
        }
        return n;
    }

    /** (c) Per APDU within an open session, through {@code PcscTransport.transmit}. */
    @Benchmark
    @OperationsPerInvocation(APDUS)
    public int libraryApdus(LibraryOpen lib) throws IOException {
        return sendLibrary(lib.transport, APDUS);
    }

    /** (c) Per APDU within an open session, through raw {@code CardChannel.transmit}. */
    @Benchmark
    @OperationsPerInvocation(APDUS)
    public int rawApdus(RawOpen raw, RawBuffer buffer) throws CardException {
        return sendRaw(raw.channel, buffer.response, APDUS);
    }

    /** Time spent on each side of the interleaved benchmarks, summed over an iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Split {
        /** Nanoseconds spent in the library's side. */
        public long libraryNanos;
        /** Nanoseconds spent in the raw side. */
        public long rawNanos;
        /** Invocations, each one of either side. */
        public long pairs;

        /** Counts each iteration from zero. */
        @Setup(Level.Iteration)
        public void clear() {
            libraryNanos = 0;
            rawNanos = 0;
            pairs = 0;
        }
    }

    /** (a) and (b) in one invocation, alternating which goes first. */
    @Benchmark
    public int interleavedSessions(Stack stack, RawBuffer buffer, Split split)
            throws IOException, MynaCardException, CardException {
        return interleave(stack, buffer, split, PcscBench::libraryFieldsSession);
    }

    /** (a') against (b): the library session as open, an operation and close, each its own hand-off. */
    @Benchmark
    public int interleavedOpenOperationClose(Stack stack, RawBuffer buffer, Split split)
            throws IOException, MynaCardException, CardException {
        return interleave(stack, buffer, split, PcscBench::libraryOpenOperationClose);
    }

    @FunctionalInterface
    interface LibrarySide {
        int run(Stack stack) throws IOException, MynaCardException;
    }

    private static int interleave(Stack stack, RawBuffer buffer, Split split, LibrarySide library)
            throws IOException, MynaCardException, CardException {
        boolean libraryFirst = (split.pairs & 1) == 0;
        long t0 = System.nanoTime();
        int n = libraryFirst ? library.run(stack) : rawApduSession(stack.fieldsApdus, stack, buffer);
        long t1 = System.nanoTime();
        n += libraryFirst ? rawApduSession(stack.fieldsApdus, stack, buffer) : library.run(stack);
        long t2 = System.nanoTime();
        split.libraryNanos += libraryFirst ? t1 - t0 : t2 - t1;
        split.rawNanos += libraryFirst ? t2 - t1 : t1 - t0;
        split.pairs++;
        return n;
    }

    /**
     * (c) in one invocation, alternating which goes first: {@value #INTERLEAVED_APDUS} APDUs in a
     * library session, then in a raw one, each opened and closed around them and each sending one
     * APDU first, all untimed: the first APDU after a connect costs the raw side more (about 175 us
     * against 100-120 us on this machine; the library's longer open gives pcscd and the reader time
     * to settle), which would favour the library.
     */
    @Benchmark
    public int interleavedApdus(Stack stack, RawBuffer buffer, Split split) throws IOException, CardException {
        return interleaveApdus(stack, buffer, split, true);
    }

    /**
     * (c) as {@link #interleavedApdus}, but with each library APDU a plain
     * {@code PcscTransport.transmit} outside a session: one hand-off to the card thread per APDU.
     */
    @Benchmark
    public int interleavedPlainApdus(Stack stack, RawBuffer buffer, Split split) throws IOException, CardException {
        return interleaveApdus(stack, buffer, split, false);
    }

    private static int interleaveApdus(Stack stack, RawBuffer buffer, Split split, boolean inSession)
            throws IOException, CardException {
        boolean libraryFirst = (split.pairs & 1) == 0;
        int n = 0;
        for (int side = 0; side < 2; side++) {
            if ((side == 0) == libraryFirst) {
                try (PcscTransport transport = PcscTransport.open(stack.byName, Duration.ZERO)) {
                    n += sendLibrary(transport, 1);
                    long t0 = System.nanoTime();
                    n += inSession ? transport.withCard(t -> sendLibrary(t, INTERLEAVED_APDUS))
                            : sendLibrary(transport, INTERLEAVED_APDUS);
                    split.libraryNanos += System.nanoTime() - t0;
                }
            } else {
                Card card = TerminalFactory.getDefault().terminals().getTerminal(stack.reader).connect("T=1");
                try {
                    card.beginExclusive();
                    CardChannel channel = card.getBasicChannel();
                    n += sendRaw(channel, buffer.response, 1);
                    long t0 = System.nanoTime();
                    n += sendRaw(channel, buffer.response, INTERLEAVED_APDUS);
                    split.rawNanos += System.nanoTime() - t0;
                    card.endExclusive();
                } finally {
                    card.disconnect(true);
                }
            }
        }
        split.pairs++;
        return n;
    }

    /** Extra: read the fields and sign with the signing key in one whole session; through the library. */
    @Benchmark
    public int librarySignSession(Stack stack) throws IOException, MynaCardException {
        return PcscTransport.withCard(stack.byName, Duration.ZERO, PcscTransport.DEFAULT_TRANSMIT_TIMEOUT,
                t -> (Integer) fieldsAndSignature(MynaCard.open(t)));
    }

    /** Extra: the same APDUs with raw javax.smartcardio. */
    @Benchmark
    public int rawSignSession(Stack stack, RawBuffer buffer) throws CardException {
        return rawApduSession(stack.signApdus, stack, buffer);
    }
}
