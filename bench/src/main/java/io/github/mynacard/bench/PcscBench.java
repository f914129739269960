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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One session that reads the card fields and signs, through the real stack (javax.smartcardio,
 * pcscd, vsmartcard's virtual reader, the emulator served by {@link VpcdCardServer}): once through
 * the library ({@link PcscTransport} and {@link MynaCard}), once as raw {@code CardChannel.transmit}
 * calls sending exactly the same APDUs, recorded from the library's session. Needs pcscd with
 * vsmartcard-vpcd running ({@code .ci/pcsc-stack.sh}); uses the first vpcd reader with no card.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class PcscBench {

    private static final char[] CARD_INFO = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();
    private static final char[] SIGNING = MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray();
    private static final byte[] DIGEST = new byte[32];

    /** The served card and the reader it is in. */
    @State(Scope.Benchmark)
    public static class Stack {
        MynaCardEmulator card;
        VpcdCardServer server;
        String reader;
        List<byte[]> sessionApdus;

        /** Serves a default emulated card in a free vpcd reader and records one session's APDUs. */
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
            card = MynaCardEmulator.createDefault();
            server = new VpcdCardServer(card, card::reset, VpcdCardServer.DEFAULT_HOST, VpcdCardServer.DEFAULT_PORT + slot)
                    .start();
            if (!server.awaitConnected(Duration.ofSeconds(10))) {
                throw new IllegalStateException("vpcd did not take the card");
            }
            sessionApdus = new ArrayList<>();
            try (PcscTransport t = PcscTransport.open(ReaderSelector.nameContains(reader), Duration.ofSeconds(15))) {
                CardTransport recording = cmd -> {
                    sessionApdus.add(cmd.clone());
                    return t.transmit(cmd);
                };
                session(MynaCard.open(recording));
            }
            System.err.println("PcscBench: one session sends " + sessionApdus.size() + " APDUs (reader " + reader + ")");
        }

        /** Takes the card out of the reader. */
        @TearDown(Level.Trial)
        public void down() {
            server.close();
        }
    }

    static int session(MynaCard card) throws IOException, MynaCardException {
        CardFields f = card.readCardFields(CARD_INFO);
        byte[] sig = card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, DIGEST, SIGNING);
        return f.name().length() + sig.length;
    }

    /** The library's session, in a new MynaCard over a PcscTransport held for the whole trial. */
    @State(Scope.Thread)
    public static class Library {
        PcscTransport transport;

        /** Connects with exclusive access. */
        @Setup(Level.Trial)
        public void open(Stack stack) throws Exception {
            transport = PcscTransport.open(ReaderSelector.nameContains(stack.reader), Duration.ofSeconds(15));
        }

        /** Releases the card. */
        @TearDown(Level.Trial)
        public void close() throws IOException {
            transport.close();
        }
    }

    /** Raw javax.smartcardio: a card connected T=1 with exclusive access, as the library does. */
    @State(Scope.Thread)
    public static class Raw {
        Card card;
        CardChannel channel;
        ByteBuffer response = ByteBuffer.allocate(65538);

        /** Connects with exclusive access. */
        @Setup(Level.Trial)
        public void open(Stack stack) throws CardException {
            CardTerminal terminal = TerminalFactory.getDefault().terminals().getTerminal(stack.reader);
            card = terminal.connect("T=1");
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

    /** Read the fields and sign, through the library (a new session each time, as an application does). */
    @Benchmark
    public int librarySession(Library lib) throws IOException, MynaCardException {
        // the transport is not closed between sessions: closing would reset the card each time
        MynaCard card = MynaCard.open(lib.transport::transmit);
        return session(card);
    }

    /** The same APDUs through raw {@code CardChannel.transmit}. */
    @Benchmark
    public int rawSession(Stack stack, Raw raw) throws CardException {
        int n = 0;
        for (byte[] cmd : stack.sessionApdus) {
            raw.response.clear();
            n += raw.channel.transmit(ByteBuffer.wrap(cmd), raw.response);
        }
        return n;
    }
}
