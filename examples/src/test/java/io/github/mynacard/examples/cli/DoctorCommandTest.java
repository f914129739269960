package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DoctorCommandTest extends CliTestBase {

    @Test
    void healthyCardNeedsNothing() {
        newCard().close();
        Result r = run("doctor", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Nothing to do"), r.out());
    }

    @Test
    void blockedSigningPasswordWithUserPinGoesToTheKiosk() throws Exception {
        newCard().close();
        spend(PinKind.SIGNING, 5);
        Result r = run("doctor", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("JPKI暗証番号リセットアプリ"), r.out());
        assertTrue(r.out().contains("within 24 hours"), r.out());
        assertTrue(r.out().contains("23:00 and 6:30"), r.out());
        assertFalse(r.out().contains("Only the municipal office"), r.out());
        assertEquals(0, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void blockedUserPinWithSigningPasswordGoesToTheKiosk() throws Exception {
        newCard().close();
        spend(PinKind.USER_AUTH, 3);
        Result r = run("doctor", "--card", card.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"kind\":\"kiosk\""), r.out());
        assertTrue(r.out().contains("with the card and your signing password"), r.out());
        assertFalse(r.out().contains("\"kind\":\"municipal-office\""), r.out());
    }

    @Test
    void anythingElseBlockedGoesToTheMunicipalOffice() throws Exception {
        newCard().close();
        spend(PinKind.SIGNING, 5);
        spend(PinKind.USER_AUTH, 3);
        spend(PinKind.CARD_INFO_INPUT, 2);
        Result r = run("doctor", "--card", card.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"kind\":\"municipal-office\""), r.out());
        assertFalse(r.out().contains("\"kind\":\"kiosk\""), r.out());
        assertTrue(r.out().contains("identity document"), r.out());
        assertTrue(r.out().contains("card-info input support PIN (券面事項入力補助用 暗証番号) has 1 of 3 attempts left"), r.out());
    }

    @Test
    void certificateExpiringSoonIsRenewedAtTheSameVisit() throws Exception {
        LocalDate target = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(30);
        LocalDate birth = LocalDate.of(1990, target.getMonth(), Math.min(target.getDayOfMonth(), 28));
        Result init = run("emulator", "init", "--card", card.toString(), "--birth-date", birth.toString(),
                "--certificate-issue-date", (target.getYear() - 5) + "-12-31"); // 5th birthday after issue: target
        assertEquals(0, init.code(), init.err());
        spend(PinKind.RESIDENT_REGISTRY, 3);
        Result r = run("doctor", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        String flowed = r.out().replaceAll("\\s+", " ");
        assertTrue(flowed.contains("Only the municipal office"), r.out());
        assertTrue(flowed.contains("renew it at the municipal office at the same visit"), r.out());
    }

    @Test
    void expiredCertificate() {
        Result init = run("emulator", "init", "--card", card.toString(), "--certificate-issue-date", "2015-06-01");
        assertEquals(0, init.code(), init.err());
        Result r = run("doctor", "--card", card.toString());
        assertTrue(r.out().contains("expired on"), r.out());
    }

    @Test
    void adviceIsWrappedAtEightyColumnsBetweenWordsOnly() throws Exception {
        newCard().close();
        spend(io.github.mynacard.PinKind.SIGNING, 5);
        Result r = run("doctor", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        String advice = r.out().substring(r.out().indexOf("What to do:"), r.out().indexOf("Test values"));
        for (String line : advice.lines().toList()) {
            int width = line.codePointCount(0, line.length()) + (int) line.codePoints().filter(c -> c >= 0x1100).count();
            assertTrue(width <= 80, "wider than 80 columns (" + width + "): " + line);
        }
        String flowed = advice.replaceAll("\\s+", " ");
        assertTrue(flowed.contains(DoctorCommand.KIOSK), "the advice is whole, no word cut: " + advice);
    }
}
