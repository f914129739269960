package io.github.mynacard.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MynaCardExtensionTest {

    @RegisterExtension
    static MynaCardExtension cards = MynaCardExtension.with(b -> b.userPin("1111"));

    private static String sw(MynaCardEmulator card, String hex) throws IOException {
        byte[] r = card.transmit(HexFormat.of().parseHex(hex));
        return HexFormat.of().withUpperCase().formatHex(r, r.length - 2, r.length);
    }

    private static final String SELECT_JPKI = "00A4040C0A" + MynaCardEmulator.JPKI_AID;

    @Test
    void customisedCardsUseTheCustomiser(MynaCardEmulator card) throws IOException {
        sw(card, SELECT_JPKI);
        assertEquals("9000", sw(card, "0020009804" + HexFormat.of().formatHex("1111".getBytes())));
    }

    @Test
    void everyParameterGetsAFreshCard(MynaCardEmulator a, MynaCardEmulator b) throws IOException {
        assertNotSame(a, b);
        sw(a, SELECT_JPKI);
        assertEquals("63C2", sw(a, "0020009804" + HexFormat.of().formatHex("0000".getBytes())));
        assertEquals(3, b.remainingAttempts(PinKind.USER_AUTH));
    }
}
