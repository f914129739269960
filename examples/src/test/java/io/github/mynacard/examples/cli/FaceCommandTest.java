package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.signing.ExternalTool;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code mynacard face}, {@code fields --with pin-b}, {@code emulator init}'s identity and {@code doctor --face}. */
class FaceCommandTest extends CliTestBase {

    private String numberB() throws Exception {
        MynaCardEmulator c = loadCard();
        return new String(VerificationNumbers.numberB(c.holderBirthDate(), c.cardExpiryDate().getYear(), c.securityCode()));
    }

    @Test
    void writesAPhotoYouCanLookAtAndPrintsTheTextFields() throws Exception {
        newCard().close();
        Path out = tmp.resolve("face");
        String b = numberB();
        Result r = stdin(b + "\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1990-04-01"), r.out());
        assertTrue(r.out().contains(loadCard().cardExpiryDate().toString()), r.out());
        BufferedImage photo = ImageIO.read(out.resolve("photo.png").toFile());
        assertTrue(photo != null && photo.getWidth() > 50 && photo.getHeight() > 50, "photo.png is an image");
        for (String f : new String[] {"name.png", "address.png", "security-code.png"}) {
            assertTrue(ImageIO.read(out.resolve(f).toFile()).getWidth() > 10, f);
        }
        assertFalse(Files.exists(out.resolve("my-number.png")));
        assertNotShown(r, b);
        assertEquals(10, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
    }

    @Test
    void openJpegDecodesTheCardsPhoto() throws Exception {
        ExternalTool.require("opj_decompress", "libopenjp2-tools");
        newCard().close();
        Path out = tmp.resolve("face");
        assertEquals(0, stdin(numberB() + "\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", out.toString()).code());
        Path decoded = tmp.resolve("decoded.png");
        ExternalTool.Run opj = ExternalTool.run("opj_decompress", "-i", out.resolve("photo.jp2").toString(), "-o", decoded.toString());
        assertEquals(0, opj.exitCode(), opj.output());
        BufferedImage viaOpj = ImageIO.read(decoded.toFile());
        BufferedImage viaJava = ImageIO.read(out.resolve("photo.png").toFile());
        assertEquals(viaJava.getWidth(), viaOpj.getWidth());
        assertEquals(viaJava.getHeight(), viaOpj.getHeight());
    }

    @Test
    void theSignatureVerifiesAndFailsAfterOnePhotoByteChanges() throws Exception {
        newCard().close();
        Path out = tmp.resolve("face");
        String b = numberB();
        Result ok = stdin(b + "\n", "face", "--check-authenticity", "--card", card.toString(), "--pin-stdin", "--out-dir",
                out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("GENUINE"), ok.out());

        byte[] jp2 = Files.readAllBytes(out.resolve("photo.jp2"));
        MynaCardEmulator emu = loadCard();
        byte[] ef = emu.fileContent(MynaCardEmulator.CARD_FACE_AID, 0x0002);
        int at = indexOf(ef, jp2);
        assertTrue(at > 0);
        ef[at + jp2.length / 2] ^= 0x01;
        emu.overwriteFile(MynaCardEmulator.CARD_FACE_AID, 0x0002, ef);
        emu.close();
        Result ko = stdin(b + "\n", "face", "--check-authenticity", "--card", card.toString(), "--pin-stdin", "--out-dir",
                out.toString(), "--json");
        assertEquals(ExitCodes.SIGNATURE_INVALID, ko.code(), ko.out() + ko.err());
        assertTrue(ko.out().contains("\"status\":\"failed\""), ko.out());
    }

    @Test
    void aWrongNumberSpendsOneAttemptAMalformedOneNoneAndNoneIsTakenAsAnArgument() throws Exception {
        newCard().close();
        String b = numberB();
        String wrong = b.substring(0, 10) + (b.charAt(10) == '9' ? '0' : (char) (b.charAt(10) + 1)) + b.substring(11);
        Result w = stdin(wrong + "\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", tmp.resolve("f").toString());
        assertEquals(ExitCodes.WRONG_PIN, w.code(), w.err());
        assertTrue(w.err().contains("9 attempts left"), w.err());
        assertEquals(9, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
        Result m = stdin("123\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", tmp.resolve("f").toString());
        assertEquals(ExitCodes.BAD_INPUT, m.code(), m.err());
        Result arg = stdin(b + "\n", "face", "--with", b, "--card", card.toString(), "--pin-stdin");
        assertEquals(ExitCodes.BAD_INPUT, arg.code(), arg.err());
        assertNotShown(arg, b);
        assertEquals(9, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
        assertNotShown(w, wrong);
    }

    @Test
    void numberAWritesTheMyNumberImageOnlyWhenAsked() throws Exception {
        newCard().close();
        Path out = tmp.resolve("face");
        Result r = stdin(MynaCardEmulator.DEFAULT_MY_NUMBER + "\n", "face", "--with", "pin-a", "--my-number-image", "--card",
                card.toString(), "--pin-stdin", "--out-dir", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("my-number.png")));
        assertTrue(r.out().contains("\"with\":\"pin-a\""), r.out());
        Result bad = stdin(MynaCardEmulator.DEFAULT_MY_NUMBER + "\n", "face", "--my-number-image", "--card", card.toString(),
                "--pin-stdin", "--out-dir", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.code(), bad.err());
        assertEquals(10, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B));
    }

    @Test
    void fieldsWithNumberBMatchFieldsWithThePin() throws Exception {
        newCard().close();
        Result pin = stdin("7364\n", "fields", "--card", card.toString(), "--pin-stdin", "--json");
        Result b = stdin(numberB() + "\n", "fields", "--with", "pin-b", "--card", card.toString(), "--pin-stdin", "--json");
        assertEquals(0, b.code(), b.err());
        for (String field : new String[] {"\"name\":\"番号　花子\"", "\"birthDate\":\"1990-04-01\"", "\"sex\":"}) {
            assertTrue(pin.out().contains(field) && b.out().contains(field), field + "\n" + pin.out() + "\n" + b.out());
        }
    }

    @Test
    void twoInitsMakeTwoCardsAndOneSeedTheSameCard() throws Exception {
        Path a = tmp.resolve("a.state");
        Path b = tmp.resolve("b.state");
        Path c = tmp.resolve("c.state");
        Path d = tmp.resolve("d.state");
        assertEquals(0, run("emulator", "init", "--card", a.toString()).code());
        assertEquals(0, run("emulator", "init", "--card", b.toString()).code());
        assertEquals(0, run("emulator", "init", "--card", c.toString(), "--seed", "42").code());
        Result last = run("emulator", "init", "--card", d.toString(), "--seed", "42");
        assertEquals(0, last.code(), last.err());
        assertTrue(last.out().contains("照合番号B"), last.out());
        String ca = cert(a), cb = cert(b), cc = cert(c), cd = cert(d);
        assertNotEquals(ca, cb, "two cards, two certificates");
        assertEquals(cc, cd, "one seed, one card");
        assertNotEquals(MynaCardEmulator.load(a).publicKey(io.github.mynacard.JpkiKey.SIGNING),
                MynaCardEmulator.load(b).publicKey(io.github.mynacard.JpkiKey.SIGNING));
    }

    private String cert(Path state) {
        Result r = run("cert", "export", "auth", "--card", state.toString());
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @Test
    void doctorWithTheFaceChecksTheCardExpiryRule() throws Exception {
        // certificates issued with the card: they end five years before it
        Result init = run("emulator", "init", "--card", card.toString(), "--certificate-issue-date", "2026-06-01");
        assertEquals(0, init.code(), init.err());
        Result r = stdin(numberB() + "\n", "doctor", "--face", "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("The card itself is valid until 2036-04-01"), r.out());
        assertTrue(r.out().contains("about five years before the card"), r.out());
        // a card whose expiry disagrees with its certificates
        Result other = run("emulator", "init", "--force", "--card", card.toString(), "--certificate-issue-date", "2026-06-01",
                "--card-expiry-date", "2034-04-01");
        assertEquals(0, other.code(), other.err());
        Result w = stdin(numberB() + "\n", "doctor", "--face", "--card", card.toString(), "--pin-stdin", "--json");
        assertEquals(0, w.code(), w.err());
        assertTrue(w.out().contains("\"certificatesAgree\":false"), w.out());
        assertTrue(w.out().contains("not about five years before the card"), w.out());
        Result plain = run("doctor", "--card", card.toString());
        assertFalse(plain.out().contains("The card itself"), plain.out());
    }

    /** Where {@code needle} starts in {@code hay}, or -1 (also for the face tests beside this one). */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void theOutputFolderIsMadeOnlyOnceTheCardFaceIsReadAndIsTheOwnersOnly() throws Exception {
        newCard().close();
        Path out = tmp.resolve("new").resolve("face");
        Result wrong = stdin("01010120309999\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", out.toString());
        assertEquals(ExitCodes.WRONG_PIN, wrong.code(), wrong.err());
        assertFalse(Files.exists(tmp.resolve("new")), "a failed command leaves no folder behind");
        Result none = stdin("", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, none.code(), none.err());
        assertFalse(Files.exists(tmp.resolve("new")), "nor does one that ends before the number is given");
        Result ok = stdin(numberB() + "\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir", out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Path file = Files.createFile(tmp.resolve("a-file"));
        Result under = stdin(numberB() + "\n", "face", "--card", card.toString(), "--pin-stdin", "--out-dir",
                file.resolve("face").toString());
        assertEquals(ExitCodes.BAD_INPUT, under.code(), under.err());
        assertEquals(10, loadCard().remainingAttempts(PinKind.CARD_FACE_NUMBER_B), "the right number restored the counter; the last refusal spent nothing");
    }
}
