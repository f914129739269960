package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --trace} shows every exchange with the card on standard error, and never a PIN, the My
 * Number or the holder's name and address: neither as text nor as the bytes the card carries them
 * in (hex, as the trace prints bytes), on standard output or standard error. Standard output stays
 * the command's own.
 */
class TraceNeverLeaksTest extends CliTestBase {

    private static final String NEW_USER_PIN = "2468";
    private static final String NEW_SIGNING_PIN = "TRACE9Q7";

    @BeforeEach
    void makeCard() {
        newCard().close();
    }

    private String numberB() throws Exception {
        MynaCardEmulator c = loadCard();
        return new String(VerificationNumbers.numberB(c.holderBirthDate(), c.cardExpiryDate().getYear(), c.securityCode()));
    }

    /** Every value that must not be shown, as text and as its bytes (UTF-8) in hex. */
    private List<String> secrets() throws Exception {
        List<String> values = new ArrayList<>(List.of(MynaCardEmulator.DEFAULT_SIGNING_PIN, MynaCardEmulator.DEFAULT_USER_PIN,
                MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN, MynaCardEmulator.DEFAULT_CARD_INFO_PIN, NEW_USER_PIN,
                NEW_SIGNING_PIN, numberB(), MynaCardEmulator.DEFAULT_MY_NUMBER, MynaCardEmulator.DEFAULT_NAME,
                MynaCardEmulator.DEFAULT_ADDRESS, "花子", "霞が関"));
        return values;
    }

    /** The hex forms of a value's bytes: as the trace prints them ({@code 34 38 32 31}), and unspaced in both cases. */
    private static List<String> hexForms(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return List.of(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b), HexFormat.of().withUpperCase().formatHex(b),
                HexFormat.of().formatHex(b));
    }

    /**
     * The output a digit-only value could appear in by chance left out: the temporary directory's
     * path (see {@link #leakable}) and the trace's timings ({@code (4821 us)}).
     */
    private String chanceFree(String text) {
        return leakable(text).replaceAll("\\(\\d+ us\\)", "(- us)");
    }

    /** The trace lines of a run's standard error. */
    private static List<String> traceLines(Result r) {
        return r.err().lines().filter(l -> l.startsWith("mynacard: trace: ")).toList();
    }

    /**
     * Asserts that the run succeeded, traced (at least one command and one answer on standard
     * error, none on standard output), and showed none of the secrets on either stream, except
     * {@code shownByDesign} on standard output.
     */
    private void assertTracedWithoutLeaks(Result r, List<String> shownByDesign) throws Exception {
        assertEquals(0, r.code(), r.err());
        List<String> trace = traceLines(r);
        assertTrue(trace.stream().anyMatch(l -> l.startsWith("mynacard: trace: > ")), "no command traced: " + r.err());
        assertTrue(trace.stream().anyMatch(l -> l.matches("mynacard: trace: < .* \\(\\d+ us\\)")), "no answer traced: " + r.err());
        assertFalse(r.out().contains("trace:"), "trace lines on standard output: " + r.out());
        String out = chanceFree(r.out());
        String err = chanceFree(r.err());
        for (String secret : secrets()) {
            assertFalse(err.contains(secret), "standard error shows " + secret + ": " + r.err());
            for (String hex : hexForms(secret)) {
                assertFalse(r.err().contains(hex), "standard error shows " + secret + " as " + hex + ": " + r.err());
                assertFalse(r.out().contains(hex), "standard output shows " + secret + " as " + hex + ": " + r.out());
            }
            if (!shownByDesign.contains(secret)) {
                assertFalse(out.contains(secret), "standard output shows " + secret + ": " + r.out());
            }
        }
    }

    @Test
    void verifyTracesWithoutThePins() throws Exception {
        assertTracedWithoutLeaks(stdin(MynaCardEmulator.DEFAULT_USER_PIN + "\n", "verify", "--pin", "user", "--pin-stdin",
                "--card", card.toString(), "--trace"), List.of());
        Result signing = stdin(MynaCardEmulator.DEFAULT_SIGNING_PIN + "\n", "--trace", "verify", "--pin", "signing",
                "--pin-stdin", "--card", card.toString());
        assertTracedWithoutLeaks(signing, List.of());
        assertTrue(signing.err().contains("[8 bytes masked]"), "the signing password's VERIFY is there, masked: " + signing.err());
    }

    @Test
    void fieldsTracesWithoutTheMyNumberOrTheBasicFour() throws Exception {
        Result plain = stdin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN + "\n", "fields", "--pin-stdin", "--card", card.toString());
        Result traced = stdin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN + "\n", "fields", "--pin-stdin", "--card", card.toString(),
                "--trace");
        // the name and the address are what 'fields' shows; the trace adds nothing to standard output
        assertTracedWithoutLeaks(traced, List.of(MynaCardEmulator.DEFAULT_NAME, MynaCardEmulator.DEFAULT_ADDRESS, "花子",
                "霞が関"));
        assertEquals(plain.out(), traced.out());
        assertTrue(traced.out().contains(MynaCardEmulator.DEFAULT_NAME), traced.out());
        assertTrue(traced.err().contains("bytes masked] 90 00"), "the reads are there, masked: " + traced.err());
        Result json = stdin(MynaCardEmulator.DEFAULT_CARD_INFO_PIN + "\n", "fields", "--pin-stdin", "--card", card.toString(),
                "--trace", "--json");
        assertTracedWithoutLeaks(json, List.of(MynaCardEmulator.DEFAULT_NAME, MynaCardEmulator.DEFAULT_ADDRESS, "花子",
                "霞が関"));
        assertTrue(json.out().startsWith("{\"ok\":true,\"command\":\"fields\"") && json.out().strip().lines().count() == 1,
                "standard output is the JSON object alone: " + json.out());
    }

    @Test
    void faceTracesWithoutTheVerificationNumbersOrTheMyNumber() throws Exception {
        assertTracedWithoutLeaks(stdin(numberB() + "\n", "face", "--pin-stdin", "--card", card.toString(), "--out-dir",
                tmp.resolve("b").toString(), "--trace"), List.of());
        // 照合番号A is the My Number itself
        assertTracedWithoutLeaks(stdin(MynaCardEmulator.DEFAULT_MY_NUMBER + "\n", "face", "--with", "pin-a", "--pin-stdin",
                "--card", card.toString(), "--out-dir", tmp.resolve("a").toString(), "--trace"), List.of());
    }

    @Test
    void signTracesWithoutThePins() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "hello");
        assertTracedWithoutLeaks(stdin(MynaCardEmulator.DEFAULT_SIGNING_PIN + "\n", "sign", doc.toString(), "--pin-stdin",
                "--card", card.toString(), "--trace"), List.of());
        assertTracedWithoutLeaks(stdin(MynaCardEmulator.DEFAULT_USER_PIN + "\n", "sign", doc.toString(), "--key", "auth",
                "--out", tmp.resolve("doc.auth.sig").toString(), "--pin-stdin", "--card", card.toString(), "--trace"),
                List.of());
    }

    @Test
    void changePinTracesWithoutTheOldOrTheNewPin() throws Exception {
        assertTracedWithoutLeaks(stdin(MynaCardEmulator.DEFAULT_USER_PIN + "\n" + NEW_USER_PIN + "\n", "change-pin", "--pin",
                "user", "--pin-stdin", "--card", card.toString(), "--trace"), List.of());
        assertTracedWithoutLeaks(stdin(MynaCardEmulator.DEFAULT_SIGNING_PIN + "\n" + NEW_SIGNING_PIN + "\n", "change-pin",
                "--pin", "signing", "--pin-stdin", "--card", card.toString(), "--trace"), List.of());
        assertEquals(0, stdin(NEW_USER_PIN + "\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString()).code(),
                "the PIN was changed");
    }

    @Test
    void withoutTraceNothingIsTraced() {
        Result r = run("status", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(traceLines(r).isEmpty(), r.err());
        Result json = run("status", "--json", "--trace", "--card", card.toString());
        assertEquals(0, json.code(), json.err());
        assertFalse(traceLines(json).isEmpty(), json.err());
        assertTrue(json.out().startsWith("{\"ok\":true,\"command\":\"status\"") && json.out().strip().lines().count() == 1,
                json.out());
    }
}
