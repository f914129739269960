package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_COMMON;
import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.dataOf;
import static io.github.mynacard.mock.Apdus.send;
import static io.github.mynacard.mock.Apdus.sendRaw;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.swOf;
import static io.github.mynacard.mock.Apdus.verify;
import static io.github.mynacard.mock.Apdus.withAscii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.mynacard.PinKind;
import io.github.mynacard.TerminalAuthenticator;
import io.github.mynacard.apdu.CommandApdu;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshCards.class)
class ResetModelTest {

    static String authenticate(MynaCardEmulator card, TerminalAuthenticator terminal) throws Exception {
        byte[] r = send(card, "0084000010");
        assertEquals("9000", swOf(r));
        byte[] challenge = dataOf(r);
        assertEquals(16, challenge.length);
        byte[] sig = terminal.authenticate(challenge);
        return swOf(sendRaw(card, new CommandApdu(0x00, 0x82, 0x00, 0x80 | terminal.keyReference(), sig).encode()));
    }

    private static void block(MynaCardEmulator card, int fid, int attempts) {
        for (int i = 0; i < attempts; i++) {
            sw(card, verify(fid, "0000"));
        }
    }

    @Test
    void kioskResetsSigningPinOnlyAfterUserPin(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_JPKI);
        block(card, 0x1B, 5);
        assertEquals("6984", sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN)));
        assertEquals("9000", authenticate(card, TestTerminals.kiosk()));
        assertEquals("6982", sw(card, withAscii("002C029B", "NEWPASS1")));
        assertEquals("9000", sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN)));
        assertEquals("6982", sw(card, withAscii("002C0298", "1234"))); // not the PIN just verified
        assertEquals("9000", sw(card, withAscii("002C029B", "NEWPASS1")));
        assertFalse(card.isBlocked(PinKind.SIGNING));
        assertEquals(5, card.remainingAttempts(PinKind.SIGNING));
        assertEquals("9000", sw(card, verify(0x1B, "NEWPASS1")));
    }

    @Test
    void kioskResetsUserPinOnlyAfterSigningPin(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_JPKI);
        block(card, 0x18, 3);
        assertEquals("9000", authenticate(card, TestTerminals.kiosk()));
        assertEquals("6982", sw(card, withAscii("002C0298", "1234")));
        sw(card, verify(0x1B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        assertEquals("9000", sw(card, withAscii("002C0298", "1234")));
        assertEquals("9000", sw(card, verify(0x18, "1234")));
    }

    @Test
    void kioskCannotResetTheOtherPins(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_TEXT);
        assertEquals("9000", authenticate(card, TestTerminals.kiosk()));
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        assertEquals("6982", sw(card, withAscii("002C0291", "1234")));
    }

    @Test
    void municipalOfficeResetsAnyPin(MynaCardEmulator card) throws Exception {
        String[][] cases = {
            {SELECT_JPKI, "18", "3", "2468"}, {SELECT_JPKI, "1B", "5", "OFFICE99"},
            {SELECT_TEXT, "11", "3", "1357"}, {SELECT_COMMON, "1C", "3", "8642"}};
        for (String[] c : cases) {
            int fid = Integer.parseInt(c[1], 16);
            sw(card, c[0]);
            block(card, fid, Integer.parseInt(c[2]));
            assertEquals("9000", authenticate(card, TestTerminals.municipalOffice()));
            assertEquals("6A80", sw(card, withAscii(String.format("002C02%02X", 0x80 | fid), "bad")));
            assertEquals("9000", sw(card, withAscii(String.format("002C02%02X", 0x80 | fid), c[3])));
            sw(card, c[0]);
            assertEquals("63C" + c[2], sw(card, Apdus.verifyStatus(fid)));
            assertEquals("9000", sw(card, verify(fid, c[3])));
        }
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), card.remainingAttempts(k));
        }
    }

    @Test
    void resetWithoutTerminalAnswers6982(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN));
        assertEquals("6982", sw(card, withAscii("002C029B", "NEWPASS1")));
        sw(card, Apdus.selectEf(0x1B));
        assertEquals("6982", sw(card, withAscii("002C0280", "NEWPASS1")));
    }

    @Test
    void terminalRoleIsDroppedByReselect(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_COMMON);
        assertEquals("9000", authenticate(card, TestTerminals.municipalOffice()));
        sw(card, SELECT_COMMON);
        assertEquals("6982", sw(card, withAscii("002C029C", "1234")));
    }

    @Test
    void wrongTerminalSignatureAnswers6300(MynaCardEmulator card) throws Exception {
        // the kiosk's key claiming the municipal office's key reference
        KeyPair impostor = TestKeys.get(TestKeys.TERMINAL_KIOSK);
        sw(card, SELECT_JPKI);
        assertEquals("6300", authenticate(card, TestTerminals.withKey(2, impostor.getPrivate())));
        assertEquals("6982", sw(card, withAscii("002C0298", "1234")));
    }

    @Test
    void externalAuthenticateNeedsAFreshChallenge(MynaCardEmulator card) throws Exception {
        sw(card, SELECT_JPKI);
        byte[] sig = TestTerminals.kiosk().authenticate(new byte[16]);
        byte[] ea = new CommandApdu(0x00, 0x82, 0x00, 0x81, sig).encode();
        assertEquals("6985", swOf(sendRaw(card, ea)));
        sw(card, "0084000010");
        assertEquals("6A88", swOf(sendRaw(card, new CommandApdu(0x00, 0x82, 0x00, 0x85, sig).encode())));
        assertEquals("6985", swOf(sendRaw(card, ea))); // consumed by the failed attempt
    }

    @Test
    void getChallengeRefusesExtendedLe(MynaCardEmulator card) {
        assertEquals("6985", sw(card, "00840000000010"));
        assertEquals(258, send(card, "0084000000").length);
        assertEquals("6700", sw(card, "00840000"));
    }
}
