package io.github.mynacard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The facade's exact APDU sequences and its handling of odd answers, against a scripted card. */
class MynaCardScriptedTest {

    private static final String SELECT_JPKI = "00A4040C0AD392F000260100000001";
    private static final String SELECT_INFO = "00A4040C0AD3921000310001010408";
    private static final String SELECT_COMMON = "00A4040C0AD3921000310001010100";
    private static final String EF_0018 = "00A4020C020018";
    private static final String EF_001B = "00A4020C02001B";
    private static final String STATUS = "00200080";

    private static String ascii(String s) {
        return HexFormat.of().withUpperCase().formatHex(s.getBytes());
    }

    @Test
    void malformedPinsSendNothing() throws Exception {
        ScriptedTransport t = new ScriptedTransport();
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            assertThrows(PinFormatException.class, () -> card.verifySignaturePin("abc123".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.verifySignaturePin("ABC12".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.verifySignaturePin("ABCDEFGHIJ1234567".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.verifyUserPin("12a4".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.verifyUserPin("123".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.readCardFields("12345".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.verifyPin(PinKind.RESIDENT_REGISTRY, "x".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256,
                    new byte[32], "short".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.changePin(PinKind.USER_AUTH, "4821".toCharArray(),
                    "12345".toCharArray()));
            assertThrows(PinFormatException.class, () -> card.resetSigningPin("4821".toCharArray(),
                    "lower1".toCharArray(), null));
        }
        assertEquals(0, t.sent.size(), "no APDU may be sent for a malformed PIN");
    }

    @Test
    void verifyLearnsTheCounterOnceThenFromAnswers() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(EF_0018, "9000")
                .expect(STATUS, "63C3")
                .expect("0020008004" + ascii("1111"), "63C2")
                .expect("0020008004" + ascii("2222"), "63C1");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            assertEquals(2, assertThrows(WrongPinException.class, () -> card.verifyUserPin("1111".toCharArray())).attemptsRemaining());
            assertEquals(1, assertThrows(WrongPinException.class, () -> card.verifyUserPin("2222".toCharArray())).attemptsRemaining());
            assertThrows(LastAttemptException.class, () -> card.verifyUserPin("3333".toCharArray()));
        }
        assertTrue(t.finished());
        assertEquals(5, t.sent.size(), "the guard sends nothing for the refused call");
    }

    @Test
    void allowedLastAttemptBlocksAndThenNothingIsSent() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(EF_001B, "9000")
                .expect("002000800A" + ascii("WRONG12345"), "63C0"); // ALLOW needs no status query
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            PinBlockedException e = assertThrows(PinBlockedException.class,
                    () -> card.verifySignaturePin("WRONG12345".toCharArray(), LastAttempt.ALLOW));
            assertTrue(e.getMessage().contains("kiosk"));
            assertThrows(PinBlockedException.class, () -> card.verifySignaturePin("RIGHT12345".toCharArray(), LastAttempt.ALLOW));
        }
        assertTrue(t.finished());
    }

    @Test
    void blockedAnswer6984IsTyped() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_COMMON, "9000")
                .expect("00A4020C02001C", "9000")
                .expect(STATUS, "63C2")
                .expect("0020008004" + ascii("5930"), "6984");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            PinBlockedException e = assertThrows(PinBlockedException.class,
                    () -> card.verifyPin(PinKind.RESIDENT_REGISTRY, "5930".toCharArray()));
            assertEquals(0x6984, e.statusWord());
            assertTrue(e.getMessage().contains("municipal office"));
        }
    }

    @Test
    void statusAnswerOutsideRetryRangeIsNotAPinResult() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(EF_0018, "9000").expect(STATUS, "6700");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            UnexpectedStatusException e = assertThrows(UnexpectedStatusException.class, () -> card.pinStatus(PinKind.USER_AUTH));
            assertTrue(e.getMessage().contains("6700 (wrong length)"), e.getMessage());
        }
    }

    @Test
    void counterAboveTheMaximumIsCardData() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(EF_0018, "9000").expect(STATUS, "63CF");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            assertThrows(CardDataException.class, () -> card.pinStatus(PinKind.USER_AUTH));
        }
    }

    @Test
    void readCardFieldsSequenceAndParsing() throws Exception {
        String name = "番号　花子";
        String addr = "東京都千代田区霞が関２丁目１番２号";
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] a = addr.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HexFormat h = HexFormat.of().withUpperCase();
        String inner = "DF2108" + "0000000000000000" + "DF22" + String.format("%02X", n.length) + h.formatHex(n)
                + "DF23" + String.format("%02X", a.length) + h.formatHex(a) + "DF2408" + ascii("19900401") + "DF250132";
        String basic = "FF20" + String.format("%02X", inner.length() / 2) + inner + "FFFF";
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_INFO, "9000")
                .expect("00A4020C020011", "9000")
                .expect(STATUS, "63C3")
                .expect("0020008004" + ascii("7364"), "9000")
                .expect("00A4020C020001", "9000")
                .expect("00B0000000", "FF100C" + ascii("537686677188") + "FFFF9000")
                .expect("00A4020C020002", "9000")
                .expect("00B0000000", basic + "9000");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            CardFields f = card.readCardFields("7364".toCharArray());
            assertEquals("537686677188", f.myNumber());
            assertEquals(name, f.name());
            assertEquals(addr, f.address());
            assertEquals(LocalDate.of(1990, 4, 1), f.birthDate());
            assertEquals(Sex.FEMALE, f.sex());
            assertTrue(!f.toString().contains("537686677188") && !f.toString().contains(name));
        }
        assertTrue(t.finished());
    }

    @Test
    void wrongCheckDigitIsCardData() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_INFO, "9000").expect("00A4020C020011", "9000").expect(STATUS, "63C3")
                .expect("0020008004" + ascii("7364"), "9000").expect("00A4020C020001", "9000")
                .expect("00B0000000", "FF100C" + ascii("537686677187") + "FFFF9000");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            CardDataException e = assertThrows(CardDataException.class, () -> card.readCardFields("7364".toCharArray()));
            assertTrue(e.getMessage().contains("check digit"));
            assertTrue(!e.getMessage().contains("53768667718"));
        }
    }

    @Test
    void truncatedFileIsCardData() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect("00A4020C02000A", "9000")
                .expect("00B0000000", "308205A0" + "00".repeat(100) + "9000")
                .expect("00B0006800", "9000");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            assertThrows(CardDataException.class, () -> card.readCertificate(JpkiCertificate.AUTHENTICATION));
        }
    }

    @Test
    void responseWithoutStatusWordIsCardData() throws Exception {
        ScriptedTransport t = new ScriptedTransport().expect(SELECT_JPKI, "90");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            assertThrows(CardDataException.class, () -> card.cardType());
        }
    }

    @Test
    void signingCertificateWithoutPasswordIsSecurityStatus() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect("00A4020C020001", "9000").expect("00B0000000", "6982");
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            SecurityStatusException e = assertThrows(SecurityStatusException.class,
                    () -> card.readCertificate(JpkiCertificate.SIGNING));
            assertTrue(e.getMessage().contains("signing password"));
        }
    }

    @Test
    void resetWithoutTerminalSendsNothing() throws Exception {
        ScriptedTransport t = new ScriptedTransport();
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            PinResetUnavailableException e = assertThrows(PinResetUnavailableException.class,
                    () -> card.resetSigningPin("4821".toCharArray(), "KIOSK2026".toCharArray(), null));
            assertTrue(e.getMessage().contains("24 hours"));
        }
        assertEquals(0, t.sent.size());
    }

    @Test
    void resetRefusedByARealCardExplainsTheProcedure() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(EF_0018, "9000").expect(STATUS, "63C3")
                .expect("0020008004" + ascii("4821"), "9000")
                .expect("0084000010", "6D00");
        TerminalAuthenticator kiosk = new TerminalAuthenticator() {
            @Override
            public int keyReference() {
                return 1;
            }

            @Override
            public byte[] authenticate(byte[] challenge) {
                return new byte[256];
            }
        };
        try (MynaCard card = MynaCard.open(t, ReadStrategy.COMPATIBLE)) {
            PinResetUnavailableException e = assertThrows(PinResetUnavailableException.class,
                    () -> card.resetSigningPin("4821".toCharArray(), "KIOSK2026".toCharArray(), kiosk));
            assertEquals(0x6D00, e.statusWord());
            assertTrue(e.getMessage().contains("face check"));
        }
    }

    @Test
    void transportFailureStaysAnIOExceptionAndSelectionIsRedone() throws Exception {
        int[] n = {0};
        ScriptedTransport ok = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00B0860020", ascii("JPKIAPICCTOKEN2") + "20".repeat(17) + "9000");
        try (MynaCard card = MynaCard.open(c -> {
            if (n[0]++ == 0) {
                throw new CardTransportException(CardTransportException.Reason.CARD_RESET, "reset");
            }
            return ok.transmit(c);
        })) {
            assertEquals(CardTransportException.Reason.CARD_RESET,
                    assertThrows(CardTransportException.class, card::cardType).reason());
            assertEquals(CardType.MY_NUMBER_CARD, card.cardType());
        }
    }

    private static final String MY_NUMBER_FILE = "FF100C" + ascii("537686677188") + "FFFF";
    private static final String BASIC_FILE;

    static {
        String inner = "DF2108000E001300160020" + "DF2203" + ascii("ABC") + "DF2301" + ascii("X")
                + "DF2408" + ascii("19900401") + "DF250131";
        BASIC_FILE = "FF20" + String.format("%02X", inner.length() / 2) + inner + "FFFFFF";
    }

    @Test
    void fastPathReadsCardFieldsWithShortEfIdsAndExtendedLength() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_INFO, "9000")
                .expect("00200091", "63C3")
                .expect("0020009104" + ascii("7364"), "9000")
                .expect("00B0810000", MY_NUMBER_FILE + "9000")   // small files: short Le, no SELECT
                .expect("00B0820000", BASIC_FILE + "9000");
        try (MynaCard card = MynaCard.open(t)) {
            CardFields f = card.readCardFields("7364".toCharArray());
            assertEquals("ABC", f.name());
            assertEquals(Sex.MALE, f.sex());
        }
        assertTrue(t.finished());
    }

    @Test
    void fastPathFallsBackOnceAndRemembers() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_INFO, "9000")
                .expect("00200091", "6A86")                  // short EF id refused: fall back
                .expect("00A4020C020011", "9000")
                .expect(STATUS, "63C3")
                .expect("0020008004" + ascii("7364"), "9000")
                .expect("00A4020C020001", "9000")
                .expect("00B0000000", MY_NUMBER_FILE + "9000")
                .expect("00A4020C020002", "9000")
                .expect("00B0000000", BASIC_FILE + "9000")
                // a large file on the same session: extended refused once, then 256-byte reads
                .expect(SELECT_JPKI, "9000")
                .expect("00A4020C02000A", "9000")
                .expect("00B00000000000", "6700")
                .expect("00B0000000", "3003020101FFFF9000");
        try (MynaCard card = MynaCard.open(t)) {
            card.readCardFields("7364".toCharArray());
            assertThrows(CardDataException.class, () -> card.readCertificate(JpkiCertificate.AUTHENTICATION));
        }
        assertTrue(t.finished());
    }

    @Test
    void fastPathReadsACertificateInTwoRoundTrips() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00B08A00000000", "3003020101" + "FFFF" + "9000");
        try (MynaCard card = MynaCard.open(t)) {
            assertThrows(CardDataException.class, () -> card.readCertificate(JpkiCertificate.AUTHENTICATION));
        }
        assertTrue(t.finished(), "select + one read; the bytes are not a certificate, so CardDataException");
    }

    @Test
    void closedCardRefusesCalls() throws IOException {
        MynaCard card = MynaCard.open(new ScriptedTransport());
        card.close();
        assertThrows(IllegalStateException.class, () -> card.pinStatus(PinKind.SIGNING));
    }
}
