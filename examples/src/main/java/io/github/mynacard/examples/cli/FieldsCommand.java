package io.github.mynacard.examples.cli;

import io.github.mynacard.CardFields;
import io.github.mynacard.MyNumber;
import io.github.mynacard.PinKind;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard fields}: the My Number and the basic four information. */
@Command(name = "fields", header = "My Number (masked) and the basic four information; needs the card-info PIN.", mixinStandardHelpOptions = true,
        description = {"Read the My Number and the basic four information (name, address, birth date, sex) with the "
            + "card-info input support PIN (券面事項入力補助用 暗証番号). The My Number is masked unless --show-my-number.",
            "PIN order for --pin-stdin: the card-info input support PIN."})
public final class FieldsCommand extends PinCommand {

    @Option(names = "--show-my-number", description = "Show the My Number (個人番号) unmasked. Its handling is restricted by law.")
    boolean showMyNumber;

    @Override
    protected int run(CardSession s) throws Exception {
        CardFields f;
        try (PinOptions.GuardedPin p = pin(s, PinKind.CARD_INFO_INPUT)) {
            f = s.card().readCardFields(p.chars(), p.lastAttempt());
        }
        if (json()) {
            printJson(json(f, showMyNumber));
        } else {
            print(out(), f, showMyNumber, "");
        }
        return ExitCodes.OK;
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
        out.println(indent + "My Number (個人番号):  " + myNumber(f, showMyNumber));
        out.println(indent + "Name (氏名):           " + f.name());
        out.println(indent + "Address (住所):        " + f.address());
        out.println(indent + "Birth date (生年月日): " + f.birthDate());
        out.println(indent + "Sex (性別):            " + sex(f));
    }

    /**
     * @param f the fields
     * @param showMyNumber whether to show the My Number unmasked
     * @return the fields as JSON
     */
    static Map<String, Object> json(CardFields f, boolean showMyNumber) {
        Map<String, Object> o = Json.object();
        o.put("myNumber", myNumber(f, showMyNumber));
        o.put("myNumberMasked", !showMyNumber);
        o.put("name", f.name());
        o.put("address", f.address());
        o.put("birthDate", f.birthDate().toString());
        o.put("sex", sex(f));
        return o;
    }

    private static String myNumber(CardFields f, boolean show) {
        return show ? f.myNumber() : MyNumber.mask(f.myNumber());
    }

    private static String sex(CardFields f) {
        return f.sex().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
