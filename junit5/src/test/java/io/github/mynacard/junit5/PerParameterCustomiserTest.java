package io.github.mynacard.junit5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A customiser that sees the parameter's index; a {@link Holder} annotation applies after it. */
class PerParameterCustomiserTest {

    @RegisterExtension
    static MynaCardExtension cards = MynaCardExtension.withEach((index, b) -> b.seed(1000 + index)
            .birthDate(LocalDate.of(1980 + index, 1, 1)));

    @Test
    void eachParameterIndexGetsItsOwnCustomisedCard(MynaCardEmulator zero, MynaCardEmulator one,
            @Holder(birthDate = "2000-02-29") MynaCardEmulator two) throws Exception {
        assertEquals(LocalDate.of(1980, 1, 1), zero.holderBirthDate());
        assertEquals(LocalDate.of(1981, 1, 1), one.holderBirthDate());
        assertEquals(LocalDate.of(2000, 2, 29), two.holderBirthDate(), "the annotation wins");
        assertNotEquals(zero.publicKey(JpkiKey.AUTHENTICATION), one.publicKey(JpkiKey.AUTHENTICATION));
        assertArrayEquals(MynaCardEmulator.builder().seed(1001).build().publicKey(JpkiKey.AUTHENTICATION).getEncoded(),
                one.publicKey(JpkiKey.AUTHENTICATION).getEncoded(), "the seed of index 1");
        assertEquals(3, two.remainingAttempts(PinKind.USER_AUTH));
    }
}
