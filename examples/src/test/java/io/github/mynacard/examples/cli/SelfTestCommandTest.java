package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code self-test} on the emulated card: no PIN by default; PIN tests only with --allow-pin-tests,
 * the card on the allow-list, a terminal and a full counter; nothing after a wrong PIN.
 */
class SelfTestCommandTest extends CliTestBase {

    private String hash() throws Exception {
        return CertificateChecks.sha256(loadCard().certificate(JpkiCertificate.AUTHENTICATION));
    }

    private Path allowList(String... lines) throws Exception {
        return Files.writeString(tmp.resolve("allow.txt"), "# cards for the self-test\n" + String.join("\n", lines) + "\n");
    }

    private void assertCountersFull() throws Exception {
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
        assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH));
        assertEquals(3, loadCard().remainingAttempts(PinKind.CARD_INFO_INPUT));
        assertEquals(3, loadCard().remainingAttempts(PinKind.RESIDENT_REGISTRY));
    }

    @Test
    void byDefaultSendsNoPinAndPrintsTheCardsHash() throws Exception {
        newCard().close();
        FakeTerminal t = new FakeTerminal("4821", "MYNA2026");
        Result r = run("", Map.of(), t, "self-test", "--card", card.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", t.prompts.toString(), "no PIN is asked");
        assertTrue(r.out().contains("PASS  card type: MY_NUMBER_CARD"), r.out());
        assertTrue(r.out().contains("PASS  PIN counter: signing password"), r.out());
        assertTrue(r.out().contains("PASS  user-authentication certificate (利用者証明用電子証明書): read; valid until"), r.out());
        assertTrue(r.out().contains("PASS  authentication certificate signed by the card's CA"), r.out());
        assertTrue(r.out().contains("PASS  signing certificate PIN-protected"), r.out());
        assertTrue(r.out().contains("SKIP  PIN tests: not asked for"), r.out());
        assertTrue(r.out().contains("(the card's line for --allow-list): " + hash()), r.out());
        assertTrue(r.out().contains("0 failed"), r.out());
        assertCountersFull();
    }

    @Test
    void reportsASpentCounterAsAWarningAndJsonHasEveryCheck() throws Exception {
        newCard().close();
        spend(PinKind.RESIDENT_REGISTRY, 2);
        Result r = run("self-test", "--card", card.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("{\"id\":\"pin-counter-resident-registry-pin\",\"name\":\"PIN counter: resident-registry PIN"), r.out());
        assertTrue(r.out().contains("\"outcome\":\"warn\",\"detail\":\"1/3  LAST ATTEMPT\"")
                || r.out().contains("\"outcome\":\"warn\",\"detail\":\"1/3"), r.out());
        assertTrue(r.out().contains("\"authCertificateSha256\":\"" + hash() + "\""), r.out());
        assertTrue(r.out().contains("\"fail\":0"), r.out());
    }

    @Test
    void pinTestsNeedAnAllowList() throws Exception {
        newCard().close();
        Result r = run("", Map.of(), new FakeTerminal("4821"), "self-test", "--allow-pin-tests", "--card", card.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--allow-list"), r.err());
        Path bad = allowList("not-a-hash");
        Result malformed = run("", Map.of(), new FakeTerminal("4821"), "self-test", "--allow-pin-tests", "--allow-list",
                bad.toString(), "--card", card.toString());
        assertEquals(2, malformed.code());
        assertCountersFull();
    }

    @Test
    void aCardNotOnTheAllowListGetsNoPin() throws Exception {
        newCard().close();
        FakeTerminal t = new FakeTerminal("4821", "MYNA2026");
        Result r = run("", Map.of(), t, "self-test", "--allow-pin-tests", "--allow-list", allowList("00".repeat(32)).toString(),
                "--card", card.toString());
        assertEquals(0, r.code(), r.out());
        assertEquals("", t.prompts.toString());
        assertTrue(r.out().contains("SKIP  PIN tests: this card is not on"), r.out());
        assertTrue(r.out().contains("add the line " + hash()), r.out());
        assertCountersFull();
    }

    @Test
    void pinTestsAreAskedOnlyInteractively() throws Exception {
        newCard().close();
        Result r = stdin("4821\nMYNA2026\n", "self-test", "--allow-pin-tests", "--allow-list", allowList(hash()).toString(),
                "--card", card.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("SKIP  PIN tests: no terminal"), r.out());
        assertCountersFull();
    }

    @Test
    void anAllowedCardRunsThePinTestsWithTheRightPins() throws Exception {
        newCard().close();
        FakeTerminal t = new FakeTerminal("4821", "MYNA2026");
        String colons = hash().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        Result r = run("", Map.of(), t, "self-test", "--allow-pin-tests", "--allow-list", allowList(colons).toString(),
                "--card", card.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("PASS  user-authentication PIN and key: PIN accepted"), r.out());
        assertTrue(r.out().contains("PASS  signing password and certificate: password accepted"), r.out());
        // the output holds the card's path and its certificate's hash, where "4821" may occur by chance
        assertNotShown(r, "4821", "MYNA2026");
        assertTrue(t.prompts.toString().contains("Enter to skip"), t.prompts.toString());
        assertCountersFull();
    }

    @Test
    void aPinWhoseCounterIsBelowItsMaximumIsNeverSent() throws Exception {
        newCard().close();
        spend(PinKind.USER_AUTH, 1);
        FakeTerminal t = new FakeTerminal("MYNA2026");
        Result r = run("", Map.of(), t, "self-test", "--allow-pin-tests", "--allow-list", allowList(hash()).toString(),
                "--card", card.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("SKIP  user-authentication PIN and key: the counter is 2/3, below its maximum"), r.out());
        assertTrue(r.out().contains("PASS  signing password and certificate"), r.out());
        assertFalse(t.prompts.toString().contains("user-authentication PIN"), t.prompts.toString());
        assertEquals(2, loadCard().remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void afterAWrongPinNoFurtherPinIsSent() throws Exception {
        newCard().close();
        FakeTerminal t = new FakeTerminal("1111", "MYNA2026");
        Result r = run("", Map.of(), t, "self-test", "--allow-pin-tests", "--allow-list", allowList(hash()).toString(),
                "--card", card.toString());
        assertEquals(ExitCodes.SELF_TEST_FAILED, r.code(), r.out());
        assertTrue(r.out().contains("FAIL  user-authentication PIN and key"), r.out());
        assertTrue(r.out().contains("SKIP  signing password and certificate: a wrong PIN was entered earlier"), r.out());
        assertTrue(r.out().contains("SELF-TEST FAILED"), r.out());
        assertEquals(2, loadCard().remainingAttempts(PinKind.USER_AUTH));
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
        assertEquals(1, t.answers.size(), "the signing password was never asked");
    }

    @Test
    void anEmptyAnswerSkipsThatTest() throws Exception {
        newCard().close();
        FakeTerminal t = new FakeTerminal("", "");
        Result r = run("", Map.of(), t, "self-test", "--allow-pin-tests", "--allow-list", allowList(hash()).toString(),
                "--card", card.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("SKIP  user-authentication PIN and key: skipped at the prompt"), r.out());
        assertCountersFull();
    }
}
