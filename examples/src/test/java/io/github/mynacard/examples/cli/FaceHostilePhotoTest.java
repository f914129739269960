package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code mynacard face} on a card whose photo was replaced by one that makes the decoder loop forever. */
class FaceHostilePhotoTest extends CliTestBase {

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLoopingPhotoEndsInExitSevenWithOneJsonObjectInTime() throws Exception {
        MynaCardEmulator emu = cardWithTheFirstPhoto();
        String b = new String(VerificationNumbers.numberB(emu.holderBirthDate(), emu.cardExpiryDate().getYear(), emu.securityCode()));
        byte[] ef = emu.fileContent(MynaCardEmulator.CARD_FACE_AID, 0x0002);
        byte[] original = CardPhotoDecoderTest.emulatorPhoto(1);
        int at = FaceCommandTest.indexOf(ef, original);
        assertTrue(at > 0, "the card holds the emulator's first photo");
        byte[] loops = CardPhotoDecoderTest.resource("photo-loops.jp2");
        assertEquals(original.length, loops.length);
        System.arraycopy(loops, 0, ef, at, loops.length);
        emu.overwriteFile(MynaCardEmulator.CARD_FACE_AID, 0x0002, ef);
        emu.close();

        Path out = tmp.resolve("face");
        long t0 = System.nanoTime();
        Result r = stdin(b + "\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", out.toString(), "--json");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExitCodes.CARD_ERROR, r.code(), r.out() + r.err());
        assertTrue(ms < CardPhotoDecoderTest.BOUND_MS, "took " + ms + " ms");
        String json = r.out().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}") && json.indexOf('\n') < 0, r.out());
        assertTrue(json.contains("\"exitCode\":7") || json.contains("\"exitCode\": 7"), json);
        assertTrue(json.contains("did not decode within"), json);
        assertFalse((r.out() + r.err()).matches("(?s).*(Exception|Error:|jj2000|\\tat ).*"), r.out() + r.err());
        assertEquals(10, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
        assertTrue(json.contains("photo.jp2"), "the message says the raw photo was kept: " + json);
        assertTrue(java.util.Arrays.equals(loops, java.nio.file.Files.readAllBytes(out.resolve("photo.jp2"))),
                "the card's own photo is written although it does not decode");
        assertTrue(java.nio.file.Files.exists(out.resolve("name.png")), "and the other images");
        assertFalse(java.nio.file.Files.exists(out.resolve("photo.png")), "no PNG");
    }

    /** A card (by seed) whose photo is the emulator's first, the one the looping photo was made from. */
    private MynaCardEmulator cardWithTheFirstPhoto() throws Exception {
        byte[] first = CardPhotoDecoderTest.emulatorPhoto(1);
        for (long seed = 1; seed < 64; seed++) {
            MynaCardEmulator.builder().stateFile(card).seed(seed).build().close();
            MynaCardEmulator emu = loadCard();
            if (FaceCommandTest.indexOf(emu.fileContent(MynaCardEmulator.CARD_FACE_AID, 0x0002), first) > 0) {
                return emu;
            }
            emu.close();
            java.nio.file.Files.delete(card);
        }
        throw new AssertionError("no card among 63 seeds holds the first photo");
    }
}
