package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.StrengthCheck;
import io.github.mynacard.jca.MynaCardLoadStoreParameter;
import io.github.mynacard.jca.MynaCardProvider;
import io.github.mynacard.transport.CardTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.Test;

/**
 * The APDUs the library sends for every typed operation, on both read strategies (and on a card
 * that refuses the fast forms), compared byte for byte with traces recorded in
 * {@code src/test/resources/traces/}. A change in what the library sends shows here, named by the
 * operation; a refactoring must leave every trace as it was.
 *
 * <p>Each line is a command in hex ({@code >}) or the answer's status word and data length
 * ({@code <}). Random parts (the card's challenge, the terminal's signature over it) are masked.
 * Regenerate after an intended change with {@code -Dmynacard.traces.record=true} and review the
 * diff.
 */
class ApduTraceGoldenTest {

    static final LocalDate ISSUED = LocalDate.of(2026, 1, 5);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** One operation on a fresh session of a fresh card. */
    @FunctionalInterface
    interface Operation {
        void run(MynaCard card, MynaCardEmulator emulator) throws Exception;
    }

    static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();

    private static char[] pin(String s) {
        return s.toCharArray();
    }

    static {
        OPERATIONS.put("pin-statuses", (c, e) -> c.pinStatuses());
        OPERATIONS.put("verify-signing-right", (c, e) -> c.verifySignaturePin(pin(MynaCardEmulator.DEFAULT_SIGNING_PIN)));
        OPERATIONS.put("verify-user-wrong", (c, e) -> expectRefused(() -> c.verifyUserPin(pin("0000"))));
        OPERATIONS.put("verify-resident-right", (c, e) -> c.verifyPin(PinKind.RESIDENT_REGISTRY,
                pin(MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN)));
        OPERATIONS.put("verify-card-info-last-attempt-allowed", (c, e) -> {
            expectRefused(() -> c.verifyPin(PinKind.CARD_INFO_INPUT, pin("0000")));
            expectRefused(() -> c.verifyPin(PinKind.CARD_INFO_INPUT, pin("0000")));
            expectRefused(() -> c.verifyPin(PinKind.CARD_INFO_INPUT, pin("0000"))); // the guard: nothing sent
            c.verifyPin(PinKind.CARD_INFO_INPUT, pin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN), LastAttempt.ALLOW);
        });
        OPERATIONS.put("read-card-fields", (c, e) -> c.readCardFields(pin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN)));
        OPERATIONS.put("read-card-fields-authenticity", (c, e) -> c.readCardFields(pin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN),
                LastAttempt.REFUSE, e.cardInfoCvcAuthorityKey()));
        OPERATIONS.put("card-type", (c, e) -> c.cardType());
        for (JpkiCertificate which : JpkiCertificate.values()) {
            if (!which.needsSigningPin()) {
                OPERATIONS.put("read-certificate-" + which.name().toLowerCase(), (c, e) -> c.readCertificate(which));
            }
        }
        OPERATIONS.put("read-signing-certificate", (c, e) -> c.readSigningCertificate(pin(MynaCardEmulator.DEFAULT_SIGNING_PIN)));
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
        OPERATIONS.put("reset-signing-pin-kiosk", (c, e) -> c.resetSigningPin(pin(MynaCardEmulator.DEFAULT_USER_PIN),
                pin("KIOSK2027"), TestTerminals.kiosk()));
        OPERATIONS.put("reset-pin-office", (c, e) -> c.resetPin(PinKind.CARD_INFO_INPUT, pin("2580"),
                TestTerminals.municipalOffice(), StrengthCheck.ENFORCE));
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

    interface Refusable {
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

    /** The trace of one operation on a fresh card, in one way of talking to it. */
    static String trace(String name, Operation op, ReadStrategy strategy, boolean cautious) throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.builder().certificateIssueDate(ISSUED).build();
        emulator.setCautious(cautious);
        StringBuilder t = new StringBuilder();
        CardTransport recording = command -> {
            byte[] r = emulator.transmit(command);
            int ins = command.length > 1 ? command[1] & 0xFF : -1;
            boolean random = ins == 0x82; // EXTERNAL AUTHENTICATE: a signature over a random challenge
            t.append("> ").append(random ? HEX.formatHex(command, 0, 4) + " <" + (command.length - 4) + " bytes>"
                    : HEX.formatHex(command)).append('\n');
            int n = r.length;
            t.append("< ").append(String.format("%02X%02X", r[n - 2], r[n - 1])).append(' ').append(n - 2).append(" bytes")
                    .append('\n');
            return r;
        };
        try (MynaCard card = MynaCard.open(recording, strategy)) {
            op.run(card, emulator);
        }
        return t.toString();
    }

    @Test
    void everyTypedOperationSendsTheRecordedApdus() throws Exception {
        Path dir = Path.of("src/test/resources/traces");
        boolean record = Boolean.getBoolean("mynacard.traces.record");
        int compared = 0;
        StringBuilder differences = new StringBuilder();
        for (Map.Entry<String, Operation> e : OPERATIONS.entrySet()) {
            for (String way : new String[] {"fast", "compatible", "fast-on-cautious-card"}) {
                ReadStrategy strategy = way.equals("compatible") ? ReadStrategy.COMPATIBLE : ReadStrategy.FAST;
                String actual = trace(e.getKey(), e.getValue(), strategy, way.endsWith("cautious-card"));
                Path file = dir.resolve(e.getKey() + "." + way + ".trace");
                if (record) {
                    Files.createDirectories(dir);
                    Files.writeString(file, actual);
                    compared++;
                    continue;
                }
                assertTrue(Files.exists(file), "no recorded trace " + file + " (record with -Dmynacard.traces.record=true)");
                String expected = Files.readString(file);
                if (!expected.equals(actual)) {
                    differences.append("--- ").append(file).append(" (recorded)\n").append(expected)
                            .append("+++ now\n").append(actual);
                }
                compared++;
            }
        }
        assertEquals("", differences.toString(), "traces changed");
        System.out.println("ApduTraceGoldenTest: " + (record ? "recorded " : "compared ") + compared + " traces of "
                + OPERATIONS.size() + " operations");
    }

    /** Runs the operations once more: the traces do not depend on anything but the operation. */
    @Test
    void tracesAreDeterministic() throws Exception {
        for (Map.Entry<String, Operation> e : OPERATIONS.entrySet()) {
            assertEquals(trace(e.getKey(), e.getValue(), ReadStrategy.FAST, false),
                    trace(e.getKey(), e.getValue(), ReadStrategy.FAST, false), e.getKey());
        }
    }
}
