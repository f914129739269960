package io.github.mynacard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command array that carries a PIN is zero once the library is done with it; no other is touched. */
class PinCommandWipeTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** A card that accepts everything, and keeps the very arrays it was given. */
    private static final class KeepingCard implements CardTransport {
        final List<byte[]> given = new ArrayList<>();
        final List<String> asSent = new ArrayList<>();
        boolean failPins;

        @Override
        public byte[] transmit(byte[] command) throws CardTransportException {
            given.add(command);
            asSent.add(HEX.formatHex(command));
            int ins = command[1] & 0xFF;
            if (ins == 0x20 && command.length == 4) {
                return HEX.parseHex("63C3");
            }
            if (failPins && command.length > 5 && (ins == 0x20 || ins == 0x24 || ins == 0x2C || ins == 0x32)) {
                throw new CardTransportException(CardTransportException.Reason.CARD_REMOVED, "gone");
            }
            if (ins == 0x84) {
                return HEX.parseHex("00112233445566778899AABBCCDDEEFF9000");
            }
            return HEX.parseHex("9000");
        }

        /** The commands sent with a PIN instruction and data, checked to be wiped; the others intact. */
        int checkWiped() {
            int pins = 0;
            for (int i = 0; i < given.size(); i++) {
                byte[] c = given.get(i);
                String sent = asSent.get(i);
                int ins = HEX.parseHex(sent)[1] & 0xFF;
                boolean pin = sent.length() > 10 && (ins == 0x20 || ins == 0x24 || ins == 0x2C || ins == 0x32);
                if (pin) {
                    pins++;
                    assertArrayEquals(new byte[c.length], c, "not wiped: command " + i);
                } else {
                    assertEquals(sent, HEX.formatHex(c), "changed: command " + i);
                }
            }
            return pins;
        }
    }

    private static final TerminalAuthenticator TERMINAL = new TerminalAuthenticator() {
        @Override
        public int keyReference() {
            return 1;
        }

        @Override
        public byte[] authenticate(byte[] challenge) {
            return new byte[256];
        }
    };

    @Test
    void verifyChangeAndResetCommandsAreWiped() throws Exception {
        for (ReadStrategy strategy : ReadStrategy.values()) {
            KeepingCard card = new KeepingCard();
            try (MynaCard c = MynaCard.open(card, strategy)) {
                c.verifyUserPin("4821".toCharArray());
                c.changePin(PinKind.SIGNING, "ABC123".toCharArray(), "XYZ789".toCharArray(), StrengthCheck.SKIP,
                        LastAttempt.REFUSE);
                c.changePin(PinKind.RESIDENT_REGISTRY, "4821".toCharArray(), "9137".toCharArray());
                c.resetSigningPin("4821".toCharArray(), "KIOSK2027".toCharArray(), TERMINAL);
            }
            assertEquals(7, card.checkWiped(), strategy.name());
        }
    }

    @Test
    void wipedAlsoWhenTheLinkFails() throws Exception {
        KeepingCard card = new KeepingCard();
        card.failPins = true;
        try (MynaCard c = MynaCard.open(card, ReadStrategy.COMPATIBLE)) {
            assertThrows(CardTransportException.class, () -> c.verifyUserPin("4821".toCharArray()));
        }
        assertEquals(1, card.checkWiped());
        assertTrue(card.asSent.stream().anyMatch(s -> s.startsWith("0020008004")));
    }

    @Test
    void theCallersPinIsLeftAsItIs() throws Exception {
        char[] pin = "4821".toCharArray();
        try (MynaCard c = MynaCard.open(new KeepingCard(), ReadStrategy.FAST)) {
            c.verifyUserPin(pin);
        }
        assertEquals("4821", new String(pin));
        assertFalse(Arrays.equals(new char[4], pin));
    }
}
