package io.github.mynacard.examples.cli;

import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.pcsc.PcscReaders;
import io.github.mynacard.pcsc.ReaderInfo;
import io.github.mynacard.pcsc.ReaderSelector;
import io.github.mynacard.transport.CardTransportException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mynacard emulator serve}: puts the emulated card into vsmartcard's virtual PC/SC reader
 * until stopped, saving every change to its state file.
 */
@Command(name = "serve", header = "Serve the emulated card through the vpcd virtual PC/SC reader until stopped.", mixinStandardHelpOptions = true,
        description = {"Serve the emulated card to PC/SC programs (pcscd, OpenSC, 'mynacard --reader') through "
            + "vsmartcard's virtual reader (vpcd), until stopped with Ctrl-C or SIGTERM. Every change (attempt spent, "
            + "PIN changed) is saved to the state file at once; a power-off or reset of the reader resets the card.",
            "The card is in the reader once vpcd speaks to it: when vpcd's port takes the connection but vpcd stays "
            + "silent for " + EmulatorServeCommand.UNHEARD_SECONDS + " s (another program holds that reader), the command ends with exit code 6; "
            + "while nothing listens on the port it keeps waiting.",
            "The card goes to vpcd on this machine only (a loopback --host): whoever reaches vpcd's port inserts a card. "
            + "Needs pcscd with vsmartcard-vpcd listening on loopback (see .ci/pcsc-stack.sh)."})
public final class EmulatorServeCommand extends BaseCommand {

    @Option(names = "--card", paramLabel = "FILE",
            description = "The emulated card's state file (default: ~/.mynacard/card.state, created when missing).")
    Path card;

    @Option(names = "--host", defaultValue = VpcdCardServer.DEFAULT_HOST,
            description = "Where vpcd listens: a loopback address (127.0.0.1, ::1, localhost); any other is refused (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + VpcdCardServer.DEFAULT_PORT, description = "vpcd's port (default: ${DEFAULT-VALUE}).")
    int port;

    /**
     * How long vpcd may leave an open connection unspoken to: it asks for the ATR within a fraction
     * of a second of taking one, so silence means it has not taken it.
     */
    static final int UNHEARD_SECONDS = 5;

    @Override
    protected int execute() throws Exception {
        Path file = card != null ? card : ctx().defaultCardFile();
        cardIs(file);
        if (port < 1 || port > 65535) {
            throw CliException.badInput("--port must be 1 to 65535");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw CliException.badInput("--host " + host + " is not a known host");
        }
        if (!address.isLoopbackAddress()) {
            throw CliException.badInput("--host " + host + " is not a loopback address: the card is served only to vpcd on"
                    + " this machine (127.0.0.1, ::1 or localhost)");
        }
        String where = host + ":" + port;
        MynaCardEmulator emulator = EmulatorCards.open(file, EmulatorCards.isDefault(card, ctx()), false, false, err());
        ctx().waitForStop();
        try (VpcdCardServer server = new VpcdCardServer(emulator, emulator::reset, address.getHostAddress(), port)) {
            server.start();
            progress("waiting for vpcd at " + where + " (pcscd with vsmartcard-vpcd; see .ci/pcsc-stack.sh)...");
            long waited = 0;
            long unheard = 0;
            boolean wasConnected = false;
            while (!stopRequested()) {
                boolean connected = server.awaitInReader(Duration.ofSeconds(1));
                if (connected && !wasConnected) {
                    progress(connectedLine(where) + "; serving " + file + ", Ctrl-C to stop");
                    waited = 0;
                } else if (!connected && wasConnected) {
                    progress("vpcd at " + where + " dropped the connection: the card left the reader; waiting for vpcd again...");
                } else if (!connected && server.isConnected()) {
                    if (++unheard >= UNHEARD_SECONDS) {
                        throw new CliException(ExitCodes.NO_READER_OR_CARD, "vpcd's port " + where + " took the "
                                + "connection, but vpcd did not ask for the card within " + UNHEARD_SECONDS + " s: another "
                                + "program (another 'mynacard emulator serve'?) holds that reader; the card is in no reader");
                    }
                } else if (!connected && ++waited % 5 == 0) {
                    progress("still waiting for vpcd at " + where + " (" + waited + " s)...");
                }
                if (!server.isConnected()) {
                    unheard = 0;
                }
                wasConnected = connected;
                if (connected) {
                    try {
                        ctx().stopSignal().get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        // look at the connection again
                    }
                }
            }
        } finally {
            emulator.close();
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("stopped", true);
            printJson(o);
        } else {
            out().println("Stopped. Every change is saved in " + file + ".");
        }
        return ExitCodes.OK;
    }

    /**
     * What is known once vpcd took the card (it has spoken to us): the reader pcscd shows it in, when pcscd lists exactly
     * one virtual reader of this port's slot holding a card within a few seconds.
     */
    private String connectedLine(String where) throws InterruptedException {
        String took = "connected to vpcd at " + where;
        int slot = port - VpcdCardServer.DEFAULT_PORT;
        if (slot < 0 || slot > 0xFF) {
            return took + " (not a port of vpcd's default slots, so its reader is not known here)";
        }
        String suffix = String.format(Locale.ROOT, " %02X", slot);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        try {
            while (true) {
                List<ReaderInfo> readers = PcscReaders.list().stream()
                        .filter(r -> ReaderSelector.isVirtualReader(r.name()) && r.name().endsWith(suffix) && r.cardPresent())
                        .toList();
                if (readers.size() == 1) {
                    return took + ": the card is in reader '" + readers.get(0).name() + "'";
                }
                if (System.nanoTime() > deadline || stopRequested()) {
                    return took + ", but pcscd lists " + (readers.isEmpty() ? "no" : readers.size())
                            + " virtual reader(s) of slot " + slot + " holding a card";
                }
                Thread.sleep(100);
            }
        } catch (CardTransportException e) {
            return took + " (pcscd's reader list could not be read: " + e.getMessage() + ")";
        }
    }

    private boolean stopRequested() {
        try {
            ctx().stopSignal().get(0, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
