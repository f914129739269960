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

/**
 * Many threads share one {@link MynaCard} over one emulator, as its Javadoc allows: every result is
 * right, and each COMPUTE DIGITAL SIGNATURE follows its own VERIFY in the same thread with no other
 * thread's command (a SELECT would drop the PIN) in between.
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
                            PinKind k = PinKind.values()[(thread * 7 + i) % 4];
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
        for (PinKind k : PinKind.values()) {
            assertEquals(k.maxAttempts(), emulator.remainingAttempts(k), k + " lost attempts");
        }
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
}
