package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import org.junit.jupiter.api.Test;

/**
 * The same thing has the same name in every JSON result: the card ({@code "card"}, one object), a
 * PIN refusal's attempts left ({@code "remaining"}, as {@code status} writes it), a certificate's
 * serial number ({@code "serialNumber"}), and a certificate exported into the JSON ({@code "pem"}).
 */
class JsonConsistencyTest extends CliTestBase {

    private String cardJson() {
        return "\"card\":{\"kind\":\"emulated\",\"stateFile\":\"" + card.toAbsolutePath().normalize() + "\"}";
    }

    @Test
    void aWrongPinSaysHowManyAttemptsAreLeftAsFields() throws Exception {
        newCard().close();
        Result r = stdin("0000\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString(), "--json");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().startsWith("{\"ok\":false,\"command\":\"verify\",\"exitCode\":3,\"reason\":\"wrong_pin\",\"error\":"),
                r.out());
        assertTrue(r.out().contains(cardJson() + ",\"pin\":\"user\",\"remaining\":2,\"maxAttempts\":3,\"blocked\":false}"),
                r.out());
        spend(PinKind.USER_AUTH, 2);
        Result blocked = stdin("4821\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString(), "--json");
        assertEquals(4, blocked.code(), blocked.err());
        assertTrue(blocked.out().contains("\"pin\":\"user\",\"remaining\":0,\"maxAttempts\":3,\"blocked\":true"), blocked.out());
    }

    @Test
    void everyCardCommandNamesTheCardTheSameWay() {
        newCard().close();
        for (String[] args : new String[][] {{"status"}, {"doctor"}, {"cert", "show", "auth"}, {"emulator", "reissue", "auth"},
            {"emulator", "revoke", "auth"}}) {
            String[] a = java.util.Arrays.copyOf(args, args.length + 3);
            a[args.length] = "--card";
            a[args.length + 1] = card.toString();
            a[args.length + 2] = "--json";
            Result r = run(a);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains(cardJson()), String.join(" ", args) + ": " + r.out());
        }
        Result missing = run("status", "--card", tmp.resolve("nope.state").toString(), "--json");
        assertEquals(2, missing.code());
        assertTrue(missing.out().contains("\"card\":{\"kind\":\"emulated\",\"stateFile\":\""
                + tmp.resolve("nope.state").toAbsolutePath() + "\"}"), "a failure names the card too: " + missing.out());
    }

    @Test
    void certExportPutsThePemInTheJson() {
        newCard().close();
        Result r = run("cert", "export", "auth", "--card", card.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"format\":\"pem\",\"pem\":\"-----BEGIN CERTIFICATE-----\\n"), r.out());
        assertTrue(r.out().strip().endsWith("-----END CERTIFICATE-----\\n\"}"), r.out());
        Result der = run("cert", "export", "auth", "--format", "der", "--card", card.toString(), "--json");
        assertEquals(2, der.code(), "DER still needs --out: " + der.out());
    }

    @Test
    void serialNumbersAreCalledSerialNumber() {
        newCard().close();
        for (String[] args : new String[][] {{"emulator", "reissue", "auth"}, {"emulator", "revoke", "auth"},
            {"cert", "show", "auth"}}) {
            Result r = run(args[0], args[1], args[2], "--card", card.toString(), "--json");
            assertTrue(r.out().contains("\"serialNumber\":\""), String.join(" ", args) + ": " + r.out());
            assertTrue(!r.out().contains("\"serial\":") && !r.out().contains("\"previousSerial\":"), r.out());
        }
    }
}
