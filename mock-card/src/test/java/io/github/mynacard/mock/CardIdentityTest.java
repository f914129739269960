package io.github.mynacard.mock;

import static io.github.mynacard.mock.Apdus.SELECT_TEXT;
import static io.github.mynacard.mock.Apdus.readAll;
import static io.github.mynacard.mock.Apdus.sw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each card its own keys and certificates, drawn from a seed; the card's own PIN table. */
class CardIdentityTest {

    @TempDir
    Path dir;

    @Test
    void twoDefaultCardsHaveDifferentCertificatesAndKeys() {
        MynaCardEmulator a = MynaCardEmulator.builder().build();
        MynaCardEmulator b = MynaCardEmulator.builder().build();
        for (JpkiCertificate c : new JpkiCertificate[] {JpkiCertificate.AUTHENTICATION, JpkiCertificate.SIGNING}) {
            X509Certificate ca = a.certificate(c);
            X509Certificate cb = b.certificate(c);
            assertNotEquals(ca.getSerialNumber(), cb.getSerialNumber(), c + " serial");
            assertNotEquals(ca.getPublicKey(), cb.getPublicKey(), c + " key");
        }
        assertNotEquals(a.certificate(JpkiCertificate.AUTHENTICATION).getSubjectX500Principal(),
                b.certificate(JpkiCertificate.AUTHENTICATION).getSubjectX500Principal(), "the opaque CN is the card's own");
        assertArrayEquals(a.authenticationRootCertificate().getSignature(), b.authenticationRootCertificate().getSignature(),
                "the test roots are shared");
    }

    @Test
    void theSameSeedGivesByteIdenticalCertificatesAndKeys() throws Exception {
        MynaCardEmulator a = MynaCardEmulator.builder().seed(20260401L).certificateIssueDate(LocalDate.of(2026, 4, 1)).build();
        MynaCardEmulator b = MynaCardEmulator.builder().seed(20260401L).certificateIssueDate(LocalDate.of(2026, 4, 1)).build();
        for (JpkiCertificate c : JpkiCertificate.values()) {
            assertArrayEquals(a.certificate(c).getEncoded(), b.certificate(c).getEncoded(), c.name());
        }
        for (JpkiKey k : JpkiKey.values()) {
            assertArrayEquals(a.publicKey(k).getEncoded(), b.publicKey(k).getEncoded(), k.name());
        }
        sw(a, SELECT_TEXT);
        sw(b, SELECT_TEXT);
        assertArrayEquals(readAll(a, 0x04), readAll(b, 0x04), "the card-info key and its CVC");
        assertArrayEquals(readAll(a, 0x05), readAll(b, 0x05));
        sw(a, VerificationNumberRulesTest.SELECT_FACE);
        sw(b, VerificationNumberRulesTest.SELECT_FACE);
        assertArrayEquals(readAll(a, 0x04), readAll(b, 0x04), "the face key and its CVC");
        assertEquals(EmulatorHooks.pinValue(a, PinKind.CARD_FACE_NUMBER_B), EmulatorHooks.pinValue(b, PinKind.CARD_FACE_NUMBER_B), "the security code too");
        MynaCardEmulator c = MynaCardEmulator.builder().seed(20260402L).certificateIssueDate(LocalDate.of(2026, 4, 1)).build();
        assertNotEquals(a.publicKey(JpkiKey.SIGNING), c.publicKey(JpkiKey.SIGNING), "another seed, another card");
    }

    @Test
    void everyCardHasEightDistinctPrimesAndSerialsOfFixedLength() {
        for (long seed = 0; seed < 20; seed++) {
            MynaCardEmulator card = MynaCardEmulator.builder().seed(seed).build();
            Set<BigInteger> moduli = new HashSet<>();
            for (JpkiKey k : JpkiKey.values()) {
                BigInteger n = ((java.security.interfaces.RSAPublicKey) card.publicKey(k)).getModulus();
                assertEquals(2048, n.bitLength());
                assertTrue(moduli.add(n));
            }
            assertEquals(8, card.certificate(JpkiCertificate.AUTHENTICATION).getSerialNumber().toByteArray().length);
            assertEquals(9, card.certificate(JpkiCertificate.SIGNING).getSerialNumber().toByteArray().length);
        }
    }

    @Test
    void theShippedPoolHoldsPrimesOfTheRightShape() {
        BigInteger e = BigInteger.valueOf(65537);
        Set<BigInteger> seen = new HashSet<>();
        for (BigInteger p : PrimePool.primes()) {
            assertEquals(1024, p.bitLength());
            assertTrue(p.testBit(1022), "two top bits set");
            assertTrue(p.isProbablePrime(2)); // one Miller-Rabin round: the generator tested them fully; this catches a damaged resource
            assertEquals(BigInteger.ONE, p.subtract(BigInteger.ONE).gcd(e));
            assertTrue(seen.add(p), "no prime twice");
        }
        assertEquals(PrimePool.SIZE, seen.size());
    }

    @Test
    void aPoolKeyIsAValidCrtKey() throws Exception {
        var pair = CardIssuer.poolKeys(7).auth();
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
        assertEquals(k.getModulus(), k.getPrimeP().multiply(k.getPrimeQ()));
        BigInteger m = new BigInteger("1234567890123456789");
        assertEquals(m, m.modPow(k.getPublicExponent(), k.getModulus()).modPow(k.getPrivateExponent(), k.getModulus()));
        java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
        s.initSign(k);
        s.update(new byte[] {1});
        byte[] sig = s.sign();
        s.initVerify(pair.getPublic());
        s.update(new byte[] {1});
        assertTrue(s.verify(sig));
    }

    @Test
    void buildingACardTakesMillisecondsPrinted() {
        MynaCardEmulator.createDefault(); // warm the per-JVM caches (classes, the pool, the test roots)
        int n = 50;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            MynaCardEmulator.createDefault();
        }
        double each = (System.nanoTime() - start) / 1e6 / n;
        // printed, not asserted: the project has no timed unit tests
        System.out.printf(Locale.ROOT, "CardIdentityTest: a card with its own keys and certificates builds in %.1f ms (mean of %d)%n",
                each, n);
        Path file = dir.resolve("card.state");
        start = System.nanoTime();
        MynaCardEmulator.builder().stateFile(file).build();
        System.out.printf(Locale.ROOT, "CardIdentityTest: one in a state file in %.1f ms%n", (System.nanoTime() - start) / 1e6);
    }

    @Test
    void theCardsPinTableAgreesWithTheLibrarysPinKind() {
        assertEquals(Set.of(PinKind.values()), Set.copyOf(EmulatedPins.ALL), "the card knows every kind the library names");
        for (PinKind k : PinKind.values()) {
            assertEquals(k.maxAttempts(), EmulatedPins.maxAttempts(k), k + " attempts");
            assertEquals(k.minLength(), EmulatedPins.minLength(k), k + " shortest");
            assertEquals(k.maxLength(), EmulatedPins.maxLength(k), k + " longest");
            assertEquals(k.digitsOnly(), EmulatedPins.digitsOnly(k), k + " digits only");
            assertEquals(!k.isVerificationNumber(), EmulatedPins.holderChosen(k), k + " chosen by the holder");
        }
        assertEquals(PinKind.holderPins(), EmulatedPins.HOLDER_PINS);
    }

    @Test
    void theDefaultExpiryIsTheTenthBirthdayAfterIssueOrTheFifthForAMinor() {
        MynaCardEmulator adult = MynaCardEmulator.builder().birthDate(LocalDate.of(1990, 4, 1))
                .certificateIssueDate(LocalDate.of(2026, 6, 1)).build();
        assertEquals(LocalDate.of(2036, 4, 1), adult.cardExpiryDate());
        MynaCardEmulator minor = MynaCardEmulator.builder().birthDate(LocalDate.of(2010, 8, 15))
                .certificateIssueDate(LocalDate.of(2026, 6, 1)).build();
        assertEquals(LocalDate.of(2030, 8, 15), minor.cardExpiryDate());
    }

    @Test
    void anEarlierCardExpiryEndsTheCertificates() {
        MynaCardEmulator card = MynaCardEmulator.builder().birthDate(LocalDate.of(1990, 4, 1))
                .certificateIssueDate(LocalDate.of(2026, 6, 1)).cardExpiryDate(LocalDate.of(2028, 1, 31)).build();
        assertEquals(java.time.ZonedDateTime.of(2028, 1, 31, 23, 59, 59, 0, java.time.ZoneOffset.ofHours(9)).toInstant(),
                card.certificate(JpkiCertificate.SIGNING).getNotAfter().toInstant());
    }

    @Test
    void malformedHolderValuesAreRefusedWithoutQuotingThem() {
        for (java.util.function.UnaryOperator<MynaCardEmulator.Builder> bad : java.util.List.<java.util.function.UnaryOperator<MynaCardEmulator.Builder>>of(
                b -> b.securityCode("12345"), b -> b.securityCode("12a4"), b -> b.municipalityCode("1310"),
                b -> b.cardExpiryDate(LocalDate.of(2001, 1, 1)))) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> bad.apply(MynaCardEmulator.builder()).build());
            assertFalse(e.getMessage().contains("12345") || e.getMessage().contains("12a4"));
        }
    }
}
