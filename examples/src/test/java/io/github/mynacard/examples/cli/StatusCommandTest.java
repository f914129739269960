package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import org.junit.jupiter.api.Test;

class StatusCommandTest extends CliTestBase {

    @Test
    void showsCountersTypeAndCertificatesWithoutSpending() throws Exception {
        newCard().close();
        spend(PinKind.USER_AUTH, 1);
        Result r = run("status", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Type: My Number Card (マイナンバーカード), token JPKIAPICCTOKEN2"), r.out());
        assertFalse(r.out().contains("MY_NUMBER_CARD"), r.out());
        assertTrue(r.out().contains("2/3              user-authentication PIN (利用者証明用電子証明書 暗証番号)"), r.out());
        assertTrue(r.out().contains("signing certificate (署名用電子証明書): present (PIN-protected): its dates need the signing "
                + "password, see 'mynacard cert show signing'\n"), r.out());
        assertTrue(r.out().contains("user-authentication certificate (利用者証明用電子証明書): present, valid until"), r.out());
        Result j = run("status", "--card", card.toString(), "--json");
        assertEquals(0, j.code());
        assertTrue(j.out().contains("\"pin\":\"user\",\"name\":\"user-authentication PIN\",\"japaneseName\":\"利用者証明用電子証明書 暗証番号\",\"remaining\":2"), j.out());
        assertTrue(j.out().contains("{\"certificate\":\"signing\",\"present\":true,\"pinProtected\":true,\"state\":\"unknown\","
                + "\"expired\":null,\"notBefore\":null,\"notAfter\":null,\"note\":"), j.out());
        assertTrue(j.out().contains("\"cardType\":\"my_number_card\""), j.out());
        assertTrue(j.out().contains("{\"certificate\":\"auth\",\"present\":true,\"pinProtected\":false,\"state\":\"valid\","
                + "\"expired\":false,\"notBefore\":\""), j.out());
        assertEquals(2, loadCard().remainingAttempts(PinKind.USER_AUTH));
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void createsTheDefaultCardWhenMissingAndFreshStartsOver() throws Exception {
        Result r = run("status");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("creating a new emulated card"), r.err());
        assertTrue(java.nio.file.Files.exists(home.resolve(".mynacard/card.state")));
        newCard().close();
        spend(PinKind.SIGNING, 2);
        Result kept = run("status", "--card", card.toString(), "--fresh", "--json");
        assertEquals(2, kept.code(), kept.out());
        assertTrue(kept.out().contains("has 3 of 5 attempts left; --fresh leaves it as it is. Add --force"), kept.out());
        assertEquals(3, loadCard().remainingAttempts(PinKind.SIGNING), "the used card was kept");
        Result f = run("status", "--card", card.toString(), "--fresh", "--force", "--json");
        assertEquals(0, f.code(), f.out());
        assertTrue(f.out().contains("\"remaining\":5"), f.out());
        Result full = run("status", "--card", card.toString(), "--fresh");
        assertEquals(0, full.code(), "a card with every counter full is replaced by --fresh alone: " + full.err());
    }
}
