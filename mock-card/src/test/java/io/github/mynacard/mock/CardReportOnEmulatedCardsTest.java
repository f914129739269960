package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.Sex;
import io.github.mynacard.report.CardReport;
import io.github.mynacard.report.CardReporter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card report on emulated cards with known personal data: none of it is in the report, in any
 * spelling; no counter moves; and a profile made from a report survives the state file and
 * imitates what the report saw, GET RESPONSE and {@code 6Cxx} included.
 */
class CardReportOnEmulatedCardsTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static Map<PinKind, Integer> counters(MynaCardEmulator e) {
        Map<PinKind, Integer> m = new EnumMap<>(PinKind.class);
        for (PinKind k : PinKind.values()) {
            m.put(k, e.remainingAttempts(k));
        }
        return m;
    }

    /** Every spelling of the card's personal and card-identifying values a report could leak. */
    private static List<String> secrets(MynaCardEmulator e, String myNumber, String name, String address, LocalDate birth) {
        List<String> s = new ArrayList<>();
        s.add(myNumber);
        s.add(HEX.formatHex(myNumber.getBytes(StandardCharsets.US_ASCII)));
        s.add(name);
        s.add(name.split("\u3000")[1]); // the given name (the default family name 番号 is a word of the report)
        s.add(HEX.formatHex(name.getBytes(StandardCharsets.UTF_8)));
        s.add(address);
        s.add(HEX.formatHex(address.getBytes(StandardCharsets.UTF_8), 0, 12));
        s.add(birth.toString());
        s.add(birth.toString().replace("-", ""));
        s.add(HEX.formatHex(birth.toString().replace("-", "").getBytes(StandardCharsets.US_ASCII)));
        for (JpkiCertificate c : new JpkiCertificate[] {JpkiCertificate.AUTHENTICATION, JpkiCertificate.SIGNING}) {
            X509Certificate x = e.certificate(c); // the holder's own (the CA certificates are the same on every card)
            BigInteger serial = x.getSerialNumber();
            s.add(serial.toString());
            s.add(serial.toString(16).toUpperCase(Locale.ROOT));
            s.add(serial.toString(16));
            String modulus = ((RSAPublicKey) x.getPublicKey()).getModulus().toString(16).toUpperCase(Locale.ROOT);
            s.add(modulus.substring(0, 16));
            s.add(modulus.substring(modulus.length() - 16));
            s.add(HEX.formatHex(x.getSignature(), 0, 8));
        }
        s.add(new String(e.securityCode()));
        for (String x : s) {
            assertTrue(x.getBytes(StandardCharsets.UTF_8).length >= 4, "a value long enough to mean something when found: " + x);
        }
        return s;
    }

    @Test
    void aReportOfAnyOfTheseCardsHoldsNoneOfTheirDataAndSpendsNothing() throws Exception {
        String[][] holders = {
            {"314159265352", "番号\u3000花子", "東京都千代田区霞が関２丁目１番２号", "1990-04-01"},
            {"123456789018", "鈴木\u3000一郎", "大阪府大阪市北区中之島１丁目３番２０号", "1975-11-23"},
            {"999988887770", "SMITH\u3000JOHN", "北海道札幌市中央区北一条西２丁目", "2008-02-29"},
        };
        int reports = 0;
        for (String[] h : holders) {
            for (boolean shortOnly : new boolean[] {false, true}) {
                String number = h[0];
                if (!io.github.mynacard.MyNumber.isValid(number)) {
                    number = number.substring(0, 11) + io.github.mynacard.MyNumber.checkDigit(number.substring(0, 11));
                }
                LocalDate birth = LocalDate.parse(h[3]);
                MynaCardEmulator e = MynaCardEmulator.builder().myNumber(number).name(h[1]).address(h[2]).birthDate(birth)
                        .sex(Sex.MALE).seed(reports + 7).build();
                // spend one attempt of each 4-digit PIN first, so that "unchanged" is not "full"
                try (MynaCard card = MynaCard.open(e, ReadStrategy.FAST)) {
                    expectRefused(() -> card.verifyUserPin("0000".toCharArray()));
                }
                Map<PinKind, Integer> before = counters(e);
                String json = CardReporter.run(e, new CardReport.Reader("emulated", "", "", ""), shortOnly, "test").toJson();
                assertEquals(before, counters(e), "no counter moved");
                for (String secret : secrets(e, number, h[1], h[2], birth)) {
                    assertFalse(json.contains(secret), "the report holds a value of the card: " + secret);
                }
                assertTrue(json.contains("\"JPKI\"") && json.contains("\"CARD_INFO\"") && json.contains("\"CARD_FACE\""));
                assertTrue(json.contains("\"sw\": \"63C2\""), "the spent counter is seen as it is (2 left)");
                reports++;
            }
        }
        assertEquals(6, reports);
    }

    private static void expectRefused(ApduTraceGoldenTest.Refusable r) {
        try {
            r.run();
        } catch (Exception expected) {
            return;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void theProfileIsKeptInTheStateFileAndEveryProcessThatOpensItAnswersInItsForm(@TempDir Path dir) throws Exception {
        CardReport report = CardReport.read(CardReportsFolderTest.folder().resolve("emulator-short-apdu-reader.json"));
        Path file = dir.resolve("card.state");
        MynaCardEmulator made = MynaCardEmulator.builder().profile(report).stateFile(file).build();
        assertNotNull(made.profile());
        assertTrue(Files.readString(file).contains("\nprofile="));
        MynaCardEmulator opened = MynaCardEmulator.load(file);
        assertNotNull(opened.profile(), "the profile came with the file");
        assertEquals(made.profile().describe(), opened.profile().describe());
        io.github.mynacard.transport.CardTransportException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.mynacard.transport.CardTransportException.class,
                () -> opened.transmit(HEX.parseHex("00B00000000000")));
        assertEquals(io.github.mynacard.transport.CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED, refused.reason());
        // a PIN change is saved with the profile still in the file
        try (MynaCard card = MynaCard.open(opened, ReadStrategy.FAST)) {
            expectRefused(() -> card.verifyUserPin("0000".toCharArray()));
        }
        assertNotNull(MynaCardEmulator.load(file).profile());
        assertEquals(2, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
    }

    /** A report as a T=0 card behind a reader that cuts extended answers would give: 61xx, 6Cxx and cut reads. */
    private static CardReport t0Report() throws Exception {
        CardReport full = CardReport.read(CardReportsFolderTest.folder().resolve("emulator-full.json"));
        List<CardReport.Exchange> l = new ArrayList<>();
        for (CardReport.Exchange x : full.exchanges()) {
            CardReport.Exchange y = x;
            if (x.form() == CardReport.Form.READ_SHORT && x.length() > 0) {
                y = new CardReport.Exchange(x.step(), x.application(), x.file(), x.form(), x.command(),
                        0x6100 | (x.length() & 0xFF), 0, "", "", x.micros());
            } else if (x.form() == CardReport.Form.READ_PAST_END) {
                y = new CardReport.Exchange(x.step(), x.application(), x.file(), x.form(), x.command(), 0x6C04, 0, "", "",
                        x.micros());
            } else if (x.form().extended() && x.length() > 512) {
                y = new CardReport.Exchange(x.step(), x.application(), x.file(), x.form(), x.command(), 0x9000, 512,
                        x.skeleton().substring(0, x.skeleton().indexOf(')')) + "+)", "", x.micros());
            }
            l.add(y);
        }
        return new CardReport("test", full.date(), full.reader(), false, full.token(), l);
    }

    @Test
    void aProfileOfGetResponseWrongLeAndCutAnswersIsImitatedAndEveryOperationStillWorks() throws Exception {
        CardReport report = t0Report();
        CardProfile p = CardProfile.of(report);
        assertTrue(p.getResponse());
        assertEquals(CardProfile.PastEnd.WRONG_LENGTH, p.pastEnd());
        assertEquals(512, p.extendedAnswerCap());
        // by hand: an extended read of the 1216-byte certificate, cut to 512 and handed out in 256-byte parts
        MynaCardEmulator one = MynaCardEmulator.builder().profile(report).build();
        one.setProfileTimings(false);
        assertEquals("9000", HEX.formatHex(one.transmit(HEX.parseHex("00A4040C0AD392F000260100000001"))));
        assertEquals("9000", HEX.formatHex(one.transmit(HEX.parseHex("00A4020C02000A"))));
        assertEquals("6100", HEX.formatHex(one.transmit(HEX.parseHex("00B00000000000"))), "512 bytes wait for GET RESPONSE");
        byte[] part1 = one.transmit(HEX.parseHex("00C0000000"));
        assertEquals(258, part1.length);
        assertEquals("6100", HEX.formatHex(part1, 256, 258), "256 more");
        byte[] part2 = one.transmit(HEX.parseHex("00C0000000"));
        assertEquals(258, part2.length);
        assertEquals("9000", HEX.formatHex(part2, 256, 258), "the whole cut answer handed out");
        assertEquals("6985", HEX.formatHex(one.transmit(HEX.parseHex("00C0000000"))), "nothing is left");
        assertEquals("6C04", HEX.formatHex(one.transmit(HEX.parseHex("00B004BC00"))), "4 bytes are left at 1212");

        int operations = 0;
        boolean sawGetResponse = false;
        boolean saw6C = false;
        for (Map.Entry<String, ApduTraceGoldenTest.Operation> e : ApduTraceGoldenTest.OPERATIONS.entrySet()) {
            MynaCardEmulator emu = MynaCardEmulator.builder().certificateIssueDate(ApduTraceGoldenTest.ISSUED)
                    .profile(report).build();
            emu.setProfileTimings(false);
            List<String> answers = new ArrayList<>();
            io.github.mynacard.transport.CardTransport watching = c -> {
                byte[] r = emu.transmit(c);
                answers.add(String.format("%02X", r[r.length - 2]));
                return r;
            };
            try (MynaCard card = MynaCard.open(watching, ReadStrategy.FAST)) {
                e.getValue().run(card, emu);
            } catch (Exception | AssertionError x) {
                throw new AssertionError(e.getKey() + " failed on " + p.describe() + ": " + x, x);
            }
            sawGetResponse |= answers.contains("61");
            saw6C |= answers.contains("6C");
            operations++;
        }
        assertTrue(sawGetResponse, "answers were handed out by GET RESPONSE");
        assertTrue(operations >= 20);
        System.err.println("T=0-like profile: " + operations + " operations, 61xx seen " + sawGetResponse + ", 6Cxx seen " + saw6C);
    }
}
