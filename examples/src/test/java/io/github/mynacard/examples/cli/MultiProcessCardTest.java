package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One emulated card, eight OS processes running the command line on it at the same time, as eight
 * terminals (or scripts) of one user would: every attempt a process is told it spent is spent on
 * the card, a PIN is blocked exactly when an answer said so, a process that waited at its prompt
 * while others blocked the PIN finds it blocked, and no acknowledged PIN change is undone.
 */
class MultiProcessCardTest {

    static final int PROCESSES = 8;
    private static final Pattern SW = Pattern.compile("\\[SW (63C[0-9A-F])");

    @TempDir
    static Path dir;
    static List<WorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    static void startWorkers() throws Exception {
        for (int i = 0; i < PROCESSES; i++) {
            workers.add(new WorkerProcess(dir));
        }
    }

    @AfterAll
    static void stopWorkers() throws Exception {
        for (WorkerProcess w : workers) {
            w.close();
        }
    }

    private static Path freshCard(String name) {
        Path f = dir.resolve(name);
        MynaCardEmulator.builder().stateFile(f).build();
        return f;
    }

    private static int remaining(Path card, PinKind kind) throws Exception {
        return MynaCardEmulator.load(card).remainingAttempts(kind);
    }

    /** The retry-counter answer an outcome reports (63Cx), or null. */
    private static String retryAnswer(WorkerProcess.Outcome o) {
        Matcher m = SW.matcher(o.err());
        return m.find() ? m.group(1) : null;
    }

    private static void wrongPinRounds(PinKind kind, String option, String wrong, int rounds) throws Exception {
        int max = kind.maxAttempts();
        int answered = 0;
        for (int round = 0; round < rounds; round++) {
            Path card = freshCard(option + "-" + round + ".state");
            List<WorkerProcess.Outcome> outcomes = WorkerProcess.all(workers, wrong + "\n", "verify", "--pin", option,
                    "--pin-stdin", "--allow-last-attempt", "--card", card.toString());
            List<String> answers = new ArrayList<>();
            for (WorkerProcess.Outcome o : outcomes) {
                String a = retryAnswer(o);
                assertTrue(o.code() == ExitCodes.WRONG_PIN || o.code() == ExitCodes.PIN_BLOCKED,
                        "round " + round + ": exit " + o.code() + ": " + o.err());
                if (a != null) {
                    answers.add(a);
                }
            }
            int spent = max - remaining(card, kind);
            String where = "round " + round + ", answers " + answers;
            assertEquals(answers.size(), spent, "attempts spent on the card vs attempts answered 63Cx, " + where);
            long blockedAnswers = answers.stream().filter("63C0"::equals).count();
            assertEquals(spent == max ? 1 : 0, blockedAnswers, "blocked exactly when an answer said so, " + where);
            for (int left = 0; left < Math.min(max, PROCESSES); left++) {
                String sw = String.format(Locale.ROOT, "63C%X", left);
                assertEquals(1, answers.stream().filter(sw::equals).count(), "one process was told " + sw + ", " + where);
            }
            answered += answers.size();
        }
        System.out.printf(Locale.ROOT, "MultiProcessCardTest: %s: %d processes x %d rounds, %d attempts answered and spent%n",
                kind, PROCESSES, rounds, answered);
    }

    @Test
    void eightProcessesSendingWrongUserPinsLoseNoAttempt() throws Exception {
        wrongPinRounds(PinKind.USER_AUTH, "user", "0000", 25);
    }

    @Test
    void eightProcessesSendingWrongSigningPasswordsLoseNoAttempt() throws Exception {
        wrongPinRounds(PinKind.SIGNING, "signing", "WRONG1", 20);
    }

    @Test
    void aProcessWaitingAtItsPromptFindsThePinBlockedByOthers() throws Exception {
        Path card = freshCard("stale.state");
        WorkerProcess waiting = workers.get(0);
        waiting.startAtTerminal("verify", "--pin", "user", "--card", card.toString());
        assertTrue(waiting.nextPrompt().contains("user-authentication PIN"));
        // meanwhile three other processes block the PIN
        List<WorkerProcess> others = workers.subList(1, 4);
        WorkerProcess.all(others, "0000\n", "verify", "--pin", "user", "--pin-stdin", "--allow-last-attempt", "--card",
                card.toString());
        assertEquals(0, remaining(card, PinKind.USER_AUTH));
        waiting.answer("0000");
        WorkerProcess.Outcome wrong = waiting.result();
        assertEquals(ExitCodes.PIN_BLOCKED, wrong.code(), wrong.err());
        assertEquals(0, remaining(card, PinKind.USER_AUTH), "the blocked PIN stays blocked");
        // and the right PIN, typed by the same person, is refused too
        waiting.startAtTerminal("verify", "--pin", "user", "--card", card.toString());
        WorkerProcess.Outcome right = waiting.result(); // refused before the prompt: the PIN is blocked
        assertEquals(ExitCodes.PIN_BLOCKED, right.code(), right.err());
        workers.get(1).start(MynaCardEmulator.DEFAULT_USER_PIN + "\n", "verify", "--pin", "user", "--pin-stdin", "--card",
                card.toString());
        assertEquals(ExitCodes.PIN_BLOCKED, workers.get(1).result().code());
        assertEquals(0, remaining(card, PinKind.USER_AUTH));
    }

    @Test
    void aProcessWaitingAtItsPromptAsksAgainWhenOthersLeftOneAttempt() throws Exception {
        Path card = freshCard("stale-last.state");
        WorkerProcess waiting = workers.get(0);
        waiting.startAtTerminal("verify", "--pin", "user", "--card", card.toString());
        waiting.nextPrompt();
        WorkerProcess.all(workers.subList(1, 3), "0000\n", "verify", "--pin", "user", "--pin-stdin", "--card",
                card.toString());
        assertEquals(1, remaining(card, PinKind.USER_AUTH));
        waiting.answer("0000");
        assertTrue(waiting.nextPrompt().contains("last attempt"), "the guard asks before the last attempt goes out");
        waiting.answer("no");
        WorkerProcess.Outcome o = waiting.result();
        assertEquals(ExitCodes.LAST_ATTEMPT_REFUSED, o.code(), o.err());
        assertEquals(1, remaining(card, PinKind.USER_AUTH), "nothing was sent");
    }

    @Test
    void noAcknowledgedPinChangeIsLostAmongOtherProcessesCommands() throws Exception {
        Path card = freshCard("changes.state");
        String[] owned = {"user", "card-info", "resident"};
        String[] current = {MynaCardEmulator.DEFAULT_USER_PIN, MynaCardEmulator.DEFAULT_CARD_INFO_PIN,
            MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN};
        String[] values = {"2580", "3691", "4702", "5813", "6924", "7035", "8146", "9257", "1368", "2479", "3580", "4691",
            "5702", "6813", "7924", "8035", "9146", "1257"};
        int rounds = 16; // even: the last round restores the signing counter
        int changes = 0;
        for (int round = 0; round < rounds; round++) {
            for (int w = 0; w < 3; w++) {
                String next = values[(round + 6 * w) % values.length];
                workers.get(w).start(current[w] + "\n" + next + "\n", "change-pin", "--pin", owned[w], "--pin-stdin", "--card",
                        card.toString());
            }
            for (int w = 3; w < 7; w++) { // spend and restore signing attempts: every one a write of the card
                String pin = round % 2 == 0 ? "WRONG1" : MynaCardEmulator.DEFAULT_SIGNING_PIN;
                workers.get(w).start(pin + "\n", "verify", "--pin", "signing", "--pin-stdin", "--allow-last-attempt", "--card",
                        card.toString());
            }
            workers.get(7).start("", "status", "--json", "--card", card.toString());
            for (int w = 0; w < 3; w++) {
                WorkerProcess.Outcome o = workers.get(w).result();
                assertEquals(ExitCodes.OK, o.code(), "round " + round + ", change of the " + owned[w] + " PIN: " + o.err());
                current[w] = values[(round + 6 * w) % values.length];
                changes++;
            }
            for (int w = 3; w < 8; w++) {
                WorkerProcess.Outcome o = workers.get(w).result();
                assertTrue(o.code() == ExitCodes.OK || o.code() == ExitCodes.WRONG_PIN, "round " + round + ": " + o.err());
            }
        }
        for (int w = 0; w < 3; w++) {
            workers.get(w).start(current[w] + "\n", "verify", "--pin", owned[w], "--pin-stdin", "--card", card.toString());
            WorkerProcess.Outcome o = workers.get(w).result();
            assertEquals(ExitCodes.OK, o.code(), "the last acknowledged " + owned[w] + " PIN: " + o.err());
        }
        assertEquals(5, remaining(card, PinKind.SIGNING));
        assertTrue(Files.exists(card));
        System.out.printf(Locale.ROOT, "MultiProcessCardTest: %d acknowledged PIN changes among %d other processes, none lost%n",
                changes, PROCESSES - 3);
    }
}
