package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinResetUnavailableException;
import org.junit.jupiter.api.Test;

class ResetSigningPinCommandTest extends CliTestBase {

    @Test
    void resetsABlockedSigningPasswordAtTheTestKiosk() throws Exception {
        newCard().close();
        spend(PinKind.SIGNING, 5);
        Result r = stdin("4821\nKIOSK2027\n", "reset-signing-pin", "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("5/5"), r.out());
        assertEquals(0, stdin("KIOSK2027\n", "verify", "--pin", "signing", "--card", card.toString(), "--pin-stdin").code());
    }

    @Test
    void wrongUserPinResetsNothing() throws Exception {
        newCard().close();
        spend(PinKind.SIGNING, 5);
        Result r = stdin("1111\nKIOSK2027\n", "reset-signing-pin", "--card", card.toString(), "--pin-stdin");
        assertEquals(3, r.code());
        assertEquals(0, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void aRealCardCannotBeResetFromAPc() throws Exception {
        // a card that is not the emulator: the command refuses before asking for any PIN
        ResetSigningPinCommand cmd = new ResetSigningPinCommand();
        CardSession real = new CardSession(MynaCard.open(c -> new byte[] {(byte) 0x6D, 0x00}), null, null, "Some Reader 00");
        PinResetUnavailableException e = assertThrows(PinResetUnavailableException.class, () -> cmd.run(real));
        assertEquals(ExitCodes.CARD_ERROR, ErrorHandler.exitCode(e));
        assertTrue(e.getMessage().contains("JPKI暗証番号リセットアプリ"), e.getMessage());
        assertTrue(ErrorHandler.message(e).contains("a PC cannot reset"), ErrorHandler.message(e));
    }

    @Test
    void refusesANewSigningPasswordContainingTheBirthDateUnlessAllowed() throws Exception {
        newCard().close();
        spend(PinKind.SIGNING, 5);
        byte[] before = java.nio.file.Files.readAllBytes(card);
        for (String birthDate : new String[] {"AB19900401", "X900401Y"}) {
            Result r = stdin("4821\n" + birthDate + "\n", "reset-signing-pin", "--card", card.toString(), "--pin-stdin");
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertTrue(r.err().startsWith("mynacard: error: new "), r.err());
            assertTrue(r.err().contains("birth date"), r.err());
            assertTrue(r.err().contains("--allow-weak"), r.err());
            assertEquals(0, loadCard().remainingAttempts(PinKind.SIGNING), "still blocked");
            assertEquals(3, loadCard().remainingAttempts(PinKind.USER_AUTH), "no attempt of the user PIN spent");
            assertArrayEquals(before, java.nio.file.Files.readAllBytes(card), "nothing changed on the card");
        }
        Result allowed = stdin("4821\nAB19900401\n", "reset-signing-pin", "--card", card.toString(), "--pin-stdin",
                "--allow-weak");
        assertEquals(0, allowed.code(), allowed.err());
        assertEquals(0, stdin("AB19900401\n", "verify", "--pin", "signing", "--card", card.toString(), "--pin-stdin").code());
    }
}
