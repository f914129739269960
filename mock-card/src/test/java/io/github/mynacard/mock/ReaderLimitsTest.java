package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.CardFields;
import io.github.mynacard.MynaCard;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readers and cards that do less than the fast path asks: a reader that cannot carry
 * extended-length APDUs (its driver fails the transmit; the card never sees the command), a card
 * that refuses them ({@code 6700}), and a card that ends a short read with {@code 6282}. Every
 * typed operation works on each, with exactly the APDUs the compatible forms need.
 */
class ReaderLimitsTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** The operations a short-APDU reader can carry: the PIN-reset model's terminal signature needs an extended Lc. */
    private static boolean shortApdusCanCarry(String operation) {
        return !operation.startsWith("reset-");
    }

    static boolean extended(byte[] command) {
        try {
            return CommandApdu.parse(command).isExtended();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What the link does with an extended-length command. */
    enum Link { CARRIES_IT, READER_REFUSES_IT, CARD_REFUSES_IT }

    /** Sends the operation through a limited link; returns what reached the card, and the link's refusals. */
    private static List<String> run(ApduTraceGoldenTest.Operation op, ReadStrategy strategy, Link kind,
            boolean cardEndOfFileWarning, List<String> refusedByTheLink) throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.builder().certificateIssueDate(ApduTraceGoldenTest.ISSUED).build();
        emulator.setEndOfFileWarning(cardEndOfFileWarning);
        List<String> reachedTheCard = new ArrayList<>();
        CardTransport link = command -> {
            String seen = command.length > 7 && command[1] == (byte) 0x82 // a signature over a random challenge
                    ? HEX.formatHex(command, 0, 4) + "<" + (command.length - 4) + ">" : HEX.formatHex(command);
            if (kind != Link.CARRIES_IT && extended(command)) {
                if (kind == Link.READER_REFUSES_IT) {
                    refusedByTheLink.add(HEX.formatHex(command));
                    throw new CardTransportException(CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED,
                            "the reader exchanges short APDUs only");
                }
                reachedTheCard.add(seen);
                return new byte[] {0x67, 0x00}; // a card that refuses them
            }
            reachedTheCard.add(seen);
            return emulator.transmit(command);
        };
        try (MynaCard card = MynaCard.open(link, strategy)) {
            op.run(card, emulator);
        }
        return reachedTheCard;
    }

    @Test
    void behindAReaderOfShortApdusEveryOperationWorksAsWithACardThatRefusesExtendedOnes() throws Exception {
        int operations = 0;
        for (Map.Entry<String, ApduTraceGoldenTest.Operation> e : ApduTraceGoldenTest.OPERATIONS.entrySet()) {
            if (!shortApdusCanCarry(e.getKey())) {
                continue;
            }
            List<String> refused = new ArrayList<>();
            List<String> viaReader = run(e.getValue(), ReadStrategy.FAST, Link.READER_REFUSES_IT, false, refused);
            List<String> viaCard = run(e.getValue(), ReadStrategy.FAST, Link.CARD_REFUSES_IT, false, new ArrayList<>());
            List<String> cardRefusals = viaCard.stream().filter(c -> extended(HEX.parseHex(c))).toList();
            List<String> viaCardWithoutRefusals = viaCard.stream().filter(c -> !extended(HEX.parseHex(c))).toList();
            assertEquals(cardRefusals, refused, e.getKey() + ": the same extended tries, refused by the reader instead");
            assertTrue(refused.size() <= 1, e.getKey() + ": one extended try per session at most: " + refused);
            assertEquals(viaCardWithoutRefusals, viaReader, e.getKey() + ": the same short APDUs reach the card");
            assertTrue(viaReader.stream().noneMatch(c -> extended(HEX.parseHex(c))), e.getKey());
            operations++;
        }
        assertTrue(operations >= 20, "operations covered: " + operations);
    }

    @Test
    void onTheCompatiblePathNoExtendedApduIsEverTried() throws Exception {
        for (Map.Entry<String, ApduTraceGoldenTest.Operation> e : ApduTraceGoldenTest.OPERATIONS.entrySet()) {
            if (!shortApdusCanCarry(e.getKey())) {
                continue;
            }
            List<String> refused = new ArrayList<>();
            run(e.getValue(), ReadStrategy.COMPATIBLE, Link.READER_REFUSES_IT, false, refused);
            assertEquals(List.of(), refused, e.getKey());
        }
    }

    @Test
    void aCardThatEndsShortReadsWith6282WorksOnBothPaths() throws Exception {
        for (ReadStrategy strategy : ReadStrategy.values()) {
            for (Map.Entry<String, ApduTraceGoldenTest.Operation> e : ApduTraceGoldenTest.OPERATIONS.entrySet()) {
                List<String> withWarning = run(e.getValue(), strategy, Link.CARRIES_IT, true, new ArrayList<>());
                List<String> without = run(e.getValue(), strategy, Link.CARRIES_IT, false, new ArrayList<>());
                assertEquals(without, withWarning, strategy + " " + e.getKey() + ": the same APDUs with 6282 answers");
            }
        }
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        card.setEndOfFileWarning(true);
        for (ReadStrategy strategy : ReadStrategy.values()) {
            try (MynaCard session = MynaCard.open(card, strategy)) {
                CardFields f = session.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray(),
                        io.github.mynacard.LastAttempt.REFUSE, card.cardInfoCvcAuthorityKey());
                assertEquals(MynaCardEmulator.DEFAULT_MY_NUMBER, f.myNumber(), strategy.toString());
                assertTrue(f.authenticity().genuine(), strategy + ": " + f.authenticity());
            }
        }
    }

    @Test
    void theEmulatorsEndOfFileWarningAnswers6282WithTheBytesThereAre() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.createDefault();
        card.setEndOfFileWarning(true);
        Apdus.sw(card, Apdus.SELECT_JPKI);
        byte[] r = Apdus.send(card, "00B0880000"); // EF 0008 (3 bytes), Le 256
        assertEquals("8F8F006282", HEX.formatHex(r));
        assertEquals("6B00", Apdus.sw(card, "00B0000300"), "an offset past the end");
        byte[] exact = Apdus.send(card, "00B0000003");
        assertEquals("8F8F009000", HEX.formatHex(exact), "a read that ends at the end is no warning");
    }
}
