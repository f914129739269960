package io.github.mynacard.bench;

import io.github.mynacard.mock.MynaCardEmulator;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The emulator's throughput for simple APDUs (SELECT, READ BINARY), on one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EmulatorBench {

    private static final HexFormat HEX = HexFormat.of();
    private final byte[] selectJpki = HEX.parseHex("00A4040C0AD392F000260100000001");
    private final byte[] selectToken = HEX.parseHex("00A4020C020006");
    private final byte[] readToken = HEX.parseHex("00B0000020");
    private MynaCardEmulator card;

    /** A default card with the token file selected. */
    @Setup
    public void setUp() throws IOException {
        card = MynaCardEmulator.createDefault();
        card.transmit(selectJpki);
        card.transmit(selectToken);
    }

    /** SELECT of a file (the application stays selected, so this can repeat). */
    @Benchmark
    public byte[] selectFile() throws IOException {
        return card.transmit(selectToken);
    }

    /** READ BINARY of 32 bytes of the token file. */
    @Benchmark
    public byte[] readBinary() throws IOException {
        return card.transmit(readToken);
    }
}
