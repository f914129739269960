package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardFields;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.ReadStrategy;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The card-info AP's integrity record (EF 0003) and issuer certificate (EF 0004) checked by readCardFields. */
class CardDataAuthenticityTest {

    private static final char[] PIN = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();

    private static CardFields read(MynaCardEmulator emu, PublicKey trusted, ReadStrategy strategy) throws Exception {
        try (MynaCard card = MynaCard.open(emu, strategy)) {
            return card.readCardFields(PIN, LastAttempt.REFUSE, trusted);
        }
    }

    @ParameterizedTest
    @EnumSource(ReadStrategy.class)
    void genuineCardDataVerifies(ReadStrategy strategy) throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        CardFields f = read(emu, emu.cardInfoCvcAuthorityKey(), strategy);
        assertEquals(Authenticity.Status.GENUINE, f.authenticity().status(), f.authenticity().detail());
        assertEquals(MynaCardEmulator.DEFAULT_NAME, f.name());
    }

    @Test
    void withoutATrustedKeyNothingIsChecked() throws Exception {
        try (MynaCard card = MynaCard.open(MynaCardEmulator.createDefault())) {
            assertEquals(Authenticity.NOT_CHECKED, card.readCardFields(PIN).authenticity());
        }
    }

    @Test
    void alteredNameByteFailsTheCheckButTheDataIsReturned() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        byte[] file = basicFourFile(emu);
        byte[] name = MynaCardEmulator.DEFAULT_NAME.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(file, name);
        assertTrue(at > 0);
        file[at + 2]++; // 番 (E7 95 AA) becomes another valid character, the UTF-8 stays valid
        emu.overwriteFile(MynaCardEmulator.CARD_INFO_AID, 0x0002, file);

        CardFields f = read(emu, emu.cardInfoCvcAuthorityKey(), ReadStrategy.FAST);
        assertEquals(Authenticity.Status.FAILED, f.authenticity().status());
        assertTrue(f.authenticity().detail().contains("basic four"), f.authenticity().detail());
        assertNotEquals(MynaCardEmulator.DEFAULT_NAME, f.name());
        assertEquals(MynaCardEmulator.DEFAULT_ADDRESS, f.address());
        assertFalse(f.authenticity().detail().contains(f.name()));
    }

    @Test
    void alteredMyNumberFailsTheCheck() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.builder().myNumber("537686677188").build();
        byte[] other = ("\u00ff\u0010\u000c" + "314159265352" + "\u00ff\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        emu.overwriteFile(MynaCardEmulator.CARD_INFO_AID, 0x0001, other);
        CardFields f = read(emu, emu.cardInfoCvcAuthorityKey(), ReadStrategy.COMPATIBLE);
        assertEquals(Authenticity.Status.FAILED, f.authenticity().status());
        assertTrue(f.authenticity().detail().contains("My Number"), f.authenticity().detail());
    }

    @Test
    void anUntrustedAuthorityFailsTheCheck() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        CardFields f = read(MynaCardEmulator.createDefault(), g.generateKeyPair().getPublic(), ReadStrategy.FAST);
        assertEquals(Authenticity.Status.FAILED, f.authenticity().status());
        assertTrue(f.authenticity().detail().contains("EF 0004"), f.authenticity().detail());
    }

    @Test
    void integrityRecordHasTheReferenceLayout() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        byte[] rec = raw(emu, "0003");
        assertEquals(336, rec.length);
        assertEquals("FF3082014BDF3120", HexFormat.of().withUpperCase().formatHex(rec, 0, 8));
        byte[] cvc = raw(emu, "0004");
        assertEquals(568, cvc.length);
        assertEquals("7F218202335F4E820129", HexFormat.of().withUpperCase().formatHex(cvc, 0, 10));
    }

    private static byte[] basicFourFile(MynaCardEmulator emu) throws Exception {
        return raw(emu, "0002");
    }

    private static byte[] raw(MynaCardEmulator emu, String fid) throws Exception {
        HexFormat h = HexFormat.of();
        emu.transmit(h.parseHex("00A4040C0AD3921000310001010408"));
        emu.transmit(h.parseHex("00A4020C020011"));
        emu.transmit(h.parseHex("0020008004" + h.formatHex(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.getBytes(StandardCharsets.US_ASCII))));
        emu.transmit(h.parseHex("00A4020C02" + fid));
        byte[] r = emu.transmit(h.parseHex("00B00000000000"));
        emu.reset();
        return Arrays.copyOf(r, r.length - 2);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
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
}
