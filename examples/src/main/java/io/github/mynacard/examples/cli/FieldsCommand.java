package io.github.mynacard.examples.cli;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardFields;
import io.github.mynacard.MyNumber;
import io.github.mynacard.PinKind;
import io.github.mynacard.Unlock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard fields}: the My Number and the basic four information. */
@Command(name = "fields", header = "My Number (masked) and the basic four information; needs the card-info PIN.", mixinStandardHelpOptions = true,
        description = {"Read the My Number and the basic four information (name, address, birth date, sex) with the "
            + "card-info input support PIN (券面事項入力補助用 暗証番号). The My Number is masked unless --show-my-number.",
            "With --check-authenticity: also checks that the data is genuine (the card-info AP's signed integrity record and "
                + "its issuer certificate, two more reads) against an authority key: the emulated card's test authority, "
                + "or --trusted-key FILE (a PEM or DER public key or certificate; needed for a card in a reader). Exit code "
                + "8 when the check fails.",
            "With --with pin-a or pin-b: open the application with 照合番号A (the 12-digit My Number), which reads the "
                + "My Number only, or 照合番号B (the birth date in the Japanese era as YYMMDD, the card's expiry year and the "
                + "4-digit security code: 14 digits), which reads the basic four information only; each has its own counter.",
            "PIN order for --pin-stdin: the card-info input support PIN (or the verification number of --with)."})
public final class FieldsCommand extends PinCommand {

    @Option(names = "--show-my-number", description = "Show the My Number (個人番号) unmasked. Its handling is restricted by law.")
    boolean showMyNumber;

    /** What opens the card-info application. */
    enum With {
        /** the card-info input support PIN */
        PIN(PinKind.CARD_INFO_INPUT),
        /** 照合番号A */
        PIN_A(PinKind.CARD_INFO_NUMBER_A),
        /** 照合番号B */
        PIN_B(PinKind.CARD_INFO_NUMBER_B);

        final PinKind kind;

        With(PinKind kind) {
            this.kind = kind;
        }
    }

    @Option(names = "--with", paramLabel = "pin|pin-a|pin-b", defaultValue = "pin", converter = WithConverter.class,
            description = "What opens the application: pin (the card-info PIN, default), pin-a (照合番号A) or pin-b (照合番号B).")
    With with;

    /** Converts pin, pin-a and pin-b. */
    static final class WithConverter implements picocli.CommandLine.ITypeConverter<With> {
        @Override
        public With convert(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "pin" -> With.PIN;
                case "pin-a", "a" -> With.PIN_A;
                case "pin-b", "b" -> With.PIN_B;
                default -> throw new picocli.CommandLine.TypeConversionException(Names.looksLikePin(value)
                        ? Names.PIN_AS_ARGUMENT : "expected pin, pin-a or pin-b");
            };
        }
    }

    @Option(names = "--check-authenticity", description = "Check that the data is genuine (signed by the card's issuer).")
    boolean checkAuthenticity;

    @Option(names = "--trusted-key", paramLabel = "FILE",
            description = "The authority's public key (PEM/DER public key or certificate) for --check-authenticity; "
                + "default on the emulator: its test authority.")
    Path trustedKey;

    private PublicKey trusted;

    /** The options agree and the authority key file is read, before the card is opened. */
    @Override
    protected void checkInputs() throws Exception {
        if (trustedKey != null && !checkAuthenticity) {
            throw CliException.badInput("--trusted-key goes with --check-authenticity");
        }
        if (trustedKey != null) {
            trusted = KeyFiles.publicKey(trustedKey);
        }
    }

    @Override
    protected int run(CardSession s) throws Exception {
        PublicKey authority = authority(s);
        CardFields f;
        try (PinOptions.GuardedPin p = pin(s, with.kind)) {
            Unlock unlock = switch (with) {
                case PIN -> Unlock.withPin(p.chars());
                case PIN_A -> Unlock.withNumberA(p.chars());
                case PIN_B -> Unlock.withNumberB(p.chars());
            };
            f = s.card().readCardFields(unlock.lastAttempt(p.lastAttempt()).trusting(authority));
        }
        Authenticity a = f.authenticity();
        boolean failed = checkAuthenticity && !a.genuine();
        if (json()) {
            Map<String, Object> o = json(f, showMyNumber);
            if (checkAuthenticity) {
                Map<String, Object> j = Json.object();
                j.put("status", a.status());
                j.put("detail", a.detail());
                j.put("authority", trustedKey != null ? trustedKey.toString() : "emulator test authority");
                o.put("authenticity", j);
            }
            printJson(o, failed ? ExitCodes.SIGNATURE_INVALID : ExitCodes.OK,
                    failed ? "the card-info data could not be shown to be genuine: " + a.detail() : null);
        } else {
            print(out(), f, showMyNumber, "");
            if (checkAuthenticity) {
                out().println("Authenticity (真正性): " + a.status() + " (" + a.detail() + "; authority: "
                        + (trustedKey != null ? trustedKey : "the emulator's test authority") + ")");
                if (failed) {
                    out().println("WARNING: the data above could not be shown to be genuine; do not rely on it.");
                }
            }
        }
        if (failed) {
            failed("the card-info data could not be shown to be genuine: " + a.detail());
        }
        return failed ? ExitCodes.SIGNATURE_INVALID : ExitCodes.OK;
    }

    /** The authority key to check against, or null when no check was asked for; decided before any PIN is asked. */
    private PublicKey authority(CardSession s) throws CliException {
        if (!checkAuthenticity) {
            return null;
        }
        if (trusted != null) {
            return trusted;
        }
        if (!s.emulated()) {
            throw CliException.badInput("--check-authenticity on a card in a reader needs --trusted-key FILE (the authority "
                    + "key that certifies the card-info AP's issuer key)");
        }
        return s.emulator().cardInfoCvcAuthorityKey();
    }

    /**
     * Prints the fields.
     *
     * @param out where
     * @param f the fields
     * @param showMyNumber whether to show the My Number unmasked
     * @param indent the indentation
     */
    static void print(PrintWriter out, CardFields f, boolean showMyNumber, String indent) {
        if (f.hasMyNumber()) {
            out.println(indent + "My Number (個人番号):  " + myNumber(f, showMyNumber));
        }
        if (f.hasBasicFour()) {
            out.println(indent + "Name (氏名):           " + f.name());
            out.println(indent + "Address (住所):        " + f.address());
            out.println(indent + "Birth date (生年月日): " + f.birthDate());
            out.println(indent + "Sex (性別):            " + sex(f));
        }
    }

    /**
     * @param f the fields
     * @param showMyNumber whether to show the My Number unmasked
     * @return the fields as JSON
     */
    static Map<String, Object> json(CardFields f, boolean showMyNumber) {
        Map<String, Object> o = Json.object();
        o.put("myNumber", f.hasMyNumber() ? myNumber(f, showMyNumber) : null);
        o.put("myNumberMasked", !showMyNumber);
        o.put("name", f.name());
        o.put("address", f.address());
        o.put("birthDate", f.hasBasicFour() ? f.birthDate().toString() : null);
        o.put("sex", f.hasBasicFour() ? f.sex() : null);
        return o;
    }

    private static String myNumber(CardFields f, boolean show) {
        return show ? f.myNumber() : MyNumber.mask(f.myNumber());
    }

    private static String sex(CardFields f) {
        return f.sex().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
