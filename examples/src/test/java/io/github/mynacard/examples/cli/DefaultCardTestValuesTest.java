package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default emulated card has documented test values for what a holder reads off a real card's
 * face (security code 2468, so 照合番号B is 020401 + the expiry year + 2468), {@code doctor
 * --show-numbers} prints them, and the prompt says what 照合番号B is made of: the README's
 * {@code face} example can be finished on the default card.
 */
class DefaultCardTestValuesTest extends CliTestBase {

    @Test
    void theDefaultCardsNumberBIsDocumentedAndOpensTheCardFace() throws Exception {
        newCard().close();
        int expiryYear = loadCard().cardExpiryDate().getYear();
        String numberB = "020401" + expiryYear + "2468";

        Result hidden = run("doctor", "--card", card.toString());
        assertEquals(0, hidden.code(), hidden.err());
        assertTrue(hidden.out().contains("security code and 照合番号B are ****; add --show-numbers"), hidden.out());
        assertFalse(hidden.out().contains("2468"), hidden.out());

        Result shown = run("doctor", "--card", card.toString(), "--show-numbers");
        assertTrue(shown.out().contains("照合番号B: " + numberB + " (birth date in the Japanese era 020401, expiry year "
                + expiryYear + ", security code 2468)"), shown.out());
        Result json = run("doctor", "--card", card.toString(), "--show-numbers", "--json");
        assertTrue(json.out().contains("\"testValues\":{\"securityCode\":\"2468\",\"numberB\":\"" + numberB + "\""), json.out());

        FakeTerminal t = new FakeTerminal(numberB);
        Result face = run("", Map.of(), t, "face", "--card", card.toString(), "--out-dir", tmp.resolve("face").toString());
        assertEquals(0, face.code(), face.err());
        assertTrue(t.prompts.toString().startsWith("照合番号B is 14 digits: the birth date in the Japanese era as YYMMDD "
                + "(1990-04-01 is 平成2年4月1日: 020401), the card's expiry year YYYY (有効期限) and the 4-digit security code"),
                t.prompts.toString());
        assertEquals(10, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B), "the right number: the counter is full");
    }

    @Test
    void aFourDigitPinPromptIsPlainAndANewPinPromptSaysItsShape() {
        newCard().close();
        FakeTerminal t = new FakeTerminal("4821");
        Result r = run("", Map.of(), t, "verify", "--pin", "user", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("user-authentication PIN (利用者証明用電子証明書 暗証番号): \n", t.prompts.toString());
        FakeTerminal c = new FakeTerminal("MYNA2026", "NEWPASS1", "NEWPASS1");
        Result change = run("", Map.of(), c, "change-pin", "--pin", "signing", "--card", card.toString());
        assertEquals(0, change.code(), change.err());
        assertTrue(c.prompts.toString().contains("The signing password is 6 to 16 characters: upper-case letters A-Z and "
                + "digits 0-9, half-width (半角).\nnew signing password"), c.prompts.toString());
    }

    @Test
    void fullWidthDigitsAtThePromptAreRefusedWithTheHalfWidthHintAndCostNothing() throws Exception {
        newCard().close();
        Result r = stdin("４８２１\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("half-width (半角) digits 0-9"), r.err());
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void withoutAJapaneseFontTheCardFaceSaysItsImagesAreBoxes() throws Exception {
        newCard().close();
        Result init = run("emulator", "init", "--card", tmp.resolve("other.state").toString());
        Result face = stdin("020401" + loadCard().cardExpiryDate().getYear() + "2468\n", "face", "--pin-stdin", "--card",
                card.toString(), "--out-dir", tmp.resolve("f").toString());
        boolean fontHere = io.github.mynacard.mock.MynaCardEmulator.canDrawText(io.github.mynacard.mock.MynaCardEmulator.DEFAULT_NAME);
        assertEquals(!fontHere, init.err().contains("no installed font draws Japanese text"), init.err());
        assertEquals(0, face.code(), face.err());
        assertEquals(!fontHere, face.err().contains("no installed font draws Japanese text"), face.err());
    }
}
