package io.github.mynacard.examples.bench;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.transport.CardTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The APDU-economy report: each typed operation run in a new session on the emulator, once on the
 * fast path (short EF identifiers, extended-length reads) and once on the fallback path (a cautious
 * card that refuses both, so the library falls back to SELECT EF and 256-byte reads), counting the
 * APDUs and the bytes each way, next to the minimum for the operation and the time each would take
 * on two modelled links.
 *
 * <p><b>The minimum</b> counts the round trips no client can avoid on a fresh session: one SELECT
 * per application used (the card starts with none selected), one VERIFY per PIN the operation
 * needs, one READ BINARY per file (a whole file fits one extended response), one signature. The
 * library's lockout guard adds one status query per PIN and session on top of that; it is counted
 * in the measured columns, not in the minimum.
 *
 * <p><b>Modelled links.</b> Contactless: 212 kbit/s and 4 ms per round trip (reader and card
 * turnaround). Contact T=1 at 9600 baud: 11 etu per character (start bit, 8 data bits, parity,
 * one guard time), so 1.146 ms per byte, plus a 3-byte prologue and 1-byte epilogue per block in
 * each direction; the card's own processing time is not modelled on either link.
 */
public final class ApduEconomy {

    /** One operation's figures. */
    public record Row(String operation, Count fast, Count fallback, int minimumApdus) {
    }

    /** APDUs and bytes of one run. */
    public record Count(int apdus, long sent, long received) {

        /** @return milliseconds on the modelled contactless link */
        public double contactlessMs() {
            return apdus * 4.0 + (sent + received) * 8.0 / 212.0;
        }

        /** @return milliseconds on the modelled contact T=1 link at 9600 baud */
        public double contactMs() {
            double msPerByte = 11.0 / 9600.0 * 1000.0;
            return (sent + received + 8L * apdus) * msPerByte;
        }
    }

    private interface Op {
        void run(MynaCard card) throws IOException, MynaCardException;
    }

    private record Operation(String name, int minimum, Op op) {
    }

    private static final char[] SIGNING = MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray();
    private static final char[] USER = MynaCardEmulator.DEFAULT_USER_PIN.toCharArray();
    private static final char[] CARD_INFO = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();

    private static List<Operation> operations() {
        byte[] digest = new byte[32];
        return List.of(
                new Operation("readCardFields", 4, c -> c.readCardFields(CARD_INFO)),
                new Operation("pinStatus x4", 7, c -> c.pinStatuses()),
                new Operation("pinStatus(SIGNING)", 2, c -> c.pinStatus(PinKind.SIGNING)),
                new Operation("readCertificate(AUTH)", 2, c -> c.readCertificate(JpkiCertificate.AUTHENTICATION)),
                new Operation("readSigningCertificate", 3, c -> c.readSigningCertificate(SIGNING)),
                new Operation("cardType", 2, MynaCard::cardType),
                new Operation("verifyUserPin", 2, c -> c.verifyUserPin(USER)),
                new Operation("sign (auth key)", 4, c -> c.signDigest(JpkiKey.AUTHENTICATION, DigestAlgorithm.SHA256, digest, USER)),
                new Operation("sign (signing key)", 4, c -> c.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, digest, SIGNING)));
    }

    private ApduEconomy() {
    }

    /**
     * Runs every operation on both paths.
     *
     * @return one row per operation
     * @throws IOException never on the emulator
     * @throws MynaCardException when an operation fails (a defect)
     */
    public static List<Row> measure() throws IOException, MynaCardException {
        List<Row> rows = new ArrayList<>();
        for (Operation o : operations()) {
            rows.add(new Row(o.name, run(o, false), run(o, true), o.minimum));
        }
        return rows;
    }

    private static Count run(Operation o, boolean cautious) throws IOException, MynaCardException {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        emu.setCautious(cautious);
        long[] c = new long[3];
        CardTransport counting = cmd -> {
            byte[] r = emu.transmit(cmd);
            c[0]++;
            c[1] += cmd.length;
            c[2] += r.length;
            return r;
        };
        try (MynaCard card = MynaCard.open(counting)) {
            o.op.run(card);
        }
        return new Count((int) c[0], c[1], c[2]);
    }

    /**
     * The report as a text table.
     *
     * @param rows the measured rows
     * @return the table, with a legend
     */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-24s %4s | %-21s %9s %9s | %-21s %9s %9s%n", "operation", "min",
                "fast: APDUs sent/recv", "NFC ms", "T=1 ms", "fallback: APDUs s/r", "NFC ms", "T=1 ms"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-24s %4d | %3d %8d/%-8d %9.1f %9.1f | %3d %8d/%-8d %9.1f %9.1f%n",
                    r.operation(), r.minimumApdus(),
                    r.fast().apdus(), r.fast().sent(), r.fast().received(), r.fast().contactlessMs(), r.fast().contactMs(),
                    r.fallback().apdus(), r.fallback().sent(), r.fallback().received(), r.fallback().contactlessMs(),
                    r.fallback().contactMs()));
        }
        sb.append("min: round trips no client can avoid (one SELECT per application, one VERIFY per PIN, one READ per file, "
                + "one signature); measured columns include the lockout guard's one status query per PIN and session.\n");
        sb.append("NFC: 212 kbit/s + 4 ms per round trip. T=1: 9600 baud, 11 etu per byte, 4 framing bytes per block each way.\n");
        return sb.toString();
    }

    /**
     * The report as JSON.
     *
     * @param rows the measured rows
     * @return a JSON array, one object per operation
     */
    public static String json(List<Row> rows) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"operation\":\"%s\",\"minimumApdus\":%d,\"fast\":%s,\"fallback\":%s}",
                    r.operation(), r.minimumApdus(), json(r.fast()), json(r.fallback())));
        }
        return sb.append("]").toString();
    }

    private static String json(Count c) {
        return String.format(Locale.ROOT,
                "{\"apdus\":%d,\"bytesSent\":%d,\"bytesReceived\":%d,\"contactlessMs\":%.1f,\"contactT1Ms\":%.1f}",
                c.apdus(), c.sent(), c.received(), c.contactlessMs(), c.contactMs());
    }

    /**
     * Prints the report.
     *
     * @param args {@code --json} for JSON
     * @throws Exception when an operation fails
     */
    public static void main(String[] args) throws Exception {
        List<Row> rows = measure();
        System.out.print(args.length > 0 && args[0].equals("--json") ? json(rows) + "\n" : table(rows));
    }
}
