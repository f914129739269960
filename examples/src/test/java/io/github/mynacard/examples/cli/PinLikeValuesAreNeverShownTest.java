package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A value that looks like a PIN is never printed back, whatever option it came in: refused without
 * being quoted where it is refused as a PIN, and masked as {@code ****} in every other message
 * (on standard output and error, text and JSON), and never made into a file.
 *
 * <p>The PIN-like tokens with letters ({@code Z9Q7X4}, {@code PQ42RS}) cannot occur by chance in a
 * temporary path or a hash; the digit-only ones are searched with {@link #assertNotShown}, which
 * leaves those parts out.
 */
class PinLikeValuesAreNeverShownTest extends CliTestBase {

    @BeforeEach
    void makeCard() {
        newCard().close();
    }

    private void assertEveryCounterFull() throws Exception {
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), loadCard().remainingAttempts(k), k.name());
        }
    }

    /** Refused as bad input, the token not shown, nothing spent. */
    private void assertRefusedUnshown(Result r, String token) throws Exception {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertNotShown(r, token);
        assertEveryCounterFull();
    }

    /** As {@link #assertRefusedUnshown}, for a message that quotes the value: it is there, masked. */
    private void assertRefusedMasked(Result r, String token) throws Exception {
        assertRefusedUnshown(r, token);
        assertTrue(r.err().contains(Redactor.MASK), r.err());
    }

    @Test
    void aPinGivenAsTheNameOfAnUnsetEnvironmentVariableIsNotQuoted() throws Exception {
        for (String token : new String[] {"4821", "Z9Q7X4"}) {
            Result text = run("verify", "--pin", "user", "--pin-env", token, "--card", card.toString());
            assertRefusedUnshown(text, token);
            assertTrue(text.err().contains("is not set"), text.err());
            assertTrue(text.err().contains("--pin-env"), text.err());
            Result json = run("verify", "--pin", "user", "--pin-env", token, "--card", card.toString(), "--json");
            assertRefusedUnshown(json, token);
            assertTrue(json.out().startsWith("{\"ok\":false,\"command\":\"verify\",\"exitCode\":2,"), json.out());
        }
    }

    @Test
    void aPinGivenAsTheNameOfTheNewPinsVariableIsNotQuoted() throws Exception {
        Result r = run("", Map.of("CURRENT", "4821"), null, "change-pin", "--pin", "user", "--pin-env", "CURRENT",
                "--new-pin-env", "PQ42RS", "--card", card.toString(), "--json");
        assertRefusedUnshown(r, "PQ42RS");
        assertTrue(r.err().contains("--new-pin-env"), r.err());
        assertEquals(0, stdin("4821\n", "verify", "--pin", "user", "--card", card.toString(), "--pin-stdin").code(),
                "the PIN was not changed");
    }

    @Test
    void aPinGivenAsTheCardFileIsRefusedAndNoFileIsMade() throws Exception {
        for (String token : new String[] {"4821", "Z9Q7X4"}) {
            Path pinFile = tmp.resolve(token);
            for (String[] args : new String[][] {
                {"status", "--card", pinFile.toString()},
                {"status", "--card", pinFile.toString(), "--json"},
                {"status", "--card", pinFile.toString(), "--fresh"},
                {"demo", "--card", pinFile.toString()},
                {"emulator", "init", "--card", pinFile.toString()},
            }) {
                Result r = run(args);
                assertRefusedUnshown(r, token);
                assertTrue(r.err().contains("a PIN was given on the command line"), String.join(" ", args) + ": " + r.err());
                assertFalse(Files.exists(pinFile), String.join(" ", args) + " made the file");
            }
        }
    }

    @Test
    void aPinLikeOutputDirectoryIsMaskedInTheMessage() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "hello");
        Path out = tmp.resolve("Z9Q7X4").resolve("x.sig");
        Result text = stdin("MYNA2026\n", "sign", doc.toString(), "--out", out.toString(), "--card", card.toString(), "--pin-stdin");
        assertRefusedMasked(text, "Z9Q7X4");
        assertTrue(text.err().contains("does not exist"), text.err());
        Result json = stdin("MYNA2026\n", "sign", doc.toString(), "--out=" + out, "--card", card.toString(), "--pin-stdin",
                "--json");
        assertRefusedMasked(json, "Z9Q7X4");
        assertTrue(json.out().contains(Redactor.MASK), json.out());
        Result cert = run("cert", "export", "auth", "--out", tmp.resolve("PQ42RS").resolve("c.pem").toString(), "--card",
                card.toString());
        assertRefusedMasked(cert, "PQ42RS");
        assertFalse(Files.exists(tmp.resolve("Z9Q7X4")));
        assertFalse(Files.exists(tmp.resolve("PQ42RS")));
    }

    @Test
    void aPinLikeInputFileIsMaskedInTheMessage() throws Exception {
        Result sign = stdin("MYNA2026\n", "sign", tmp.resolve("MYNA2026").toString(), "--card", card.toString(), "--pin-stdin");
        assertRefusedMasked(sign, "MYNA2026");
        assertTrue(sign.err().contains("no such file"), sign.err());
        Result key = stdin("7364\n", "fields", "--check-authenticity", "--trusted-key", tmp.resolve("PQ42RS").toString(),
                "--card", card.toString(), "--pin-stdin");
        assertRefusedMasked(key, "PQ42RS");
    }

    @Test
    void aPinInPlaceOfAFileIsRefusedWithoutQuotingIt() throws Exception {
        Result sign = stdin("MYNA2026\n", "sign", "4821.x", "--out", "MYNA2026", "--card", card.toString(), "--pin-stdin");
        assertRefusedUnshown(sign, "MYNA2026");
        assertFalse(Files.exists(Path.of("MYNA2026")), "no file named like the PIN");
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "hello");
        Path pinNamed = tmp.resolve("Z9Q7X4");
        Result out = stdin("MYNA2026\n", "sign", doc.toString(), "--out", pinNamed.toString(), "--card", card.toString(),
                "--pin-stdin");
        assertRefusedUnshown(out, "Z9Q7X4");
        assertTrue(out.err().contains("a PIN was given on the command line"), out.err());
        assertFalse(Files.exists(pinNamed), "an output file named like a PIN is never made");
        Result key = stdin("7364\n", "fields", "--trusted-key", "4821", "--check-authenticity", "--card", card.toString(),
                "--pin-stdin");
        assertRefusedUnshown(key, "4821");
        assertTrue(key.err().contains("a PIN was given on the command line"), key.err());
        Result json = stdin("7364\n", "fields", "--trusted-key", "4821", "--check-authenticity", "--card", card.toString(),
                "--pin-stdin", "--json");
        assertRefusedUnshown(json, "4821");
    }

    @Test
    void aPinInsideAFileNameOrAnOptionNameIsMasked() throws Exception {
        Path missing = tmp.resolve("AUDQX7Z9K2").resolve("AUDQX7Z9K2.txt");
        Result nested = stdin("MYNA2026\n", "sign", missing.toString(), "--card", card.toString(), "--pin-stdin");
        assertRefusedMasked(nested, "AUDQX7Z9K2");
        assertTrue(nested.err().contains("no such file") && nested.err().contains("****.txt"), nested.err());
        Result stem = stdin("MYNA2026\n", "sign", tmp.resolve("8352.pdf").toString(), "--card", card.toString(),
                "--pin-stdin", "--json");
        assertRefusedMasked(stem, "8352");
        assertTrue(stem.out().contains("****.pdf"), stem.out());
        Result option = run("status", "--AUDQX7Z9K2", "--card", card.toString());
        assertRefusedMasked(option, "AUDQX7Z9K2");
        assertTrue(option.err().contains("--****"), option.err());
    }
}
