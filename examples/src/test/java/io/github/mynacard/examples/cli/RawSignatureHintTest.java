package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A genuine raw signature checked against another card's keys: not valid (exit 8), and the
 * message says whose keys were tried, that a changed file looks the same, and what to give.
 */
class RawSignatureHintTest extends CliTestBase {

    private static final String BOTH = "either %s changed after it was signed, or it was signed by another card's key";

    private Path contract;

    /** Signs {@code contract.txt} with the signing key of the card at {@link #card} (card A). */
    private Path signOnCardA() throws Exception {
        newCard().close();
        contract = Files.writeString(tmp.resolve("contract.txt"), "契約書\n");
        Result s = stdin("MYNA2026\n", "sign", contract.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, s.code(), s.err());
        return Path.of(contract + ".sig");
    }

    private static void assertHint(Result r, String keys, Path file) {
        assertEquals(ExitCodes.SIGNATURE_INVALID, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("mynacard: error: signature NOT valid for " + file + ": the raw signature was not made "
                + "by these keys (" + keys + "): " + String.format(BOTH, file)), r.err());
        assertTrue(r.err().contains("give the signer's certificate with --cert FILE ('mynacard cert export signing --out FILE' "
                + "on the signer's card, with --reader NAME for a card in a reader) or the signer's emulated card with "
                + "--card FILE"), r.err());
    }

    @Test
    void anotherEmulatedCardNamesItsCertificatesAndWhatToGive() throws Exception {
        Path sig = signOnCardA();
        Path other = tmp.resolve("other.card");
        MynaCardEmulator.builder().stateFile(other).freshKeys(true).build().close();
        Result r = run("verify-signature", contract.toString(), "--sig", sig.toString(), "--card", other.toString());
        assertHint(r, "the signing and user-authentication certificates of the emulated card " + other, contract);
        // the signer's card verifies it
        assertEquals(0, run("verify-signature", contract.toString(), "--sig", sig.toString(), "--card", card.toString()).code());
    }

    @Test
    void theDefaultCardIsNamedAsTheDefault() throws Exception {
        Path sig = signOnCardA();
        assertEquals(0, run("status").code()); // creates the default card, with other keys
        Path dflt = home.resolve(".mynacard/card.state");
        Result r = run("verify-signature", contract.toString(), "--sig", sig.toString());
        assertHint(r, "the signing and user-authentication certificates of the emulated card " + dflt + " (the default card)",
                contract);
    }

    @Test
    void anotherCertificateFileIsNamedAndJsonCarriesTheSameLine() throws Exception {
        Path sig = signOnCardA();
        Path other = tmp.resolve("other.card");
        MynaCardEmulator.builder().stateFile(other).freshKeys(true).build().close();
        Path cert = tmp.resolve("other.pem");
        assertEquals(0, stdin("MYNA2026\n", "cert", "export", "signing", "--out", cert.toString(), "--card", other.toString(),
                "--pin-stdin").code());
        Result r = run("verify-signature", contract.toString(), "--sig", sig.toString(), "--cert", cert.toString());
        assertHint(r, "the key of the certificate in " + cert, contract);
        Result j = run("verify-signature", contract.toString(), "--sig", sig.toString(), "--cert", cert.toString(), "--json");
        assertEquals(ExitCodes.SIGNATURE_INVALID, j.code());
        assertTrue(j.out().contains("\"error\":\"signature NOT valid for " + contract + ": the raw signature was not made by "
                + "these keys (the key of the certificate in " + cert + "): "), j.out());
    }

    @Test
    void aFileChangedAfterSigningGetsTheSameHonestAnswer() throws Exception {
        Path sig = signOnCardA();
        Files.writeString(contract, "契約書 (changed)\n");
        Result r = run("verify-signature", contract.toString(), "--sig", sig.toString(), "--card", card.toString());
        assertHint(r, "the signing and user-authentication certificates of the emulated card " + card, contract);
    }
}
