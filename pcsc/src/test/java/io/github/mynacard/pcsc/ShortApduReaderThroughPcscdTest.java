package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.jca.MynaCardLoadStoreParameter;
import io.github.mynacard.jca.MynaCardProvider;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader that exchanges short APDUs only, through the real stack: every typed operation that
 * short APDUs can carry succeeds through pcscd and {@link PcscTransport} on the default (fast)
 * strategy; the one extended-length try of a session is refused at the link, by pcscd, with the
 * card still in the reader and untouched, and short APDUs follow.
 *
 * <h2>How the link refuses</h2>
 * The card program behind vpcd ({@link ShortApduLink}) answers an extended-length command, without
 * handing it to the emulated card, with {@value #OVERSIZED} bytes: more than the receive buffer
 * that {@code javax.smartcardio} gives {@code SCardTransmit} (8,192 bytes in the JDK's native
 * code), so pcscd fails the call with {@code SCARD_E_INSUFFICIENT_BUFFER} and the card stays in
 * the reader (vpcd took the whole answer; only an empty or missing one ejects the card). A real
 * reader of short APDUs fails the same call at its driver instead (CCID: {@code
 * SCARD_E_NOT_TRANSACTED}); what the application sees is alike: the transmit fails with a PC/SC
 * error, the card never saw the command and keeps its state, and the next command works. Should
 * a JDK pass a buffer of 64 KiB, the answer would get through and the comparison below fails.
 *
 * <p>The operations are those of {@code ApduTraceGoldenTest} (mock-card) that short APDUs can
 * carry (the PIN-reset model's terminal signature needs an extended Lc); the APDUs that reach the
 * card must be exactly those of the same operation in-process behind a link that throws
 * {@code EXTENDED_APDU_UNSUPPORTED} itself, as {@code ReaderLimitsTest} does.
 */
@Tag("pcsc-stack")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShortApduReaderThroughPcscdTest {

    /** The answer to an extended-length command: the most a vpcd message can hold. */
    static final int OVERSIZED = 0xFFFF;
    private static final LocalDate ISSUED = LocalDate.of(2026, 1, 5);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** The card side of a reader of short APDUs, served behind vpcd. */
    static final class ShortApduLink implements CardTransport {
        volatile MynaCardEmulator card;
        final List<String> reachedTheCard = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger refused = new AtomicInteger();

        /** When set, the card itself (a profiled emulator) refuses what its reader cannot carry. */
        volatile boolean profiled;

        @Override
        public byte[] transmit(byte[] command) throws java.io.IOException {
            if (profiled) {
                try {
                    byte[] r = card.transmit(command);
                    reachedTheCard.add(HEX.formatHex(command));
                    return r;
                } catch (CardTransportException x) {
                    if (x.reason() == Reason.EXTENDED_APDU_UNSUPPORTED) {
                        refused.incrementAndGet(); // the server answers it oversized
                    }
                    throw x;
                }
            }
            if (PcscErrors.isExtendedLength(command)) {
                refused.incrementAndGet();
                byte[] tooLong = new byte[OVERSIZED];
                tooLong[OVERSIZED - 2] = 0x6F; // if it ever got through, no success
                return tooLong;
            }
            reachedTheCard.add(HEX.formatHex(command));
            return card.transmit(command);
        }

        void reset() {
            MynaCardEmulator c = card;
            if (c != null) {
                c.reset();
            }
        }
    }

    @FunctionalInterface
    interface Operation {
        void run(MynaCard card, MynaCardEmulator emulator) throws Exception;
    }

    private interface Refusable {
        void run() throws Exception;
    }

    private static void expectRefused(Refusable r) {
        try {
            r.run();
        } catch (Exception expected) {
            return;
        }
        throw new AssertionError("expected a refusal");
    }

    private static char[] pin(String s) {
        return s.toCharArray();
    }

    /** Copied from mock-card's ApduTraceGoldenTest.OPERATIONS, less the PIN-reset model's. */
    static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("pin-statuses", (c, e) -> c.pinStatuses());
        OPERATIONS.put("verify-signing-right", (c, e) -> c.verifySignaturePin(pin(MynaCardEmulator.DEFAULT_SIGNING_PIN)));
        OPERATIONS.put("verify-user-wrong", (c, e) -> expectRefused(() -> c.verifyUserPin(pin("0000"))));
        OPERATIONS.put("verify-resident-right", (c, e) -> c.verifyPin(PinKind.RESIDENT_REGISTRY,
                pin(MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN)));
        OPERATIONS.put("verify-card-info-last-attempt-allowed", (c, e) -> {
            expectRefused(() -> c.verifyPin(PinKind.CARD_INFO_INPUT, pin("0000")));
            expectRefused(() -> c.verifyPin(PinKind.CARD_INFO_INPUT, pin("0000")));
            expectRefused(() -> c.verifyPin(PinKind.CARD_INFO_INPUT, pin("0000")));
            c.verifyPin(PinKind.CARD_INFO_INPUT, pin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN), LastAttempt.ALLOW);
        });
        OPERATIONS.put("read-card-fields", (c, e) -> c.readCardFields(pin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN)));
        OPERATIONS.put("read-card-fields-authenticity", (c, e) -> assertTrue(c.readCardFields(
                pin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN), LastAttempt.REFUSE, e.cardInfoCvcAuthorityKey())
                .authenticity().genuine()));
        OPERATIONS.put("card-type", (c, e) -> c.cardType());
        for (JpkiCertificate which : JpkiCertificate.values()) {
            if (!which.needsSigningPin()) {
                OPERATIONS.put("read-certificate-" + which.name().toLowerCase(),
                        (c, e) -> assertEquals(e.certificate(which), c.readCertificate(which)));
            }
        }
        OPERATIONS.put("read-signing-certificate", (c, e) -> assertEquals(e.certificate(JpkiCertificate.SIGNING),
                c.readSigningCertificate(pin(MynaCardEmulator.DEFAULT_SIGNING_PIN))));
        for (DigestAlgorithm alg : DigestAlgorithm.values()) {
            OPERATIONS.put("sign-digest-auth-" + alg.name().toLowerCase(), (c, e) -> c.signDigest(JpkiKey.AUTHENTICATION, alg,
                    MessageDigest.getInstance(alg.jcaName()).digest(new byte[] {1, 2, 3}), pin(MynaCardEmulator.DEFAULT_USER_PIN)));
        }
        OPERATIONS.put("sign-digest-signing-sha256", (c, e) -> c.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256,
                MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3}), pin(MynaCardEmulator.DEFAULT_SIGNING_PIN)));
        OPERATIONS.put("sign-digest-info-auth", (c, e) -> c.signDigestInfo(JpkiKey.AUTHENTICATION,
                HEX.parseHex("3031300D060960864801650304020105000420" + "00".repeat(32)), pin(MynaCardEmulator.DEFAULT_USER_PIN)));
        OPERATIONS.put("change-pin-user", (c, e) -> c.changePin(PinKind.USER_AUTH, pin(MynaCardEmulator.DEFAULT_USER_PIN),
                pin("2580")));
        OPERATIONS.put("change-pin-signing", (c, e) -> c.changePin(PinKind.SIGNING, pin(MynaCardEmulator.DEFAULT_SIGNING_PIN),
                pin("NEWPASS9")));
        OPERATIONS.put("change-pin-card-info", (c, e) -> c.changePin(PinKind.CARD_INFO_INPUT,
                pin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN), pin("2580")));
        OPERATIONS.put("change-pin-resident", (c, e) -> c.changePin(PinKind.RESIDENT_REGISTRY,
                pin(MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN), pin("2580")));
        OPERATIONS.put("jca-signature-signing", (c, e) -> {
            MynaCardProvider provider = new MynaCardProvider(c);
            KeyStore ks = KeyStore.getInstance(MynaCardProvider.KEYSTORE_TYPE, provider);
            ks.load(new MynaCardLoadStoreParameter(null, new KeyStore.CallbackHandlerProtection(cbs -> {
                for (var cb : cbs) {
                    ((PasswordCallback) cb).setPassword(pin(MynaCardEmulator.DEFAULT_SIGNING_PIN));
                }
            })));
            Signature s = Signature.getInstance("SHA256withRSA", provider);
            s.initSign((PrivateKey) ks.getKey(MynaCardProvider.ALIAS_SIGNING, null));
            s.update("申告データ".getBytes(StandardCharsets.UTF_8));
            s.sign();
        });
    }

    private static final ShortApduLink LINK = new ShortApduLink();
    private static VpcdCardServer server;

    @BeforeAll
    static void serve() throws Exception {
        PcscStack.bringUp();
        LINK.card = MynaCardEmulator.builder().certificateIssueDate(ISSUED).build();
        server = PcscStack.insert(LINK, LINK::reset);
    }

    @AfterAll
    static void remove() throws Exception {
        if (server != null) {
            server.close();
            PcscStack.waitUntilPcscdSeesNoCard();
        }
    }

    /** What the same operation does in-process behind a link that refuses extended-length APDUs itself. */
    private static List<String> inProcess(Operation op, List<String> refused) throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.builder().certificateIssueDate(ISSUED).build();
        List<String> reached = new ArrayList<>();
        CardTransport link = command -> {
            if (PcscErrors.isExtendedLength(command)) {
                refused.add(HEX.formatHex(command));
                throw new CardTransportException(Reason.EXTENDED_APDU_UNSUPPORTED, "short APDUs only");
            }
            reached.add(HEX.formatHex(command));
            return emulator.transmit(command);
        };
        try (MynaCard card = MynaCard.open(link, ReadStrategy.FAST)) {
            op.run(card, emulator);
        }
        return reached;
    }

    @Test
    void everyOperationWorksThroughPcscdWithTheExtendedTryRefusedAtTheLinkOnce() throws Exception {
        throughPcscd(false);
    }

    /**
     * A card profiled with the project's report made with {@code --compatible} (card-reports/), served
     * as it is: the profile's reader refuses the extended try (the server answers it oversized, so
     * pcscd fails that transmit), and everything else is as behind the reader of short APDUs above.
     */
    @Test
    void aCardProfiledWithTheCompatibleReportIsServedAsBehindAReaderOfShortApdus() throws Exception {
        throughPcscd(true);
    }

    private static io.github.mynacard.report.CardReport compatibleReport() throws java.io.IOException {
        for (java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            java.nio.file.Path f = dir.resolve("card-reports/emulator-compatible.json");
            if (java.nio.file.Files.isRegularFile(f)) {
                return io.github.mynacard.report.CardReport.read(f);
            }
        }
        throw new AssertionError("no card-reports/emulator-compatible.json above " + java.nio.file.Path.of("").toAbsolutePath());
    }

    private static void throughPcscd(boolean profiled) throws Exception {
        io.github.mynacard.report.CardReport report = profiled ? compatibleReport() : null;
        LINK.profiled = profiled;
        int withRefusal = 0;
        for (Map.Entry<String, Operation> e : OPERATIONS.entrySet()) {
            String name = e.getKey();
            MynaCardEmulator emulator = MynaCardEmulator.builder().certificateIssueDate(ISSUED).profile(report).build();
            if (profiled) {
                emulator.setProfileTimings(false);
            }
            LINK.card = emulator;
            LINK.reachedTheCard.clear();
            int refusedBefore = LINK.refused.get();
            List<String> refusedByPcscd = new ArrayList<>();
            try (PcscTransport transport = PcscStack.openVirtualReader()) {
                CardTransport watching = command -> {
                    try {
                        return transport.transmit(command);
                    } catch (CardTransportException x) {
                        if (x.reason() == Reason.EXTENDED_APDU_UNSUPPORTED) {
                            refusedByPcscd.add(HEX.formatHex(command));
                        }
                        throw x;
                    }
                };
                try (MynaCard card = MynaCard.open(watching)) { // the default: ReadStrategy.FAST
                    e.getValue().run(card, emulator);
                }
            }
            List<String> reached = new ArrayList<>(LINK.reachedTheCard);
            List<String> expectedRefused = new ArrayList<>();
            List<String> expectedReached = inProcess(e.getValue(), expectedRefused);
            assertEquals(expectedRefused, refusedByPcscd, name + ": the extended tries, refused by pcscd at the link");
            assertEquals(refusedByPcscd.size(), LINK.refused.get() - refusedBefore,
                    name + ": each refusal is an extended command the card side answered oversized");
            assertTrue(refusedByPcscd.size() <= 1, name + ": one extended try per session at most: " + refusedByPcscd);
            assertEquals(expectedReached, reached, name + ": the same short APDUs reach the card");
            assertTrue(reached.stream().noneMatch(c -> PcscErrors.isExtendedLength(HEX.parseHex(c))), name);
            if (!refusedByPcscd.isEmpty()) {
                withRefusal++;
            }
        }
        LINK.profiled = false;
        System.err.println("ShortApduReaderThroughPcscdTest" + (profiled ? " (card profiled with emulator-compatible.json)" : "")
                + ": " + OPERATIONS.size() + " operations through pcscd, " + withRefusal
                + " of them with the extended try refused at the link");
        assertTrue(OPERATIONS.size() >= 20, "operations: " + OPERATIONS.size());
        assertTrue(withRefusal >= 5, "operations whose extended try pcscd refused: " + withRefusal);
    }
}
