package io.github.mynacard.examples.cli;

import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import java.nio.file.Path;
import java.time.Duration;
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
            "Needs pcscd with vsmartcard-vpcd (see .ci/pcsc-stack.sh)."})
public final class EmulatorServeCommand extends BaseCommand {

    @Option(names = "--card", paramLabel = "FILE",
            description = "The emulated card's state file (default: ~/.mynacard/card.state, created when missing).")
    Path card;

    @Option(names = "--host", defaultValue = VpcdCardServer.DEFAULT_HOST, description = "Where vpcd listens (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + VpcdCardServer.DEFAULT_PORT, description = "vpcd's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    protected int execute() throws Exception {
        Path file = card != null ? card : ctx().defaultCardFile();
        if (port < 1 || port > 65535) {
            throw CliException.badInput("--port must be 1 to 65535");
        }
        MynaCardEmulator emulator = EmulatorCards.open(file, false, err());
        ctx().waitForStop();
        try (VpcdCardServer server = new VpcdCardServer(emulator, emulator::reset, host, port)) {
            server.start();
            progress("waiting for vpcd on " + host + ":" + port + " (pcscd with vsmartcard-vpcd; see .ci/pcsc-stack.sh)...");
            long waited = 0;
            while (!server.awaitConnected(Duration.ofSeconds(1))) {
                if (stopRequested()) {
                    break;
                }
                waited++;
                if (waited % 5 == 0) {
                    progress("still waiting for vpcd on " + host + ":" + port + " (" + waited + " s)...");
                }
            }
            if (server.isConnected()) {
                progress("serving the emulated card " + file + " in the virtual reader (Virtual PCD); Ctrl-C to stop");
            }
            ctx().stopSignal().join();
        } finally {
            emulator.close();
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("card", file.toString());
            o.put("stopped", true);
            printJson(o);
        } else {
            out().println("Stopped. Every change is saved in " + file + ".");
        }
        return ExitCodes.OK;
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
