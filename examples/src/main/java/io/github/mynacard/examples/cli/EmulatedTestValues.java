package io.github.mynacard.examples.cli;

import io.github.mynacard.VerificationNumbers;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;

/**
 * The test values of an emulated card that a holder reads off a real card's face: the security code
 * and 照合番号B (birth date in the Japanese era as YYMMDD, the card's expiry year, the security
 * code). They are PIN-like, so {@code status} and {@code doctor} print them only with
 * {@code --show-numbers}, and only for an emulated card. 照合番号A is the My Number, which is never
 * printed here ({@code fields --show-my-number} shows it). The PINs are never printed: they are
 * the ones given to {@code emulator init} (the documented defaults for the default card).
 */
final class EmulatedTestValues {

    static final String OPTION_DESCRIPTION = "On an emulated card: print its test security code and 照合番号B (for 'face' and "
            + "'fields --with pin-b'); refused for a card in a reader.";

    private EmulatedTestValues() {
    }

    /**
     * Refuses {@code --show-numbers} for a card in a reader: its numbers are printed on the card.
     *
     * @param s the card
     * @param show whether {@code --show-numbers} was given
     * @throws CliException with {@link ExitCodes#BAD_INPUT} for a real card
     */
    static void check(CardSession s, boolean show) throws CliException {
        if (show && !s.emulated()) {
            throw CliException.badInput("--show-numbers is for an emulated card: a real card's security code and 照合番号B "
                    + "are printed on the card, and this tool never reads them out");
        }
    }

    /**
     * @param e the emulated card
     * @return {@code securityCode}, {@code numberB}, {@code cardExpiryDate} and where 照合番号A is
     */
    static Map<String, Object> json(MynaCardEmulator e) {
        char[] code = e.securityCode();
        char[] b = VerificationNumbers.numberB(e.holderBirthDate(), e.cardExpiryDate().getYear(), code);
        try {
            Map<String, Object> o = Json.object();
            o.put("securityCode", new String(code));
            o.put("numberB", new String(b));
            o.put("cardExpiryDate", e.cardExpiryDate().toString());
            o.put("numberA", "the card's My Number (mynacard fields --show-my-number)");
            return o;
        } finally {
            Arrays.fill(code, '\0');
            Arrays.fill(b, '\0');
        }
    }

    /**
     * Prints the test values (with {@code show}) or one line saying how to see them.
     *
     * @param out where
     * @param e the emulated card
     * @param show whether to print them
     */
    static void print(PrintWriter out, MynaCardEmulator e, boolean show) {
        if (!show) {
            out.println("Test values: this emulated card's security code and 照合番号B are " + Redactor.MASK
                    + "; add --show-numbers to print them.");
            return;
        }
        char[] code = e.securityCode();
        char[] b = VerificationNumbers.numberB(e.holderBirthDate(), e.cardExpiryDate().getYear(), code);
        try {
            String numberB = new String(b);
            out.println("Test values of this emulated card:");
            out.println("  security code (セキュリティコード): " + new String(code));
            out.println("  照合番号B: " + numberB + " (birth date in the Japanese era " + numberB.substring(0, 6)
                    + ", expiry year " + numberB.substring(6, 10) + ", security code " + numberB.substring(10) + ")");
            out.println("  照合番号A: the card's My Number ('mynacard fields --show-my-number' prints it)");
            out.println("  PINs: as given to 'mynacard emulator init' (the default card's are in 'mynacard emulator init --help')");
        } finally {
            Arrays.fill(code, '\0');
            Arrays.fill(b, '\0');
        }
    }
}
