package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.LastAttempt;
import io.github.mynacard.LastAttemptException;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.transport.CardTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card kept in a state file is shared between sessions (emulator objects, processes) between
 * two commands: the library's last-attempt guard decides on the counter as it is when the PIN goes
 * out, inside a transaction that no other session's command enters; and the file's lock can be
 * taken by its owner whatever mode the card file has.
 */
class SharedCardTransactionTest {

    @TempDir
    Path dir;

    @Test
    void theGuardDecidesOnTheCounterAsItIsWhenThePinGoesOut() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        try (MynaCard first = MynaCard.open(MynaCardEmulator.load(file));
                MynaCard second = MynaCard.open(MynaCardEmulator.load(file))) {
            assertEquals(3, first.pinStatus(PinKind.USER_AUTH).remaining(), "the first session has seen three attempts");
            for (int i = 0; i < 2; i++) { // meanwhile another session spends two
                assertThrows(WrongPinException.class, () -> second.verifyUserPin("0000".toCharArray()));
            }
            assertThrows(LastAttemptException.class, () -> first.verifyUserPin("0000".toCharArray()),
                    "the first session's knowledge is stale: it must ask the card again and refuse");
            assertEquals(1, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH), "nothing was sent");
            first.verifyUserPin(MynaCardEmulator.DEFAULT_USER_PIN.toCharArray(), LastAttempt.ALLOW);
            assertEquals(3, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
        }
    }

    @Test
    void aTransactionKeepsOtherSessionsOutUntilItEnds() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        MynaCardEmulator holder = MynaCardEmulator.load(file);
        MynaCardEmulator other = MynaCardEmulator.load(file);
        CompletableFuture<Integer> waiting;
        try (CardTransaction t = holder.beginTransaction()) {
            assertTrue(t.shared(), "a card in a state file is shared between sessions");
            waiting = CompletableFuture.supplyAsync(() -> other.remainingAttempts(PinKind.USER_AUTH));
            Thread.sleep(300);
            assertFalse(waiting.isDone(), "another session's command waits for the transaction");
            try (MynaCard card = MynaCard.open(holder)) { // the holder's own commands go through
                assertThrows(WrongPinException.class, () -> card.verifyUserPin("0000".toCharArray()));
            }
        }
        assertEquals(2, waiting.get(5, TimeUnit.SECONDS), "after the transaction it sees the attempt spent in it");
        try (CardTransaction t = MynaCardEmulator.createDefault().beginTransaction()) {
            assertFalse(t.shared(), "a card in memory only is its one session's");
        }
    }

    @Test
    void theOwnerOfAReadOnlyCardFileCanStillTakeItsLock() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        Path lock = dir.resolve(".card.state.lock");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("r--r--r--")); // as an earlier version left it
        MynaCardEmulator card = MynaCardEmulator.load(file);
        assertEquals(3, card.remainingAttempts(PinKind.USER_AUTH));
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(lock);
        assertTrue(mode.contains(PosixFilePermission.OWNER_WRITE) && mode.contains(PosixFilePermission.OWNER_READ),
                "the lock file is its owner's to write again: " + PosixFilePermissions.toString(mode));
        assertFalse(mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE),
                "and no one else's more than the card file allows: " + PosixFilePermissions.toString(mode));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
