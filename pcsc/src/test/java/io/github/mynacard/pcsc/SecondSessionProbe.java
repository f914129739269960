package io.github.mynacard.pcsc;

import io.github.mynacard.transport.CardTransportException;
import java.time.Duration;

/**
 * Run in a separate JVM by {@link PcscStackTest}: tries to open a reader that another process holds
 * and prints {@code RESULT <reason or OPENED> <milliseconds>} on standard output.
 */
final class SecondSessionProbe {

    private SecondSessionProbe() {
    }

    public static void main(String[] args) {
        String reader = args[0];
        Duration bound = Duration.ofMillis(Long.parseLong(args[1]));
        long start = System.nanoTime();
        String result;
        try (PcscTransport transport = PcscTransport.open(ReaderSelector.nameContains(reader), Duration.ZERO, bound)) {
            result = "OPENED";
        } catch (CardTransportException e) {
            result = e.reason().name();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("RESULT " + result + " " + millis);
    }
}
