package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mynacard.CardDataException;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.Sex;
import io.github.mynacard.cert.CertificateValidity;
import io.github.mynacard.cert.SigningCertificateInfo;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The holder data in the signing certificate's subjectAltName, and the certificate's validity. */
class CertSigningInfoTest {

    @Test
    void sanGivesBackExactlyTheHoldersData() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.builder()
                .name("髙橋\u3000𠮷太郎")
                .address("大阪府大阪市北区梅田１丁目２番３号　梅田ハイツ４０５")
                .birthDate(LocalDate.of(1975, 2, 28))
                .sex(Sex.MALE)
                .build();
        X509Certificate cert;
        try (MynaCard card = MynaCard.open(emu)) {
            cert = card.readSigningCertificate(MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray());
        }
        SigningCertificateInfo info = SigningCertificateInfo.parse(cert);
        assertEquals("髙橋\u3000𠮷太郎", info.name());
        assertEquals("大阪府大阪市北区梅田１丁目２番３号　梅田ハイツ４０５", info.address());
        assertEquals(LocalDate.of(1975, 2, 28), info.birthDate());
        assertEquals(3, info.birthDateEraCode(), "昭和");
        assertEquals(Sex.MALE, info.sex());
        assertEquals("0".repeat("髙橋\u3000𠮷太郎".codePointCount(0, "髙橋\u3000𠮷太郎".length())), info.nameSubstitutionFlags());
        assertEquals(26, info.addressSubstitutionFlags().length());
    }

    @Test
    void defaultHolderIsHeiseiBorn() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        SigningCertificateInfo info = SigningCertificateInfo.parse(emu.certificate(JpkiCertificate.SIGNING));
        assertEquals(MynaCardEmulator.DEFAULT_NAME, info.name());
        assertEquals(MynaCardEmulator.DEFAULT_ADDRESS, info.address());
        assertEquals(MynaCardEmulator.DEFAULT_BIRTH_DATE, info.birthDate());
        assertEquals(4, info.birthDateEraCode());
        assertEquals(MynaCardEmulator.DEFAULT_SEX, info.sex());
    }

    @Test
    void toStringPrintsNoPersonalData() throws Exception {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        String s = SigningCertificateInfo.parse(emu.certificate(JpkiCertificate.SIGNING)).toString();
        assertFalse(s.contains("番号"));
        assertFalse(s.contains("東京"));
        assertFalse(s.contains("1990"));
    }

    @Test
    void theAuthenticationCertificateHasNoHolderData() {
        MynaCardEmulator emu = MynaCardEmulator.createDefault();
        assertThrows(CardDataException.class, () -> SigningCertificateInfo.parse(emu.certificate(JpkiCertificate.AUTHENTICATION)));
    }

    @Test
    void validityBoundariesWithAFixedClock() {
        LocalDate issued = LocalDate.of(2026, 1, 15);
        MynaCardEmulator emu = MynaCardEmulator.builder().birthDate(LocalDate.of(1990, 4, 1)).certificateIssueDate(issued).build();
        X509Certificate cert = emu.certificate(JpkiCertificate.SIGNING);
        Instant notAfter = cert.getNotAfter().toInstant();
        // the 5th birthday after issue (the 1st is 2026-04-01): 2030-04-01, end of day JST
        assertEquals(LocalDate.of(2030, 4, 1), notAfter.atOffset(ZoneOffset.ofHours(9)).toLocalDate());

        assertEquals(CertificateValidity.Status.VALID, at(cert, notAfter.minus(Duration.ofDays(90)).minusSeconds(1)).status());
        assertEquals(CertificateValidity.Status.EXPIRING_SOON, at(cert, notAfter.minus(Duration.ofDays(90))).status());
        assertEquals(CertificateValidity.Status.EXPIRING_SOON, at(cert, notAfter).status());
        assertEquals(CertificateValidity.Status.EXPIRED, at(cert, notAfter.plusSeconds(1)).status());
        assertEquals(CertificateValidity.Status.NOT_YET_VALID, at(cert, cert.getNotBefore().toInstant().minusSeconds(1)).status());
        CertificateValidity v = at(cert, notAfter.minus(Duration.ofDays(10)));
        assertEquals(Duration.ofDays(10), v.remaining());
        assertEquals(notAfter, v.notAfter());
    }

    private static CertificateValidity at(X509Certificate cert, Instant now) {
        return CertificateValidity.of(cert, Clock.fixed(now, ZoneOffset.UTC));
    }
}
