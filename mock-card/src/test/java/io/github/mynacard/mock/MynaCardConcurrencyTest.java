package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.CardFields;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.transport.CardTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads share one {@link MynaCard} over one emulator, as its Javadoc allows: every result is
 * right, and each COMPUTE DIGITAL SIGNATURE follows its own VERIFY in the same thread with no other
 * thread's command (a SELECT would drop the PIN) in between. And many emulator objects on one state
 * file, each a session of its own as separate processes would have, are one card: every wrong PIN
 * any of them is told it spent is spent, and a blocked PIN stays blocked for all of them.
 */
class MynaCardConcurrencyTest {

    static final int THREADS = 8;
    static final int OPERATIONS = 50;

    /** One exchange as the card saw it. */
    record Sent(String thread, byte[] apdu, int sw) {
    }

    @Test
    void eightThreadsShareOneCardAndNoVerifyIsSeparatedFromTheSignatureItUnlocks() throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        List<Sent> order = Collections.synchronizedList(new ArrayList<>());
        CardTransport recording = apdu -> {
            byte[] r = emulator.transmit(apdu);
            order.add(new Sent(Thread.currentThread().getName(), apdu.clone(),
                    ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF)));
            return r;
        };
        MynaCard card = MynaCard.open(recording);
        AtomicInteger signatures = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < OPERATIONS; i++) {
                    switch ((thread + i) % 4) {
                        case 0:
                        case 1: {
                            JpkiKey key = (thread + i) % 4 == 0 ? JpkiKey.SIGNING : JpkiKey.AUTHENTICATION;
                            char[] pin = (key == JpkiKey.SIGNING ? MynaCardEmulator.DEFAULT_SIGNING_PIN
                                    : MynaCardEmulator.DEFAULT_USER_PIN).toCharArray();
                            byte[] message = ("thread " + thread + " op " + i).getBytes(StandardCharsets.UTF_8);
                            byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
                            byte[] sig = card.signDigest(key, DigestAlgorithm.SHA256, digest, pin);
                            Signature v = Signature.getInstance("SHA256withRSA");
                            v.initVerify(emulator.publicKey(key));
                            v.update(message);
                            assertTrue(v.verify(sig), "signature of thread " + thread + " op " + i);
                            signatures.incrementAndGet();
                            break;
                        }
                        case 2: {
                            CardFields f = card.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray());
                            assertEquals(MynaCardEmulator.DEFAULT_MY_NUMBER, f.myNumber());
                            assertEquals(MynaCardEmulator.DEFAULT_NAME, f.name());
                            assertEquals(MynaCardEmulator.DEFAULT_ADDRESS, f.address());
                            assertEquals(MynaCardEmulator.DEFAULT_BIRTH_DATE, f.birthDate());
                            break;
                        }
                        default: {
                            PinKind k = PinKind.holderPins().get((thread * 7 + i) % 4);
                            PinStatus s = card.pinStatus(k);
                            assertEquals(k.maxAttempts(), s.remaining(), k.toString());
                        }
                    }
                }
                return null;
            }));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        });
        pool.shutdown();
        card.close();
        assertEquals(THREADS * OPERATIONS / 2, signatures.get());

        // each 80 2A: back to the VERIFY of its PIN, everything from the same thread, no SELECT of an application
        int checked = 0;
        for (int j = 0; j < order.size(); j++) {
            Sent s = order.get(j);
            if ((s.apdu()[0] & 0xFF) != 0x80 || s.apdu()[1] != 0x2A) {
                continue;
            }
            assertEquals(0x9000, s.sw(), "a signature was refused");
            int i = j - 1;
            while (i >= 0 && !isVerifyWithData(order.get(i).apdu())) {
                i--;
            }
            assertTrue(i >= 0, "signature without a VERIFY before it");
            assertEquals(0x9000, order.get(i).sw());
            for (int k = i; k <= j; k++) {
                Sent between = order.get(k);
                assertEquals(s.thread(), between.thread(), "another thread's command between VERIFY and signature");
                assertTrue(!(between.apdu()[1] == (byte) 0xA4 && between.apdu()[2] == 0x04),
                        "a SELECT of an application between VERIFY and signature");
            }
            checked++;
        }
        assertEquals(THREADS * OPERATIONS / 2, checked);
    }

    private static boolean isVerifyWithData(byte[] apdu) {
        return apdu.length > 5 && apdu[0] == 0x00 && apdu[1] == 0x20;
    }

    @Test
    void theTransportSeesOneCommandAtATime() throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CardTransport guarded = apdu -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.onSpinWait();
                return emulator.transmit(apdu);
            } finally {
                inside.decrementAndGet();
            }
        };
        try (MynaCard card = MynaCard.open(guarded)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        card.pinStatuses();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        } catch (IOException e) {
            throw e;
        }
        assertEquals(0, overlaps.get(), "commands of two threads overlapped in the transport");
    }

    @Test
    void emulatorObjectsOnOneStateFileLoseNoWrongAttempt(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 20; round++) {
            Path file = dir.resolve("card-" + round + ".state");
            MynaCardEmulator.builder().stateFile(file).build();
            List<MynaCardEmulator> sessions = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                sessions.add(MynaCardEmulator.load(file)); // each loaded before any attempt, as processes started together
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<String>> answers = new ArrayList<>();
            for (MynaCardEmulator session : sessions) {
                answers.add(pool.submit(() -> {
                    start.await();
                    Apdus.sw(session, Apdus.SELECT_JPKI);
                    return Apdus.sw(session, Apdus.verify(0x1B, "WRONG1"));
                }));
            }
            start.countDown();
            List<String> told = new ArrayList<>();
            for (Future<String> f : answers) {
                told.add(f.get());
            }
            pool.shutdown();
            long spentAnswers = told.stream().filter(sw -> sw.startsWith("63C")).count();
            assertEquals(5, spentAnswers, "round " + round + ": " + told);
            assertEquals(THREADS - 5, told.stream().filter("6984"::equals).count(), "round " + round + ": " + told);
            assertEquals(0, MynaCardEmulator.load(file).remainingAttempts(PinKind.SIGNING), "round " + round + ": " + told);
        }
    }

    @Test
    void aSessionOpenedBeforeOthersBlockedThePinFindsItBlocked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        MynaCardEmulator early = MynaCardEmulator.load(file);
        assertEquals("9000", Apdus.sw(early, Apdus.SELECT_JPKI));
        assertEquals("63C3", Apdus.sw(early, Apdus.verifyStatus(0x18)));
        MynaCardEmulator other = MynaCardEmulator.load(file);
        Apdus.sw(other, Apdus.SELECT_JPKI);
        for (String expected : new String[] {"63C2", "63C1", "63C0"}) {
            assertEquals(expected, Apdus.sw(other, Apdus.verify(0x18, "0000")));
        }
        assertEquals("6984", Apdus.sw(early, Apdus.verify(0x18, "0000")), "the early session's wrong PIN");
        assertEquals("6984", Apdus.sw(early, Apdus.verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN)), "and its right PIN");
        assertEquals(0, MynaCardEmulator.load(file).remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void aPinVerifiedInOneSessionIsNoLongerVerifiedThereOnceAnotherSessionSpentOneOfItsAttempts(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        MynaCardEmulator a = MynaCardEmulator.load(file);
        MynaCardEmulator b = MynaCardEmulator.load(file);
        Apdus.sw(a, Apdus.SELECT_JPKI);
        assertEquals("9000", Apdus.sw(a, Apdus.verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN)));
        assertEquals("9000", Apdus.sw(a, "802A00970301020300"), "signs with the PIN verified");
        Apdus.sw(b, Apdus.SELECT_JPKI);
        assertEquals("9000", Apdus.sw(b, Apdus.verify(0x18, MynaCardEmulator.DEFAULT_USER_PIN)));
        assertEquals("9000", Apdus.sw(a, "802A00970301020300"), "another session's right PIN changes nothing here");
        assertEquals("63C2", Apdus.sw(b, Apdus.verify(0x18, "0000")));
        assertEquals("6982", Apdus.sw(a, "802A00970301020300"), "another session's wrong PIN drops this one's verification");
    }
}
