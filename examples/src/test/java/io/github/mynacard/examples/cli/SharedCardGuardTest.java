package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Eight OS processes on one emulated card at the edges where the cross-process lock and the
 * last-attempt guard must hold:
 *
 * <ul>
 *   <li>a card file made read-only ({@code chmod 444}) by its owner, who is not root: the
 *       processes run as that user (as {@code nobody} through {@code setpriv} when the test runs as
 *       root, as in CI; as the current user otherwise), so the file's mode really binds them. No
 *       attempt answered is lost, and a PIN blocked by one process is never unblocked by another.</li>
 *   <li>processes without {@code --allow-last-attempt}: the guard decides on the counter as it is
 *       when the PIN goes out, so the PIN is never blocked, and every refusal is exit 5 with
 *       nothing sent.</li>
 * </ul>
 */
class SharedCardGuardTest {

    static final int PROCESSES = 8;
    static final int ROUNDS = 10;
    private static final Pattern SW = Pattern.compile("\\[SW (63C[0-9A-F])");

    /** A directory the workers' user owns (not under JUnit's root-only temporary directory). */
    static Path dir;
    static List<WorkerProcess> owner = new ArrayList<>();
    static List<WorkerProcess> workers = new ArrayList<>();
    static boolean asNobody;

    @BeforeAll
    static void startWorkers() throws Exception {
        asNobody = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("mynacard-shared-card");
        List<String> prefix = List.of();
        String classPath = System.getProperty("java.class.path");
        if (asNobody) {
            Path lib = Files.createDirectories(dir.resolve("lib"));
            classPath = readableClassPath(lib);
            prefix = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path home = Files.createDirectories(dir.resolve("home"));
            chownNobody(home);
        } else {
            Files.createDirectories(dir.resolve("home"));
        }
        for (int i = 0; i < PROCESSES; i++) {
            owner.add(new WorkerProcess(dir.resolve("home"), prefix, classPath));
        }
        for (int i = 0; i < PROCESSES; i++) {
            workers.add(new WorkerProcess(dir.resolve("home")));
        }
    }

    @AfterAll
    static void stopWorkers() throws Exception {
        for (WorkerProcess w : owner) {
            w.close();
        }
        for (WorkerProcess w : workers) {
            w.close();
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- a read-only card file owned by the processes' (non-root) user

    @Test
    void readOnlyCardFileLosesNoAttemptAmongEightProcesses() throws Exception {
        int answered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path card = readOnlyCard("ro-wrong-" + round, 0);
            List<WorkerProcess.Outcome> outcomes = WorkerProcess.all(owner, "WRONG1\n", "verify", "--pin", "signing",
                    "--pin-stdin", "--allow-last-attempt", "--card", card.toString());
            List<String> answers = new ArrayList<>();
            for (WorkerProcess.Outcome o : outcomes) {
                assertTrue(o.code() == ExitCodes.WRONG_PIN || o.code() == ExitCodes.PIN_BLOCKED,
                        "round " + round + ": exit " + o.code() + ": " + o.err());
                String a = retryAnswer(o);
                if (a != null) {
                    answers.add(a);
                }
            }
            int spent = PinKind.SIGNING.maxAttempts() - remaining(card, PinKind.SIGNING);
            assertEquals(answers.size(), spent, "round " + round + ": attempts spent on the card vs answered 63Cx " + answers);
            assertEquals(PinKind.SIGNING.maxAttempts(), spent, "round " + round + ": eight wrong passwords block the PIN");
            assertEquals(1, answers.stream().filter("63C0"::equals).count(), "round " + round + ": one process blocked it");
            assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(card)),
                    "the card file stays read-only");
            answered += answers.size();
        }
        System.out.printf(Locale.ROOT, "SharedCardGuardTest: read-only card file, %s, %d processes x %d rounds: %d answered, "
                + "%d spent, 0 lost%n", asNobody ? "processes as nobody" : "processes as its owner", PROCESSES, ROUNDS,
                answered, answered);
    }

    @Test
    void readOnlyCardFileKeepsABlockedPinBlocked() throws Exception {
        int blockedRounds = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path card = readOnlyCard("ro-mixed-" + round, PinKind.SIGNING.maxAttempts() - 1);
            for (int w = 0; w < PROCESSES; w++) {
                String pin = w % 2 == round % 2 ? "WRONG1" : MynaCardEmulator.DEFAULT_SIGNING_PIN;
                owner.get(w).start(pin + "\n", "verify", "--pin", "signing", "--pin-stdin", "--allow-last-attempt",
                        "--card", card.toString());
            }
            int ok = 0;
            int toldBlocked = 0;
            for (int w = 0; w < PROCESSES; w++) {
                WorkerProcess.Outcome o = owner.get(w).result();
                if (o.code() == ExitCodes.OK) {
                    ok++;
                } else {
                    assertTrue(o.code() == ExitCodes.WRONG_PIN || o.code() == ExitCodes.PIN_BLOCKED,
                            "round " + round + ": exit " + o.code() + ": " + o.err());
                    if (o.code() == ExitCodes.PIN_BLOCKED) {
                        toldBlocked++;
                    }
                }
            }
            int left = remaining(card, PinKind.SIGNING);
            String where = "round " + round + ": " + ok + " accepted, " + toldBlocked + " told blocked, " + left + " left";
            if (toldBlocked > 0) {
                blockedRounds++;
                assertEquals(0, left, "a process was told the PIN is blocked, so it stays blocked; " + where);
            } else {
                assertTrue(left > 0 && ok > 0, "a right password went out before any wrong one could block it; " + where);
            }
        }
        System.out.printf(Locale.ROOT, "SharedCardGuardTest: read-only card file, one attempt left, right and wrong passwords "
                + "mixed: %d processes x %d rounds, blocked in %d rounds, never unblocked%n", PROCESSES, ROUNDS, blockedRounds);
    }

    // ---- the last-attempt guard decides on the counter as it is when the PIN goes out

    private static void guardRounds(PinKind kind, String option, String stdin, int rounds, String... command) throws Exception {
        int max = kind.maxAttempts();
        int refused = 0;
        for (int round = 0; round < rounds; round++) {
            Path card = dir.resolve("guard-" + option + "-" + command[0] + "-" + round + ".state");
            MynaCardEmulator.builder().stateFile(card).build();
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--pin", option, "--pin-stdin", "--card", card.toString()));
            List<WorkerProcess.Outcome> outcomes = WorkerProcess.all(workers, stdin, args.toArray(String[]::new));
            int wrong = 0;
            int ok = 0;
            for (WorkerProcess.Outcome o : outcomes) {
                String where = "round " + round + ": exit " + o.code() + ": " + o.err();
                switch (o.code()) {
                    case ExitCodes.OK -> ok++;
                    case ExitCodes.WRONG_PIN -> wrong++;
                    case ExitCodes.LAST_ATTEMPT_REFUSED -> {
                        refused++;
                        assertTrue(o.err().contains("nothing was sent"), where);
                    }
                    default -> throw new AssertionError("neither a wrong PIN nor the guard's refusal; " + where);
                }
            }
            int left = remaining(card, kind);
            String where = "round " + round + ": " + ok + " ok, " + wrong + " wrong, " + left + " left";
            assertEquals(1, left, "the last attempt is never spent without --allow-last-attempt; " + where);
            assertEquals(max - 1, wrong, "every attempt spent was answered as a wrong PIN, the rest sent nothing; " + where);
        }
        System.out.printf(Locale.ROOT, "SharedCardGuardTest: %s %s without --allow-last-attempt: %d processes x %d rounds, "
                + "never blocked, %d refusals (exit 5, nothing sent)%n", String.join(" ", command), option, PROCESSES, rounds,
                refused);
    }

    @Test
    void wrongUserPinsWithoutAllowLastAttemptNeverBlockThePin() throws Exception {
        guardRounds(PinKind.USER_AUTH, "user", "0000\n", ROUNDS, "verify");
    }

    @Test
    void wrongSigningPasswordsWithoutAllowLastAttemptNeverBlockThePin() throws Exception {
        guardRounds(PinKind.SIGNING, "signing", "WRONG1\n", ROUNDS, "verify");
    }

    @Test
    void changesWithTheOldPinWithoutAllowLastAttemptNeverBlockThePin() throws Exception {
        // the first change succeeds; the others' old PIN is wrong from then on
        guardRounds(PinKind.USER_AUTH, "user", MynaCardEmulator.DEFAULT_USER_PIN + "\n2580\n", 5, "change-pin");
    }

    /** Copies the class path where any user can read it. */
    private static String readableClassPath(Path lib) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(e);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = lib.resolve((n++) + (Files.isDirectory(from) ? "" : ".jar"));
            if (Files.isDirectory(from)) {
                Files.walkFileTree(from, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                        Files.createDirectories(to.resolve(from.relativize(d).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                        Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        try (Stream<Path> all = Files.walk(lib)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void chownNobody(Path p) throws Exception {
        Process chown = new ProcessBuilder("chown", "-R", "65534:65534", p.toString()).inheritIO().start();
        assertEquals(0, chown.waitFor(), "chown to nobody");
    }

    /** A fresh card in a directory of its own, owned by the workers' user, read-only. */
    private static Path readOnlyCard(String name, int wrongSigningFirst) throws Exception {
        Path cardDir = Files.createDirectories(dir.resolve(name));
        Path card = cardDir.resolve("card.state");
        spendWrong(MynaCardEmulator.builder().stateFile(card).build(), PinKind.SIGNING, wrongSigningFirst);
        if (asNobody) {
            chownNobody(cardDir);
        }
        Files.setPosixFilePermissions(card, PosixFilePermissions.fromString("r--r--r--"));
        // as the audit did: one command by the owner after the chmod (the lock file takes the card's mode)
        owner.get(0).start("", "status", "--json", "--card", card.toString());
        WorkerProcess.Outcome st = owner.get(0).result();
        assertEquals(ExitCodes.OK, st.code(), st.err());
        return card;
    }

    /** Spends attempts with a wrong PIN through the library, as a holder would have earlier. */
    private static void spendWrong(MynaCardEmulator card, PinKind kind, int times) throws Exception {
        char[] wrong = (kind == PinKind.SIGNING ? "WRONG1" : "0000").toCharArray();
        try (MynaCard c = MynaCard.open(card)) {
            for (int i = 0; i < times; i++) {
                try {
                    c.verifyPin(kind, wrong, LastAttempt.ALLOW);
                } catch (WrongPinException expected) {
                    // spent, as wanted
                }
            }
        }
    }

    private static int remaining(Path card, PinKind kind) throws Exception {
        return MynaCardEmulator.load(card).remainingAttempts(kind);
    }

    private static String retryAnswer(WorkerProcess.Outcome o) {
        Matcher m = SW.matcher(o.err());
        return m.find() ? m.group(1) : null;
    }
}
