package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardFields;
import io.github.mynacard.CardType;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.LastAttemptException;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinBlockedException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinResetUnavailableException;
import io.github.mynacard.PinStatus;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.StrengthCheck;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.TestTerminals;
import io.github.mynacard.mock.VpcdCardServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every typed operation of {@link MynaCard} end to end: javax.smartcardio, pcsc-lite's pcscd,
 * vsmartcard's virtual reader, and the emulator served by {@link VpcdCardServer}; the lockouts and
 * the kiosk reset included.
 */
@Tag("pcsc-stack")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MynaCardThroughPcscdTest {

    private MynaCardEmulator emulator;
    private VpcdCardServer server;

    @BeforeAll
    static void stack() {
        PcscStack.bringUp();
    }

    private MynaCard open(ReadStrategy strategy) throws Exception {
        emulator = MynaCardEmulator.createDefault();
        server = PcscStack.insert(emulator, emulator::reset);
        return MynaCard.open(PcscStack.openVirtualReader(), strategy);
    }

    private MynaCard reopen() throws Exception {
        return MynaCard.open(PcscStack.openVirtualReader());
    }

    @AfterEach
    void remove() throws InterruptedException {
        if (server != null) {
            server.close();
            PcscStack.waitUntilPcscdSeesNoCard();
        }
    }

    @ParameterizedTest
    @EnumSource(ReadStrategy.class)
    void everyReadingOperationWorksThroughPcscd(ReadStrategy strategy) throws Exception {
        try (MynaCard card = open(strategy)) {
            assertEquals(CardType.MY_NUMBER_CARD, card.cardType());
            Map<PinKind, PinStatus> s = card.pinStatuses();
            assertEquals(5, s.get(PinKind.SIGNING).remaining());
            assertEquals(3, s.get(PinKind.RESIDENT_REGISTRY).remaining());
            CardFields f = card.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray(), LastAttempt.REFUSE,
                    emulator.cardInfoCvcAuthorityKey());
            assertEquals(MynaCardEmulator.DEFAULT_NAME, f.name());
            assertEquals(MynaCardEmulator.DEFAULT_MY_NUMBER, f.myNumber());
            assertEquals(Authenticity.Status.GENUINE, f.authenticity().status());
            for (JpkiCertificate c : new JpkiCertificate[] {JpkiCertificate.AUTHENTICATION,
                    JpkiCertificate.AUTHENTICATION_CA, JpkiCertificate.SIGNING_CA}) {
                assertArrayEquals(emulator.certificate(c).getEncoded(), card.readCertificate(c).getEncoded());
            }
            assertArrayEquals(emulator.certificate(JpkiCertificate.SIGNING).getEncoded(),
                    card.readSigningCertificate(MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray()).getEncoded());
            card.verifyPin(PinKind.RESIDENT_REGISTRY, MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN.toCharArray());
        }
    }

    @Test
    void signaturesMadeThroughPcscdVerify() throws Exception {
        byte[] message = "e-Tax 申告".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        try (MynaCard card = open(ReadStrategy.FAST)) {
            for (JpkiKey key : JpkiKey.values()) {
                String pin = key == JpkiKey.SIGNING ? MynaCardEmulator.DEFAULT_SIGNING_PIN : MynaCardEmulator.DEFAULT_USER_PIN;
                byte[] sig = card.signDigest(key, DigestAlgorithm.SHA256, digest, pin.toCharArray());
                Signature v = Signature.getInstance("SHA256withRSA");
                v.initVerify(emulator.certificate(key.certificate()));
                v.update(message);
                assertTrue(v.verify(sig), key.name());
            }
        }
    }

    @Test
    void signingPasswordLockoutAndKioskResetThroughPcscd() throws Exception {
        try (MynaCard card = open(ReadStrategy.FAST)) {
            List<Integer> left = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                left.add(assertThrows(WrongPinException.class,
                        () -> card.verifySignaturePin("WRONG999".toCharArray())).attemptsRemaining());
            }
            assertEquals(List.of(4, 3, 2, 1), left);
            assertThrows(LastAttemptException.class, () -> card.verifySignaturePin("WRONG999".toCharArray()));
            assertThrows(PinBlockedException.class,
                    () -> card.verifySignaturePin("WRONG999".toCharArray(), LastAttempt.ALLOW));
        }
        try (MynaCard card = reopen()) {
            assertThrows(PinBlockedException.class, () -> card.verifySignaturePin(
                    MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray(), LastAttempt.ALLOW));
            assertThrows(PinResetUnavailableException.class,
                    () -> card.resetSigningPin("4821".toCharArray(), "KIOSK2027".toCharArray(), null));
            card.resetSigningPin(MynaCardEmulator.DEFAULT_USER_PIN.toCharArray(), "KIOSK2027".toCharArray(),
                    TestTerminals.kiosk());
            assertEquals(5, card.pinStatus(PinKind.SIGNING).remaining());
            card.verifySignaturePin("KIOSK2027".toCharArray());
        }
    }

    @Test
    void fourDigitPinLockoutChangeAndOfficeResetThroughPcscd() throws Exception {
        try (MynaCard card = open(ReadStrategy.FAST)) {
            assertEquals(2, assertThrows(WrongPinException.class,
                    () -> card.readCardFields("0000".toCharArray())).attemptsRemaining());
            assertEquals(1, assertThrows(WrongPinException.class,
                    () -> card.readCardFields("0000".toCharArray())).attemptsRemaining());
            assertThrows(LastAttemptException.class, () -> card.readCardFields("0000".toCharArray()));
            assertThrows(PinBlockedException.class, () -> card.readCardFields("0000".toCharArray(), LastAttempt.ALLOW));
            card.resetPin(PinKind.CARD_INFO_INPUT, "2580".toCharArray(), TestTerminals.municipalOffice(), StrengthCheck.ENFORCE);
            card.changePin(PinKind.CARD_INFO_INPUT, "2580".toCharArray(), "3917".toCharArray());
            assertEquals(MynaCardEmulator.DEFAULT_NAME, card.readCardFields("3917".toCharArray()).name());
            card.changePin(PinKind.RESIDENT_REGISTRY, MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN.toCharArray(),
                    "8642".toCharArray());
            card.verifyPin(PinKind.RESIDENT_REGISTRY, "8642".toCharArray());
        }
    }

    /** Two threads share one session: each VERIFY stays next to the signature it unlocks. */
    @Test
    void twoThreadsSigningThroughOneSessionStayPaired() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
        try (MynaCard card = open(ReadStrategy.FAST)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    JpkiKey key = i % 2 == 0 ? JpkiKey.SIGNING : JpkiKey.AUTHENTICATION;
                    char[] pin = (key == JpkiKey.SIGNING ? MynaCardEmulator.DEFAULT_SIGNING_PIN
                            : MynaCardEmulator.DEFAULT_USER_PIN).toCharArray();
                    results.add(pool.submit(() -> card.signDigest(key, DigestAlgorithm.SHA256, digest, pin)));
                }
                for (int i = 0; i < results.size(); i++) {
                    JpkiKey key = i % 2 == 0 ? JpkiKey.SIGNING : JpkiKey.AUTHENTICATION;
                    Signature v = Signature.getInstance("NONEwithRSA");
                    v.initVerify(emulator.publicKey(key));
                    v.update(DigestAlgorithm.SHA256.digestInfo(digest));
                    assertTrue(v.verify(results.get(i).get(30, TimeUnit.SECONDS)), "signature " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
