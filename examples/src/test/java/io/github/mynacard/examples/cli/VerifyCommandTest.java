package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyCommandTest extends CliTestBase {

    @Test
    void rightAndWrongPins() throws Exception {
        newCard().close();
        Result ok = stdin("MYNA2026\n", "verify", "--card", card.toString(), "--pin", "signing", "--pin-stdin");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("Correct"), ok.out());
        Result wrong = stdin("5931\n", "verify", "--card", card.toString(), "--pin", "resident", "--pin-stdin");
        assertEquals(3, wrong.code());
        assertEquals(2, loadCard().remainingAttempts(PinKind.RESIDENT_REGISTRY));
        Result json = run("", Map.of("P", "4821"), null, "verify", "--card", card.toString(), "--pin", "user", "--pin-env", "P", "--json");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"verified\":true,\"remaining\":3"), json.out());
    }

    @Test
    void lastAttemptIsRefusedByTheGuardWithoutATerminal() throws Exception {
        newCard().close();
        spend(PinKind.USER_AUTH, 2);
        Result r = stdin("0000\n", "verify", "--card", card.toString(), "--pin", "user", "--pin-stdin");
        assertEquals(5, r.code());
        assertTrue(r.err().contains("--allow-last-attempt"), r.err());
        assertEquals(1, loadCard().remainingAttempts(PinKind.USER_AUTH));
        Result allowed = stdin("0000\n", "verify", "--card", card.toString(), "--pin", "user", "--pin-stdin", "--allow-last-attempt");
        assertEquals(4, allowed.code());
        assertEquals(0, loadCard().remainingAttempts(PinKind.USER_AUTH));
        Result blocked = stdin("4821\n", "verify", "--card", card.toString(), "--pin", "user", "--pin-stdin");
        assertEquals(4, blocked.code());
        assertTrue(blocked.err().contains("municipal office"), blocked.err());
    }

    @Test
    void interactiveLastAttemptAsksForConfirmation() throws Exception {
        newCard().close();
        spend(PinKind.CARD_INFO_INPUT, 2);
        FakeTerminal no = new FakeTerminal("no");
        Result declined = run("", Map.of(), no, "verify", "--card", card.toString(), "--pin", "card-info");
        assertEquals(5, declined.code());
        assertTrue(declined.err().contains("only ONE attempt is left"), declined.err());
        assertEquals(1, loadCard().remainingAttempts(PinKind.CARD_INFO_INPUT));
        FakeTerminal yes = new FakeTerminal("yes", "7364");
        Result confirmed = run("", Map.of(), yes, "verify", "--card", card.toString(), "--pin", "card-info");
        assertEquals(0, confirmed.code(), confirmed.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.CARD_INFO_INPUT));
    }
}
