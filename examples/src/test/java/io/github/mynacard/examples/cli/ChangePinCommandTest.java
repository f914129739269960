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
        assertWeakRefusal(r);
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

    /** The refusal of a weak new PIN: exit 2, one line that speaks of the new PIN and names --allow-weak. */
    private static void assertWeakRefusal(Result r) {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().startsWith("mynacard: error: new "), r.err());
        assertTrue(r.err().contains("--allow-weak"), r.err());
        assertTrue(r.err().contains("was not changed"), r.err());
    }

    private void assertAllCountersFull() throws Exception {
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), loadCard().remainingAttempts(k), k.name());
        }
    }

    /**
     * The holder's birth date (1990-04-01 on the default card) is refused as a new PIN before
     * anything is sent: the old PIN stays, no attempt is spent; --allow-weak takes it.
     */
    private void assertBirthDateRefusedUnlessAllowed(String kind, String current, String birthDatePin) throws Exception {
        newCard().close();
        String[] args = {"change-pin", "--pin", kind, "--card", card.toString(), "--pin-stdin"};
        Result r = stdin(current + "\n" + birthDatePin + "\n", args);
        assertWeakRefusal(r);
        assertTrue(r.err().contains("birth date"), r.err());
        assertAllCountersFull();
        Result old = stdin(current + "\n", "verify", "--pin", kind, "--card", card.toString(), "--pin-stdin");
        assertEquals(0, old.code(), birthDatePin + ": the old PIN no longer verifies: " + old.err());

        Result allowed = stdin(current + "\n" + birthDatePin + "\n", "change-pin", "--pin", kind, "--card", card.toString(),
                "--pin-stdin", "--allow-weak");
        assertEquals(0, allowed.code(), birthDatePin + ": " + allowed.err());
        assertEquals(0, stdin(birthDatePin + "\n", "verify", "--pin", kind, "--card", card.toString(), "--pin-stdin").code());
    }

    @Test
    void refusesTheHoldersBirthDateAsANewFourDigitPinUnlessAllowed() throws Exception {
        for (String pin : new String[] {"0401", "9004", "1990"}) { // MMDD, YYMM, YYYY
            assertBirthDateRefusedUnlessAllowed("user", "4821", pin);
        }
        assertBirthDateRefusedUnlessAllowed("card-info", "7364", "0401");
        assertBirthDateRefusedUnlessAllowed("resident", "5930", "1990");
    }

    @Test
    void refusesASigningPasswordContainingTheHoldersBirthDateUnlessAllowed() throws Exception {
        assertBirthDateRefusedUnlessAllowed("signing", "MYNA2026", "AB19900401"); // YYYYMMDD inside
        assertBirthDateRefusedUnlessAllowed("signing", "MYNA2026", "X900401Y"); // YYMMDD inside
    }

    @Test
    void aBirthDateNewPinCostsNoAttemptEvenWithAWrongCurrentPin() throws Exception {
        newCard().close();
        Result r = stdin("1111\n0401\n", "change-pin", "--pin", "user", "--card", card.toString(), "--pin-stdin");
        assertWeakRefusal(r);
        assertAllCountersFull();
    }

    @Test
    void aTrivialNewPinNamesAllowWeak() throws Exception {
        newCard().close();
        for (String pin : new String[] {"1234", "0000", "9876"}) {
            Result r = stdin("4821\n" + pin + "\n", "change-pin", "--pin", "user", "--card", card.toString(), "--pin-stdin");
            assertWeakRefusal(r);
            assertTrue(r.err().contains("trivially guessable"), r.err());
        }
        assertAllCountersFull();
        assertEquals(0, stdin("4821\n", "verify", "--pin", "user", "--card", card.toString(), "--pin-stdin").code());
    }
}
