package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsCommandTest extends CliTestBase {

    @Test
    void masksTheMyNumberByDefault() {
        newCard().close();
        Result r = stdin("7364\n", "fields", "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("************"), r.out());
        assertTrue(r.out().contains("番号　花子"), r.out());
        assertFalse(r.out().contains(MynaCardEmulator.DEFAULT_MY_NUMBER));
        assertFalse(r.out().contains("7364"));
    }

    @Test
    void showsTheMyNumberWhenAskedAndReadsThePinFromTheEnvironment() {
        newCard().close();
        Result r = run("", Map.of("CARD_PIN", "7364"), null, "fields", "--card", card.toString(), "--pin-env", "CARD_PIN",
                "--show-my-number", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"myNumber\":\"" + MynaCardEmulator.DEFAULT_MY_NUMBER + "\""), r.out());
        assertTrue(r.out().contains("\"birthDate\":\"1990-04-01\""), r.out());
    }

    @Test
    void wrongPinSpendsOneAttempt() throws Exception {
        newCard().close();
        Result r = stdin("1111\n", "fields", "--card", card.toString(), "--pin-stdin");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("2 attempts left"), r.err());
        assertEquals(2, loadCard().remainingAttempts(PinKind.CARD_INFO_INPUT));
    }

    @Test
    void interactivePromptIsUsedWithATerminal() {
        newCard().close();
        FakeTerminal t = new FakeTerminal("7364");
        Result r = run("", Map.of(), t, "fields", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(t.prompts.toString().contains("券面事項入力補助用 暗証番号"), t.prompts.toString());
    }
}
