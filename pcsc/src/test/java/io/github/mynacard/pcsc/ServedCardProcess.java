package io.github.mynacard.pcsc;

import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.transport.CardTransport;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link KillMidVerifyTest}: serves the emulated card kept in a state file
 * (every change saved before the answer) to vpcd, and pauses around each VERIFY that carries a PIN so
 * that the test can kill this process at a known point. Prints {@code SERVING} once connected, and
 * {@code VERIFY-RECEIVED} / {@code VERIFY-ANSWERED} around the card's work.
 *
 * <p>Arguments: state file, vpcd port, {@code before} (pause before the card sees the VERIFY) or
 * {@code after} (pause after the card answered it, before the answer leaves), pause in ms.
 */
final class ServedCardProcess {

    private ServedCardProcess() {
    }

    public static void main(String[] args) throws Exception {
        MynaCardEmulator card = MynaCardEmulator.load(Path.of(args[0]));
        int port = Integer.parseInt(args[1]);
        boolean before = args[2].equals("before");
        long pause = Long.parseLong(args[3]);
        InterruptibleTransport pausing = cmd -> {
            boolean verifyWithPin = cmd.length > 5 && cmd[1] == 0x20;
            if (verifyWithPin) {
                System.out.println("VERIFY-RECEIVED");
                System.out.flush();
                if (before) {
                    Thread.sleep(pause);
                }
            }
            byte[] r = card.transmit(cmd);
            if (verifyWithPin) {
                System.out.println("VERIFY-ANSWERED");
                System.out.flush();
                if (!before) {
                    Thread.sleep(pause);
                }
            }
            return r;
        };
        VpcdCardServer server = new VpcdCardServer(wrap(pausing), card::reset, VpcdCardServer.DEFAULT_HOST, port).start();
        if (!server.awaitConnected(java.time.Duration.ofSeconds(10))) {
            System.out.println("NO-VPCD");
            System.exit(2);
        }
        System.out.println("SERVING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Lets the lambda above throw InterruptedException as an IOException. */
    private static CardTransport wrap(InterruptibleTransport t) {
        return cmd -> {
            try {
                return t.transmit(cmd);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        };
    }

    @FunctionalInterface
    private interface InterruptibleTransport {
        byte[] transmit(byte[] cmd) throws java.io.IOException, InterruptedException;
    }
}
