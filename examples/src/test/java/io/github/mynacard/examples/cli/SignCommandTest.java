package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class SignCommandTest extends CliTestBase {

    private boolean verifies(Path data, Path sig, JpkiCertificate cert) throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(loadCard().certificate(cert).getPublicKey());
        v.update(Files.readAllBytes(data));
        return v.verify(Files.readAllBytes(sig));
    }

    @Test
    void signsWithEitherKey() throws Exception {
        newCard().close();
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "hello");
        Result s = stdin("MYNA2026\n", "sign", doc.toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, s.code(), s.err());
        assertTrue(verifies(doc, tmp.resolve("doc.txt.sig"), JpkiCertificate.SIGNING));
        Path out = tmp.resolve("auth.sig");
        Result a = stdin("4821\n", "sign", doc.toString(), "--key", "auth", "--out", out.toString(), "--card", card.toString(),
                "--pin-stdin", "--json");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("\"bytes\":256"), a.out());
        assertTrue(verifies(doc, out, JpkiCertificate.AUTHENTICATION));
    }

    @Test
    void refusesAMissingFileAndAPinInItsPlace() throws Exception {
        newCard().close();
        Result missing = stdin("MYNA2026\n", "sign", tmp.resolve("nope.txt").toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Result pin = stdin("", "sign", "MYNA2026", "--card", card.toString(), "--pin-stdin");
        assertEquals(2, pin.code());
        assertTrue(pin.err().contains("a PIN was given on the command line"), pin.err());
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }
}
