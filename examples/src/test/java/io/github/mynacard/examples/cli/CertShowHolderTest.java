package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import org.junit.jupiter.api.Test;

/** {@code cert show signing --show-holder}: the holder's name, address and birth date on request, and never without it. */
class CertShowHolderTest extends CliTestBase {

    private static final String NAME = MynaCardEmulator.DEFAULT_NAME;
    private static final String ADDRESS = MynaCardEmulator.DEFAULT_ADDRESS;
    private static final String BIRTH = MynaCardEmulator.DEFAULT_BIRTH_DATE.toString();

    private Result show(String... more) {
        String[] args = new String[5 + more.length];
        System.arraycopy(new String[] {"cert", "show", "signing", "--card", card.toString()}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return stdin(MynaCardEmulator.DEFAULT_SIGNING_PIN + "\n", withPinStdin(args));
    }

    private static String[] withPinStdin(String[] args) {
        String[] a = java.util.Arrays.copyOf(args, args.length + 1);
        a[args.length] = "--pin-stdin";
        return a;
    }

    @Test
    void withTheFlagTheHolderIsPrinted() throws Exception {
        newCard().close();
        Result r = show("--show-holder");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  Holder:      " + NAME + "\n"), r.out());
        assertTrue(r.out().contains("  Address:     " + ADDRESS + "\n"), r.out());
        assertTrue(r.out().contains("  Birth date:  " + BIRTH + "\n"), r.out());
        assertNotShown(r, MynaCardEmulator.DEFAULT_SIGNING_PIN, MynaCardEmulator.DEFAULT_MY_NUMBER);
    }

    @Test
    void withTheFlagTheJsonHasTheHolder() throws Exception {
        newCard().close();
        Result r = show("--show-holder", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\"holder\":{\"name\":\"" + NAME + "\",\"address\":\"" + ADDRESS + "\",\"birthDate\":\""
                + BIRTH + "\"}"), r.out());
        assertNotShown(r, MynaCardEmulator.DEFAULT_SIGNING_PIN, MynaCardEmulator.DEFAULT_MY_NUMBER);
    }

    @Test
    void withoutTheFlagNoneOfItAppears() throws Exception {
        newCard().close();
        for (Result r : new Result[] {show(), show("--json")}) {
            assertEquals(0, r.code(), r.out() + r.err());
            String all = r.out() + r.err();
            assertTrue(r.out().contains("SHA-256") || r.out().contains("\"sha256\""), r.out());
            for (String personal : new String[] {NAME, ADDRESS, BIRTH, "番号", "東京都", "Holder", "holder", "Address", "Birth"}) {
                assertFalse(all.contains(personal), personal + " shown without --show-holder: " + all);
            }
        }
    }

    @Test
    void theOtherCertificatesHaveNoHolderAndNoPasswordIsAsked() throws Exception {
        newCard().close();
        for (String which : new String[] {"auth", "auth-ca", "signing-ca"}) {
            Result r = run("cert", "show", which, "--show-holder", "--card", card.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("--show-holder is for the signing certificate"), r.err());
            assertFalse((r.out() + r.err()).contains(NAME), r.out());
        }
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }
}
