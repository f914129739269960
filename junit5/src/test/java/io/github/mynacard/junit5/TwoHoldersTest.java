package io.github.mynacard.junit5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.MynaCardEmulator;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two holders in one test: distinct cards, and the same seed for byte-identical ones. */
@ExtendWith(MynaCardExtension.class)
class TwoHoldersTest {

    @Test
    void twoHoldersHaveDifferentCertificatesAndKeys(
            @Holder(name = "山田　太郎", myNumber = "537686677188", birthDate = "1975-12-31") MynaCardEmulator taro,
            @Holder(name = "番号　花子") MynaCardEmulator hanako) throws Exception {
        assertEquals(LocalDate.of(1975, 12, 31), taro.holderBirthDate());
        assertEquals(MynaCardEmulator.DEFAULT_BIRTH_DATE, hanako.holderBirthDate());
        for (JpkiCertificate c : new JpkiCertificate[] {JpkiCertificate.AUTHENTICATION, JpkiCertificate.SIGNING}) {
            assertFalse(Arrays.equals(taro.certificate(c).getEncoded(), hanako.certificate(c).getEncoded()), c.name());
        }
        for (JpkiKey k : JpkiKey.values()) {
            assertNotEquals(taro.publicKey(k), hanako.publicKey(k), k.name());
        }
    }

    @Test
    void theSameSeedGivesByteIdenticalCertificates(@Holder(seed = 42) MynaCardEmulator first,
            @Holder(seed = 42) MynaCardEmulator second, @Holder(seed = 43) MynaCardEmulator other) throws Exception {
        for (JpkiCertificate c : JpkiCertificate.values()) {
            assertArrayEquals(first.certificate(c).getEncoded(), second.certificate(c).getEncoded(), c.name());
        }
        for (JpkiKey k : JpkiKey.values()) {
            assertArrayEquals(first.publicKey(k).getEncoded(), second.publicKey(k).getEncoded(), k.name());
        }
        assertNotEquals(first.publicKey(JpkiKey.SIGNING), other.publicKey(JpkiKey.SIGNING));
    }
}
