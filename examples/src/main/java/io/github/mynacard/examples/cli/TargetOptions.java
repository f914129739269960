package io.github.mynacard.examples.cli;

import io.github.mynacard.MynaCard;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.pcsc.PcscReaders;
import io.github.mynacard.pcsc.PcscTransport;
import io.github.mynacard.pcsc.ReaderInfo;
import io.github.mynacard.pcsc.ReaderSelector;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.TracingTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which card a command works on: by default the emulated card of {@code ~/.mynacard/card.state}
 * (created when missing), another state file with {@code --card}, or a card in a PC/SC reader with
 * {@code --reader}.
 */
public final class TargetOptions {

    @Option(names = "--card", paramLabel = "FILE",
            description = "Emulated card state file (default: ~/.mynacard/card.state, created with the default test data when "
                + "missing; another FILE must exist: make it with 'emulator init --card FILE' or --fresh).")
    Path card;

    @Option(names = "--fresh", description = "Start a new emulated card with the default test data in the state file; an "
            + "existing file is replaced only when it is an emulated card with every counter full, unless --force.")
    boolean fresh;

    @Option(names = "--force", description = "With --fresh: replace the state file even when its card has spent attempts "
            + "or it is not a card state file.")
    boolean force;

    @Option(names = "--reader", paramLabel = "NAME",
            description = "Use a real card through PC/SC: part of the reader's name, its index (0, 1, ...), or 'auto' for the first reader with a My Number Card.")
    String reader;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "With --reader: how long to wait for a card to be inserted (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--compatible",
            description = "Use short APDUs only (SELECT and 256-byte reads), for readers that cannot carry extended-length "
                + "APDUs or short EF identifiers; also MYNACARD_COMPATIBLE=1. Without it the fast forms are tried first "
                + "and the session falls back by itself when the card or reader refuses them.")
    boolean compatible;

    @Option(names = "--trace",
            description = "Print every exchange with the card on standard error, one 'mynacard: trace: > COMMAND' and one "
                + "'mynacard: trace: < ANSWER (N us)' line each, with PINs and personal data masked: safe to paste into a bug "
                + "report. Standard output (--json too) stays as it is.")
    boolean trace;

    /** The environment variable that asks for the compatible path, as {@code --compatible} does. */
    static final String COMPATIBLE_ENV = "MYNACARD_COMPATIBLE";

    /**
     * @param ctx the process context
     * @return the read strategy: compatible with {@code --compatible} or {@code MYNACARD_COMPATIBLE=1}
     *     (or {@code true}/{@code yes}), fast otherwise
     */
    ReadStrategy strategy(CliContext ctx) {
        String env = ctx.env(COMPATIBLE_ENV);
        boolean fromEnv = env != null && (env.equals("1") || env.equalsIgnoreCase("true") || env.equalsIgnoreCase("yes"));
        return compatible || fromEnv ? ReadStrategy.COMPATIBLE : ReadStrategy.FAST;
    }

    /**
     * Opens the chosen card.
     *
     * @param ctx the process context (home directory)
     * @param err where progress goes
     * @return the open card
     * @throws CliException for conflicting options or an unusable state file
     * @throws java.io.IOException when the reader or card cannot be reached
     */
    CardSession open(CliContext ctx, PrintWriter err) throws CliException, java.io.IOException {
        Link link = openLink(ctx, err);
        return new CardSession(MynaCard.open(link.transport(), strategy(ctx)), link.emulator(), link.stateFile(),
                link.reader() == null ? null : link.reader().readerName());
    }

    /**
     * The chosen card's link, gated and traced, without the typed operations on it (for the card
     * report, which sends its own fixed script).
     *
     * @param transport the link to send on
     * @param emulator the emulated card, or null for a card in a reader
     * @param stateFile the emulated card's state file, or null
     * @param reader the reader's transport (name, ATR, protocol), or null for the emulated card
     */
    record Link(CardTransport transport, MynaCardEmulator emulator, Path stateFile, PcscTransport reader)
            implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            transport.close();
        }
    }

    /**
     * Opens the chosen card's link, as {@link #open} does.
     *
     * @param ctx the process context (home directory)
     * @param err where progress goes
     * @return the link
     * @throws CliException for conflicting options or an unusable state file
     * @throws java.io.IOException when the reader or card cannot be reached
     */
    Link openLink(CliContext ctx, PrintWriter err) throws CliException, java.io.IOException {
        if (reader != null) {
            if (card != null || fresh || force) {
                throw CliException.badInput("--reader cannot be combined with --card, --fresh or --force");
            }
            if (waitSeconds < 0) {
                throw CliException.badInput("--wait must not be negative");
            }
            ReaderSelector selector = selector();
            if (reader.strip().equalsIgnoreCase("auto")) {
                noteVirtualReaders(err);
            }
            if (waitSeconds > 0) {
                err.println("mynacard: waiting up to " + waitSeconds + " s for a card in reader '" + reader + "'...");
                err.flush();
            }
            PcscTransport t = PcscTransport.open(selector, Duration.ofSeconds(waitSeconds));
            return new Link(ctx.gate(traced(t, err)), null, null, t);
        }
        if (force && !fresh) {
            throw CliException.badInput("--force goes with --fresh (it lets --fresh replace a used card)");
        }
        Path file = cardFile(ctx);
        MynaCardEmulator emulator = EmulatorCards.open(file, EmulatorCards.isDefault(card, ctx), fresh, force, err);
        return new Link(ctx.gate(traced(emulator, err)), emulator, file, null);
    }

    /**
     * With {@code --trace}: the card's transport wrapped so that each exchange, masked (PIN data,
     * and the data of every read from a file that may hold personal data), is printed on standard
     * error; without it, the transport itself.
     *
     * @param t the card's transport
     * @param err standard error
     * @return the transport to open the card with
     */
    CardTransport traced(CardTransport t, PrintWriter err) {
        if (!trace) {
            return t;
        }
        return new TracingTransport(t, (command, response, nanos) -> {
            err.println(TRACE + "> " + command);
            err.println(TRACE + "< " + plainFailure(response) + " (" + nanos / 1000 + " us)");
            err.flush();
        });
    }

    /** How every trace line starts. */
    static final String TRACE = "mynacard: trace: ";

    /**
     * The trace's answer, with a failed exchange said in the command line's words (the error
     * itself is reported when the command ends).
     */
    private static String plainFailure(String response) {
        if (!response.startsWith("failed:")) {
            return response;
        }
        if (response.contains("extended-length")) {
            return "no answer: the reader cannot carry extended-length APDUs; going on with short APDUs";
        }
        return "no answer: the exchange with the card failed";
    }

    /** Says, in one line, which virtual readers {@code --reader auto} skips (see ReaderSelector). */
    private static void noteVirtualReaders(PrintWriter err) {
        List<String> virtual = new ArrayList<>();
        String first = null;
        try {
            for (ReaderInfo r : PcscReaders.list()) {
                if (ReaderSelector.isVirtualReader(r.name())) {
                    first = first == null ? r.name() : first;
                    virtual.add("'" + r.name() + "'" + (r.cardPresent() ? " (holding a card)" : ""));
                }
            }
        } catch (CardTransportException e) {
            return; // opening the reader reports it
        }
        if (!virtual.isEmpty()) {
            err.println("mynacard: --reader auto skips virtual readers, where any program can put a card: "
                    + String.join(", ", virtual) + "; to use one, name it: --reader '" + first + "'");
            err.flush();
        }
    }

    /**
     * @param ctx the process context
     * @return the state file of the emulated card: {@code --card}, or the default
     */
    Path cardFile(CliContext ctx) {
        return card != null ? card : ctx.defaultCardFile();
    }

    private ReaderSelector selector() throws CliException {
        String r = reader.strip();
        if (r.isEmpty()) {
            throw CliException.badInput("--reader needs a reader name, an index or 'auto'");
        }
        if (r.equalsIgnoreCase("auto")) {
            return ReaderSelector.firstJpkiCard();
        }
        if (r.chars().allMatch(Character::isDigit) && r.length() <= 3) {
            return ReaderSelector.index(Integer.parseInt(r));
        }
        return ReaderSelector.nameContains(r);
    }
}
