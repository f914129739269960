package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_JPKI;
import static io.github.mynacard.mock.Apdus.sw;
import static io.github.mynacard.mock.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MynaCardExtensionTest {

    @RegisterExtension
    static MynaCardExtension cards = MynaCardExtension.with(b -> b.userPin("1111"));

    @Test
    void customisedCardsUseTheCustomiser(MynaCardEmulator card) {
        sw(card, SELECT_JPKI);
        assertEquals("9000", sw(card, verify(0x18, "1111")));
    }

    @Test
    void everyParameterGetsAFreshCard(MynaCardEmulator a, MynaCardEmulator b) {
        assertNotSame(a, b);
        sw(a, SELECT_JPKI);
        sw(a, verify(0x18, "0000"));
        assertEquals(3, b.remainingAttempts(io.github.mynacard.PinKind.USER_AUTH));
    }
}
