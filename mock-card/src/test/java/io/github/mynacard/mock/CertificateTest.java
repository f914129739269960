package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.Sex;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

class CertificateTest {

    private static final MynaCardEmulator CARD = MynaCardEmulator.builder()
            .certificateIssueDate(LocalDate.of(2026, 6, 1)).build();

    @Test
    void sanOtherNamesDecodeBackToTheHolderData() throws Exception {
        MynaCardEmulator card = MynaCardEmulator.builder().name("試験　太郎").sex(Sex.MALE)
                .birthDate(LocalDate.of(1989, 1, 8)).address("大阪府大阪市北区１－２").build();
        Map<String, String> san = otherNames(card.certificate(JpkiCertificate.SIGNING));
        assertEquals("試験　太郎", san.get("1.2.392.200149.8.5.5.1"));
        assertEquals("00000", san.get("1.2.392.200149.8.5.5.2"));
        assertEquals("1", san.get("1.2.392.200149.8.5.5.3"));
        assertEquals("419890108", san.get("1.2.392.200149.8.5.5.4"));
        assertEquals("大阪府大阪市北区１－２", san.get("1.2.392.200149.8.5.5.5"));
        assertEquals("0".repeat(11), san.get("1.2.392.200149.8.5.5.6"));
        Map<String, String> defaults = otherNames(CARD.certificate(JpkiCertificate.SIGNING));
        assertEquals(MynaCardEmulator.DEFAULT_NAME, defaults.get("1.2.392.200149.8.5.5.1"));
        assertEquals("419900401", defaults.get("1.2.392.200149.8.5.5.4"));
        assertEquals("2", defaults.get("1.2.392.200149.8.5.5.3"));
    }

    @Test
    void eraCodesFollowTheEraStartDates() {
        assertEquals('1', CardCertificates.eraCode(LocalDate.of(1912, 7, 29)));
        assertEquals('2', CardCertificates.eraCode(LocalDate.of(1912, 7, 30)));
        assertEquals('3', CardCertificates.eraCode(LocalDate.of(1926, 12, 25)));
        assertEquals('4', CardCertificates.eraCode(LocalDate.of(1989, 1, 8)));
        assertEquals('3', CardCertificates.eraCode(LocalDate.of(1989, 1, 7)));
        assertEquals('5', CardCertificates.eraCode(LocalDate.of(2019, 5, 1)));
    }

    /** Decodes the SAN from the extension bytes (the JDK's own decoding re-wraps otherName values). */
    static Map<String, String> otherNames(X509Certificate cert) throws Exception {
        Map<String, String> out = new HashMap<>();
        byte[] ext = ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.17")).getOctets();
        for (GeneralName gn : GeneralNames.getInstance(ext).getNames()) {
            assertEquals(GeneralName.otherName, gn.getTagNo());
            ASN1Sequence seq = ASN1Sequence.getInstance(gn.getName());
            String oid = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
            ASN1TaggedObject value = ASN1TaggedObject.getInstance(seq.getObjectAt(1));
            assertEquals(0, value.getTagNo());
            assertTrue(value.isExplicit());
            out.put(oid, DERUTF8String.getInstance(value.getExplicitBaseObject()).getString());
        }
        return out;
    }

    @Test
    void authenticationCertificateCarriesNoPersonalData() throws Exception {
        X509Certificate auth = CARD.certificate(JpkiCertificate.AUTHENTICATION);
        assertNull(auth.getSubjectAlternativeNames());
        boolean[] ku = auth.getKeyUsage();
        assertTrue(ku[0]);
        assertEquals(false, ku[1]);
        assertTrue(auth.getCriticalExtensionOIDs().contains("2.5.29.15"));
        assertTrue(auth.getSubjectX500Principal().getName().matches("CN=[0-9A-F]{24},C=JP"));
        X509Certificate sign = CARD.certificate(JpkiCertificate.SIGNING);
        assertTrue(sign.getKeyUsage()[0] && sign.getKeyUsage()[1]);
    }

    @Test
    void chainsVerifyAgainstTheTestRoots() throws Exception {
        X509Certificate authRoot = CARD.authenticationRootCertificate();
        X509Certificate signRoot = CARD.signingRootCertificate();
        CARD.certificate(JpkiCertificate.AUTHENTICATION).verify(authRoot.getPublicKey());
        CARD.certificate(JpkiCertificate.SIGNING).verify(signRoot.getPublicKey());
        authRoot.verify(authRoot.getPublicKey());
        assertEquals("OU=mynacard test CA,OU=JPKI for user authentication,O=JPKI,C=JP",
                authRoot.getSubjectX500Principal().getName());
        assertEquals("OU=mynacard test CA,OU=JPKI for digital signature,O=JPKI,C=JP",
                signRoot.getSubjectX500Principal().getName());
        assertEquals(Integer.MAX_VALUE, authRoot.getBasicConstraints());
        assertTrue(authRoot.getKeyUsage()[5] && authRoot.getKeyUsage()[6]);
        assertNotNull(authRoot.getExtensionValue("2.5.29.14"));
        assertNotNull(CARD.certificate(JpkiCertificate.SIGNING).getExtensionValue("2.5.29.35"));
        assertNotNull(CARD.certificate(JpkiCertificate.SIGNING).getExtensionValue("2.5.29.18"));
        assertEquals(ZonedDateTime.of(2023, 7, 16, 0, 0, 0, 0, ZoneOffset.ofHours(9)).toInstant(),
                authRoot.getNotBefore().toInstant());
        assertArrayEquals(authRoot.getEncoded(), MynaCardEmulator.createDefault().authenticationRootCertificate().getEncoded());
    }

    @Test
    void validityRunsToTheBirthdayFiveYearsAfterIssue() {
        X509Certificate sign = CARD.certificate(JpkiCertificate.SIGNING);
        assertEquals(ZonedDateTime.of(2026, 6, 1, 0, 0, 0, 0, ZoneOffset.ofHours(9)).toInstant(),
                sign.getNotBefore().toInstant());
        assertEquals(ZonedDateTime.of(2031, 4, 1, 23, 59, 59, 0, ZoneOffset.ofHours(9)).toInstant(),
                sign.getNotAfter().toInstant());
    }

    @Test
    void validityEndsOnTheFifthBirthdayAfterIssueEvenWhenTheBirthdayIsLaterInTheYear() {
        X509Certificate sign = MynaCardEmulator.builder().birthDate(java.time.LocalDate.of(1990, 8, 15))
                .certificateIssueDate(java.time.LocalDate.of(2026, 6, 1)).build().certificate(JpkiCertificate.SIGNING);
        // birthdays after 2026-06-01: 2026-08-15 (1st) ... 2030-08-15 (5th)
        assertEquals(ZonedDateTime.of(2030, 8, 15, 23, 59, 59, 0, ZoneOffset.ofHours(9)).toInstant(),
                sign.getNotAfter().toInstant());
    }
}
