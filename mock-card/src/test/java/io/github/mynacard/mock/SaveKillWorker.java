package io.github.mynacard.mock;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run as a separate JVM by {@link KillDuringSaveTest}: loads a card from its state file, then sends
 * SELECT and one VERIFY of the user PIN, pausing inside the save at a chosen step so that the test
 * can kill the process there with SIGKILL. Prints {@code AT <step>} when it pauses, and
 * {@code DONE <SW>} if it was not killed.
 *
 * <p>Arguments: state file, step name ({@code temp created}, {@code written}, {@code forced},
 * {@code renamed}, {@code directory forced}), which save of the command (1 or 2), the PIN to send.
 */
final class SaveKillWorker {

    private SaveKillWorker() {
    }

    public static void main(String[] args) throws Exception {
        MynaCardEmulator card = MynaCardEmulator.load(Path.of(args[0]));
        String pauseAt = args[1];
        int save = Integer.parseInt(args[2]);
        AtomicInteger saves = new AtomicInteger();
        StateFiles.stepObserver = (step, tmp) -> {
            if (step.equals("temp created")) {
                saves.incrementAndGet();
            }
            if (step.equals(pauseAt) && saves.get() == save) {
                System.out.println("AT " + step);
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Apdus.sw(card, Apdus.SELECT_JPKI);
        System.out.println("DONE " + Apdus.sw(card, Apdus.verify(0x18, args[3])));
    }
}
