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
        assertNotShown(r, "7364");
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

    @Test
    void checksAuthenticityWithTheEmulatorsAuthority() throws Exception {
        newCard().close();
        Result r = stdin("7364\n", "fields", "--check-authenticity", "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Authenticity (真正性): GENUINE"), r.out());
        Result json = stdin("7364\n", "fields", "--check-authenticity", "--card", card.toString(), "--pin-stdin", "--json");
        assertTrue(json.out().contains("\"authenticity\":{\"status\":\"genuine\""), json.out());
        Result plain = stdin("7364\n", "fields", "--card", card.toString(), "--pin-stdin", "--json");
        assertFalse(plain.out().contains("authenticity"), plain.out());
    }

    @Test
    void checksAuthenticityWithATrustedKeyFile() throws Exception {
        newCard().close();
        java.nio.file.Path pem = tmp.resolve("authority.pem");
        java.nio.file.Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(loadCard().cardInfoCvcAuthorityKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Result ok = stdin("7364\n", "fields", "--check-authenticity", "--trusted-key", pem.toString(), "--card", card.toString(),
                "--pin-stdin");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("GENUINE"), ok.out());

        java.nio.file.Path wrongKey = tmp.resolve("auth.der");
        java.nio.file.Files.write(wrongKey, loadCard().certificate(io.github.mynacard.JpkiCertificate.AUTHENTICATION).getEncoded());
        Result bad = stdin("7364\n", "fields", "--check-authenticity", "--trusted-key", wrongKey.toString(), "--card",
                card.toString(), "--pin-stdin", "--json");
        assertEquals(ExitCodes.SIGNATURE_INVALID, bad.code(), bad.err());
        assertTrue(bad.out().startsWith("{\"ok\":false,"), bad.out());
        assertTrue(bad.out().contains("\"status\":\"failed\""), bad.out());
    }

    @Test
    void refusesABadKeyFileAndAKeyWithoutTheCheckBeforeAskingThePin() throws Exception {
        newCard().close();
        java.nio.file.Path junk = java.nio.file.Files.writeString(tmp.resolve("junk.pem"), "hello");
        Result r = stdin("7364\n", "fields", "--check-authenticity", "--trusted-key", junk.toString(), "--card", card.toString(),
                "--pin-stdin");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no RSA public key"), r.err());
        Result alone = stdin("7364\n", "fields", "--trusted-key", junk.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(2, alone.code());
        assertEquals(3, loadCard().remainingAttempts(PinKind.CARD_INFO_INPUT));
    }
}
