package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_COMMON;
import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.selectEf;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static io.github.mynacard.mock.Apdus.verifyStatus;
import static io.github.mynacard.mock.Apdus.withAscii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FreshCards.class)
class PinRulesTest {

    private static final String USER = MynaCardEmulator.DEFAULT_USER_PIN;
    private static final String SIGN = MynaCardEmulator.DEFAULT_SIGNING_PIN;

    @Test
    void wrongPinSpendsAnAttemptAndAnswers63Cx(MynaCardEmulator card) {
        assertEquals("9000", sw(card, SELECT_JPKI));
        assertEquals("9000", sw(card, selectEf(0x18)));
        assertEquals("63C2", sw(card, withAscii("00200080", "0000")));
        assertEquals(2, card.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void attemptIsSpentBeforeComparing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator card = MynaCardEmulator.builder().stateFile(file).build();
        List<Integer> seenMidCommand = new ArrayList<>();
        EmulatorHooks.saveObserver(card, p -> {
            try {
                seenMidCommand.add(MynaCardEmulator.load(p).remainingAttempts(PinKind.USER_AUTH));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        sw(card, SELECT_JPKI);
        assertEquals("63C2", sw(card, verify(0x18, "0000")));
        assertEquals(2, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
        // the right PIN: the file first shows the attempt spent (1 left), then restored (3)
        assertEquals("9000", sw(card, verify(0x18, USER)));
        assertEquals(List.of(2, 1, 3), seenMidCommand);
        assertEquals(3, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void successRestoresTheCounter(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, verify(0x1B, "WRONG1"));
        sw(card, verify(0x1B, "WRONG2"));
        assertEquals(3, card.remainingAttempts(PinKind.SIGNING));
        assertEquals("9000", sw(card, verify(0x1B, SIGN)));
        assertEquals(5, card.remainingAttempts(PinKind.SIGNING));
        assertEquals("63C5", sw(card, verifyStatus(0x1B)));
    }

    @Test
    void exhaustingAttemptAnswers63C0(MynaCardEmulator card) {
        sw(card, SELECT_TEXT);
        assertEquals("63C2", sw(card, verify(0x11, "0000")));
        assertEquals("63C1", sw(card, verify(0x11, "0000")));
        assertEquals("63C0", sw(card, verify(0x11, "0000")));
        assertTrue(card.isBlocked(PinKind.CARD_INFO_INPUT));
        assertEquals("63C0", sw(card, verifyStatus(0x11)));
    }

    @Test
    void blockedPinRefusesEvenTheRightPinWith6984(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        for (int i = 0; i < 3; i++) {
            sw(card, verify(0x18, "9999"));
        }
        assertEquals("6984", sw(card, verify(0x18, USER)));
        assertEquals("6984", sw(card, verify(0x18, "9999")));
        assertEquals(0, card.remainingAttempts(PinKind.USER_AUTH));
        // still not verified: the auth key stays locked
        assertEquals("6982", sw(card, "802A0097040102030400"));
    }

    @Test
    void emptyVerifySpendsNothing(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        assertEquals("63C3", sw(card, verifyStatus(0x18)));
        assertEquals("63C3", sw(card, verifyStatus(0x18)));
        sw(card, verify(0x18, "0000"));
        assertEquals("63C2", sw(card, verifyStatus(0x18)));
        assertEquals(2, card.remainingAttempts(PinKind.USER_AUTH));
        sw(card, SELECT_COMMON);
        assertEquals("63C3", sw(card, verifyStatus(0x1C)));
    }

    @Test
    void verifyWithCurrentEfNeedsAPinEf(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        assertEquals("6986", sw(card, withAscii("00200080", USER)));
        sw(card, selectEf(0x0A));
        assertEquals("6981", sw(card, withAscii("00200080", USER)));
        assertEquals("6A88", sw(card, verify(0x0A, USER)));
        assertEquals("6A88", sw(card, verify(0x11, USER)));
    }

    @Test
    void pinOfAnyLengthIsComparedAndAMismatchIsAWrongPin(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        assertEquals("63C2", sw(card, verify(0x18, USER + "0")));
        assertEquals("63C1", sw(card, verify(0x18, "4")));
    }

    @Test
    void reselectingTheApplicationDropsVerifiedState(MynaCardEmulator card) {
        sw(card, SELECT_TEXT);
        assertEquals("9000", sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN)));
        assertEquals("9000", Apdus.swOf(Apdus.send(card, "00B0810000")));
        assertEquals("9000", sw(card, SELECT_TEXT));
        assertEquals("6982", sw(card, "00B0810000"));
    }

    @Test
    void cardResetDropsVerifiedState(MynaCardEmulator card) {
        sw(card, SELECT_TEXT);
        sw(card, verify(0x11, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        card.reset();
        assertEquals("6A82", sw(card, "00B0810000"));
        sw(card, SELECT_TEXT);
        assertEquals("6982", sw(card, "00B0810000"));
    }

    @Test
    void changeReferenceDataNeedsTheVerifiedPin(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, selectEf(0x18));
        assertEquals("6982", sw(card, withAscii("00240180", "1234")));
        assertEquals("9000", sw(card, withAscii("00200080", USER)));
        assertEquals("9000", sw(card, withAscii("00240180", "1234")));
        sw(card, SELECT_JPKI);
        assertEquals("63C2", sw(card, verify(0x18, USER)));
        assertEquals("9000", sw(card, verify(0x18, "1234")));
        assertEquals(3, card.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void badNewPinFormatAnswers6A80AndChangesNothing(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, verify(0x1B, SIGN));
        assertEquals("6A80", sw(card, withAscii("0024019B", "short")));
        assertEquals("6A80", sw(card, withAscii("0024019B", "lowercase1")));
        assertEquals("6A80", sw(card, withAscii("0024019B", "ABCDEFGHIJKLMNOPQ")));
        sw(card, verify(0x18, USER));
        assertEquals("6A80", sw(card, withAscii("00240198", "12a4")));
        assertEquals("6A80", sw(card, withAscii("00240198", "12345")));
        sw(card, SELECT_JPKI);
        assertEquals("9000", sw(card, verify(0x1B, SIGN)));
        assertEquals("9000", sw(card, verify(0x18, USER)));
    }

    @Test
    void changeReferenceDataOnBlockedPinAnswers6984(MynaCardEmulator card) {
        sw(card, SELECT_TEXT);
        for (int i = 0; i < 3; i++) {
            sw(card, verify(0x11, "0000"));
        }
        assertEquals("6984", sw(card, withAscii("00240191", "1234")));
    }

    @Test
    void residentRegistryPinChangesOnlyWithChangeKey(MynaCardEmulator card) {
        sw(card, SELECT_COMMON);
        assertEquals("6982", sw(card, withAscii("8032009C", "1111")));
        assertEquals("9000", sw(card, verify(0x1C, MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN)));
        assertEquals("6A81", sw(card, withAscii("0024019C", "1111")));
        assertEquals("6A80", sw(card, withAscii("8032009C", "11111")));
        assertEquals("9000", sw(card, withAscii("8032009C", "1111")));
        sw(card, SELECT_COMMON);
        assertEquals("9000", sw(card, verify(0x1C, "1111")));
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, USER));
        assertEquals("6A81", sw(card, withAscii("80320098", "1111")));
    }

    @Test
    void wrongPinDropsThatPinsVerifiedState(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        sw(card, verify(0x18, USER));
        sw(card, verify(0x18, "0000"));
        assertEquals("6982", sw(card, "802A0097040102030400"));
        assertFalse(card.isBlocked(PinKind.USER_AUTH));
    }
}
