package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangePinCommandTest extends CliTestBase {

    @Test
    void changesAPinFromStandardInput() {
        newCard().close();
        Result r = stdin("4821\n2580\n", "change-pin", "--pin", "user", "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Changed the user-authentication PIN"), r.out());
        assertEquals(0, stdin("2580\n", "verify", "--pin", "user", "--card", card.toString(), "--pin-stdin").code());
    }

    @Test
    void changesTheSigningPasswordFromTheEnvironment() {
        newCard().close();
        Result r = run("", Map.of("OLD", "MYNA2026", "NEW", "NEWPASS9"), null, "change-pin", "--pin", "signing",
                "--card", card.toString(), "--pin-env", "OLD", "--new-pin-env", "NEW", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"changed\":true"), r.out());
        Result half = run("", Map.of("OLD", "NEWPASS9"), null, "change-pin", "--pin", "signing", "--card", card.toString(),
                "--pin-env", "OLD");
        assertEquals(2, half.code());
        assertTrue(half.err().contains("--new-pin-env"), half.err());
    }

    @Test
    void refusesAWeakNewPinWithoutSpending() throws Exception {
        newCard().close();
        Result r = stdin("4821\n1234\n", "change-pin", "--pin", "user", "--card", card.toString(), "--pin-stdin");
        assertEquals(2, r.code());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
        Result weakOk = stdin("4821\n1234\n", "change-pin", "--pin", "user", "--card", card.toString(), "--pin-stdin", "--allow-weak");
        assertEquals(0, weakOk.code(), weakOk.err());
    }

    @Test
    void interactiveNewPinIsTypedTwice() {
        newCard().close();
        FakeTerminal t = new FakeTerminal("7364", "2468", "2469");
        Result r = run("", Map.of(), t, "change-pin", "--pin", "card-info", "--card", card.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("differ"), r.err());
    }
}
