package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.CardDataException;
import io.github.mynacard.CardFields;
import io.github.mynacard.CardType;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.LastAttemptException;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinBlockedException;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinResetUnavailableException;
import io.github.mynacard.PinStatus;
import io.github.mynacard.SecurityStatusException;
import io.github.mynacard.Sex;
import io.github.mynacard.StrengthCheck;
import io.github.mynacard.TerminalAuthenticator;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.TracingTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The typed operations of {@link MynaCard} against the strict emulator: lockouts, the guard, formats, resets, fields, traces and signatures. */
class MynaCardAcceptanceTest {

    private static final Map<PinKind, String> RIGHT = Map.of(
            PinKind.SIGNING, MynaCardEmulator.DEFAULT_SIGNING_PIN,
            PinKind.USER_AUTH, MynaCardEmulator.DEFAULT_USER_PIN,
            PinKind.RESIDENT_REGISTRY, MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN,
            PinKind.CARD_INFO_INPUT, MynaCardEmulator.DEFAULT_CARD_INFO_PIN);
    private static final Map<PinKind, String> WRONG = Map.of(
            PinKind.SIGNING, "WRONG999",
            PinKind.USER_AUTH, "0000",
            PinKind.RESIDENT_REGISTRY, "0000",
            PinKind.CARD_INFO_INPUT, "0000");

    /** Counts the APDUs that reach the card. */
    static final class Recording implements CardTransport {
        final CardTransport card;
        int count;

        Recording(CardTransport card) {
            this.card = card;
        }

        @Override
        public byte[] transmit(byte[] command) throws IOException {
            count++;
            return card.transmit(command);
        }
    }

    @ParameterizedTest
    @EnumSource(value = PinKind.class, names = {"SIGNING", "USER_AUTH", "RESIDENT_REGISTRY", "CARD_INFO_INPUT"})
    void wrongPinsCountDownThenGuardThenBlockThenRightPinRefused(PinKind kind) throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            int max = kind.maxAttempts();
            assertEquals(new PinStatus(kind, max, max), card.pinStatus(kind));
            for (int left = max - 1; left >= 1; left--) {
                WrongPinException e = assertThrows(WrongPinException.class,
                        () -> card.verifyPin(kind, WRONG.get(kind).toCharArray()));
                assertEquals(left, e.attemptsRemaining());
                assertEquals(left, emu.remainingAttempts(kind));
            }
            // the guard: nothing is spent
            assertThrows(LastAttemptException.class, () -> card.verifyPin(kind, WRONG.get(kind).toCharArray()));
            assertEquals(1, emu.remainingAttempts(kind));
            // allowed, it locks the PIN
            assertThrows(PinBlockedException.class,
                    () -> card.verifyPin(kind, WRONG.get(kind).toCharArray(), LastAttempt.ALLOW));
            assertTrue(emu.isBlocked(kind));
            assertTrue(card.pinStatus(kind).blocked());
        }
        // a new session, which knows nothing: the right PIN is refused as blocked by the card itself
        try (MynaCard card = MynaCard.open(emu)) {
            PinBlockedException e = assertThrows(PinBlockedException.class,
                    () -> card.verifyPin(kind, RIGHT.get(kind).toCharArray(), LastAttempt.ALLOW));
            assertEquals(0, e.pinKind().compareTo(kind));
        }
    }

    @Test
    void fourWrongSigningPasswordsGiveFourThreeTwoOne() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                seen.add(assertThrows(WrongPinException.class,
                        () -> card.verifySignaturePin("WRONG999".toCharArray())).attemptsRemaining());
            }
            assertEquals(List.of(4, 3, 2, 1), seen);
            assertThrows(LastAttemptException.class, () -> card.verifySignaturePin("MYNA2026".toCharArray()));
            // the right password with ALLOW succeeds and restores the counter
            card.verifySignaturePin("MYNA2026".toCharArray(), LastAttempt.ALLOW);
            assertEquals(5, emu.remainingAttempts(PinKind.SIGNING));
        }
    }

    @Test
    void malformedPinsReachNoApdu() throws Exception {
        Recording rec = new Recording(MynaCardEmulator.createDefault());
        try (MynaCard card = MynaCard.open(rec)) {
            for (String bad : new String[] {"myna2026", "MYNA", "MYNA20261234567890", "MYNA-2026"}) {
                assertThrows(PinFormatException.class, () -> card.verifySignaturePin(bad.toCharArray()));
            }
            for (String bad : new String[] {"482", "48211", "48a1"}) {
                assertThrows(PinFormatException.class, () -> card.verifyUserPin(bad.toCharArray()));
                assertThrows(PinFormatException.class, () -> card.readCardFields(bad.toCharArray()));
                assertThrows(PinFormatException.class, () -> card.verifyPin(PinKind.RESIDENT_REGISTRY, bad.toCharArray()));
            }
        }
        assertEquals(0, rec.count);
    }

    @Test
    void kioskResetSetsNewPasswordWithFiveAttempts() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            for (int i = 0; i < 4; i++) {
                assertThrows(WrongPinException.class, () -> card.verifySignaturePin("WRONG999".toCharArray()));
            }
            assertThrows(PinBlockedException.class, () -> card.verifySignaturePin("WRONG999".toCharArray(), LastAttempt.ALLOW));
            card.resetSigningPin("4821".toCharArray(), "KIOSK2027".toCharArray(), TestTerminals.kiosk());
            assertEquals(5, card.pinStatus(PinKind.SIGNING).remaining());
            card.verifySignaturePin("KIOSK2027".toCharArray());
            assertThrows(WrongPinException.class, () -> card.verifySignaturePin("MYNA2026".toCharArray()));
        }
    }

    @Test
    void kioskResetWithWrongUserPinSpendsOneUserAttemptAndResetsNothing() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            assertThrows(WrongPinException.class, () -> card.verifySignaturePin("WRONG999".toCharArray()));
            WrongPinException e = assertThrows(WrongPinException.class,
                    () -> card.resetSigningPin("1357".toCharArray(), "KIOSK2027".toCharArray(), TestTerminals.kiosk()));
            assertEquals(2, e.attemptsRemaining());
            assertEquals(2, emu.remainingAttempts(PinKind.USER_AUTH));
            assertEquals(4, emu.remainingAttempts(PinKind.SIGNING));
            card.verifySignaturePin("MYNA2026".toCharArray());
        }
    }

    @Test
    void resetWithoutKioskOrWithUntrustedTerminalIsTyped() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        TerminalAuthenticator stranger = TestTerminals.withKey(1, g.generateKeyPair().getPrivate());
        try (MynaCard card = MynaCard.open(emu)) {
            assertThrows(PinResetUnavailableException.class,
                    () -> card.resetSigningPin("4821".toCharArray(), "KIOSK2027".toCharArray(), null));
            PinResetUnavailableException e = assertThrows(PinResetUnavailableException.class,
                    () -> card.resetSigningPin("4821".toCharArray(), "KIOSK2027".toCharArray(), stranger));
            assertEquals(0x6300, e.statusWord());
            // a kiosk may not reset the card-info PIN; the office may, with no PIN
            assertThrows(PinResetUnavailableException.class, () -> card.resetPin(PinKind.CARD_INFO_INPUT,
                    "2580".toCharArray(), TestTerminals.kiosk(), StrengthCheck.ENFORCE));
            card.resetPin(PinKind.CARD_INFO_INPUT, "2580".toCharArray(), TestTerminals.municipalOffice(), StrengthCheck.ENFORCE);
            card.readCardFields("2580".toCharArray());
        }
        assertEquals(5, emu.remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void readCardFieldsReturnsWhatTheCardWasBuiltWith() throws Exception {
        String name = "山田　太郎";
        String address = "北海道札幌市中央区北１条西２丁目１－１　サンプルマンション１０１号";
        MynaCardEmulator emu = MynaCardEmulator.builder().name(name).address(address).myNumber("537686677188")
                .birthDate(LocalDate.of(1975, 12, 31)).sex(Sex.MALE).cardInfoPin("2468").build();
        try (MynaCard card = MynaCard.open(emu)) {
            CardFields f = card.readCardFields("2468".toCharArray());
            assertEquals(new CardFields("537686677188", name, address, LocalDate.of(1975, 12, 31), Sex.MALE), f);
        }
    }

    @Test
    void corruptedBasicFourFileIsCardData() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        emu.overwriteFile(MynaCardEmulator.CARD_INFO_AID, 0x0002, HexFormat.of().parseHex("FF2040DF2108000000"));
        try (MynaCard card = MynaCard.open(emu)) {
            assertThrows(CardDataException.class, () -> card.readCardFields("7364".toCharArray()));
        }
    }

    @Test
    void corruptedMyNumberFileIsCardData() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        byte[] file = ("\u00ff\u0010\u000c" + "314159265353").getBytes(StandardCharsets.ISO_8859_1);
        emu.overwriteFile(MynaCardEmulator.CARD_INFO_AID, 0x0001, file);
        try (MynaCard card = MynaCard.open(emu)) {
            CardDataException e = assertThrows(CardDataException.class, () -> card.readCardFields("7364".toCharArray()));
            assertFalse(e.getMessage().contains("31415926535"));
        }
    }

    @Test
    void traceOfAFullSessionHoldsNoPinAndNoMyNumber() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        StringBuilder trace = new StringBuilder();
        try (MynaCard card = MynaCard.open(new TracingTransport(emu, (c, r, n) -> trace.append(c).append('\n').append(r).append('\n')))) {
            card.verifySignaturePin(RIGHT.get(PinKind.SIGNING).toCharArray());
            card.readCertificate(JpkiCertificate.SIGNING);
            card.verifyUserPin(RIGHT.get(PinKind.USER_AUTH).toCharArray());
            card.verifyPin(PinKind.RESIDENT_REGISTRY, RIGHT.get(PinKind.RESIDENT_REGISTRY).toCharArray());
            card.verifyPin(PinKind.CARD_INFO_INPUT, RIGHT.get(PinKind.CARD_INFO_INPUT).toCharArray());
            card.readCardFields(RIGHT.get(PinKind.CARD_INFO_INPUT).toCharArray());
            card.changePin(PinKind.USER_AUTH, "4821".toCharArray(), "3917".toCharArray());
        }
        String t = trace.toString();
        assertTrue(t.contains("[4 bytes masked]"), "the trace shows masked VERIFY data");
        HexFormat spaced = HexFormat.ofDelimiter(" ").withUpperCase();
        HexFormat plain = HexFormat.of().withUpperCase();
        String compact = t.replace(" ", "");
        List<String> secrets = new ArrayList<>(RIGHT.values());
        secrets.add("3917");
        secrets.add(MynaCardEmulator.DEFAULT_MY_NUMBER);
        secrets.add(MynaCardEmulator.DEFAULT_NAME);
        for (String s : secrets) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertFalse(t.contains(s), "ASCII");
            assertFalse(t.contains(spaced.formatHex(b)), "spaced hex");
            assertFalse(compact.contains(plain.formatHex(b)), "hex");
        }
    }

    @Test
    void signaturesVerifyWithTheCertificates() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        byte[] message = "申告書".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        try (MynaCard card = MynaCard.open(emu)) {
            byte[] authSig = card.signDigest(JpkiKey.AUTHENTICATION, DigestAlgorithm.SHA256, digest, "4821".toCharArray());
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(card.readCertificate(JpkiCertificate.AUTHENTICATION));
            v.update(message);
            assertTrue(v.verify(authSig));

            byte[] signSig = card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, digest, "MYNA2026".toCharArray());
            v.initVerify(card.readCertificate(JpkiCertificate.SIGNING)); // still verified in this session
            v.update(message);
            assertTrue(v.verify(signSig));
        }
    }

    @Test
    void certificatesReadBackByteForByte() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            for (JpkiCertificate c : new JpkiCertificate[] {JpkiCertificate.AUTHENTICATION, JpkiCertificate.AUTHENTICATION_CA,
                    JpkiCertificate.SIGNING_CA}) {
                assertArrayEquals(emu.certificate(c).getEncoded(), card.readCertificate(c).getEncoded());
            }
            assertThrows(SecurityStatusException.class, () -> card.readCertificate(JpkiCertificate.SIGNING));
            assertArrayEquals(emu.certificate(JpkiCertificate.SIGNING).getEncoded(),
                    card.readSigningCertificate("MYNA2026".toCharArray()).getEncoded());
            assertEquals(CardType.MY_NUMBER_CARD, card.cardType());
        }
    }

    @Test
    void signingCertificateIsLostWhenAnotherApplicationIsUsed() throws Exception {
        try (MynaCard card = MynaCard.open(MynaCardEmulator.createDefault())) {
            card.verifySignaturePin("MYNA2026".toCharArray());
            card.readCardFields("7364".toCharArray());
            assertThrows(SecurityStatusException.class, () -> card.readCertificate(JpkiCertificate.SIGNING));
        }
    }

    @ParameterizedTest
    @EnumSource(value = PinKind.class, names = {"SIGNING", "USER_AUTH", "RESIDENT_REGISTRY", "CARD_INFO_INPUT"})
    void changePinThenOnlyTheNewOneWorks(PinKind kind) throws Exception {
        String newPin = kind == PinKind.SIGNING ? "NEWPASS7" : "3917";
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            card.changePin(kind, RIGHT.get(kind).toCharArray(), newPin.toCharArray());
        }
        try (MynaCard card = MynaCard.open(emu)) {
            assertThrows(WrongPinException.class, () -> card.verifyPin(kind, RIGHT.get(kind).toCharArray()));
            card.verifyPin(kind, newPin.toCharArray());
            assertEquals(kind.maxAttempts(), card.pinStatus(kind).remaining());
        }
    }

    @Test
    void weakNewPinIsRefusedUnlessOverridden() throws Exception {
        Recording rec = new Recording(MynaCardEmulator.createDefault());
        try (MynaCard card = MynaCard.open(rec)) {
            assertEquals(PinFormatException.Problem.TRIVIAL, assertThrows(PinFormatException.class,
                    () -> card.changePin(PinKind.USER_AUTH, "4821".toCharArray(), "1234".toCharArray())).problem());
            assertEquals(0, rec.count);
            card.readCardFields("7364".toCharArray()); // the library now knows the birth date 1990-04-01
            assertEquals(PinFormatException.Problem.BIRTH_DATE, assertThrows(PinFormatException.class,
                    () -> card.changePin(PinKind.USER_AUTH, "4821".toCharArray(), "0401".toCharArray())).problem());
            card.changePin(PinKind.USER_AUTH, "4821".toCharArray(), "1234".toCharArray(), StrengthCheck.SKIP, LastAttempt.REFUSE);
            card.verifyUserPin("1234".toCharArray());
        }
    }

    @Test
    void pinStatusesSpendNothing() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        try (MynaCard card = MynaCard.open(emu)) {
            for (int i = 0; i < 3; i++) {
                Map<PinKind, PinStatus> s = card.pinStatuses();
                assertEquals(5, s.get(PinKind.SIGNING).remaining());
                assertEquals(3, s.get(PinKind.CARD_INFO_INPUT).remaining());
            }
        }
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), emu.remainingAttempts(k));
        }
    }

    @Test
    void callerPinArrayIsLeftIntact() throws Exception {
        char[] pin = "4821".toCharArray();
        try (MynaCard card = MynaCard.open(MynaCardEmulator.createDefault())) {
            card.verifyUserPin(pin);
        }
        assertArrayEquals("4821".toCharArray(), pin);
        assertNotNull(pin);
    }

    @Test
    void everyOperationWorksOnACautiousCardThroughTheFallback() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        emu.setCautious(true);
        try (MynaCard card = MynaCard.open(emu)) {
            assertEquals(3, card.pinStatus(PinKind.USER_AUTH).remaining());
            assertEquals(MynaCardEmulator.DEFAULT_MY_NUMBER, card.readCardFields("7364".toCharArray()).myNumber());
            assertArrayEquals(emu.certificate(JpkiCertificate.AUTHENTICATION).getEncoded(),
                    card.readCertificate(JpkiCertificate.AUTHENTICATION).getEncoded());
            assertEquals(256, card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, new byte[32], "MYNA2026".toCharArray()).length);
            assertThrows(WrongPinException.class, () -> card.verifyUserPin("0000".toCharArray()));
            card.changePin(PinKind.CARD_INFO_INPUT, "7364".toCharArray(), "2580".toCharArray());
            card.resetSigningPin("4821".toCharArray(), "KIOSK2027".toCharArray(), TestTerminals.kiosk());
        }
        assertEquals(3, emu.remainingAttempts(PinKind.USER_AUTH));
    }
}
