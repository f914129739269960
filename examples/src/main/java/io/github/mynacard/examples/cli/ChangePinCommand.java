package io.github.mynacard.examples.cli;

import io.github.mynacard.PinKind;
import io.github.mynacard.StrengthCheck;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard change-pin --pin KIND}: sets a new value for a PIN, knowing the current one. */
@Command(name = "change-pin", header = "Change a PIN (current, then new).", mixinStandardHelpOptions = true,
        description = {"Change a PIN: the current value, then the new one (typed twice at the prompt). The new PIN is "
            + "checked before anything is sent: 4 digits, or 6-16 of A-Z and 0-9 with a letter and a digit for the "
            + "signing password; not trivial (1111, 1234) and not the birth date unless --allow-weak.",
            "PIN order for --pin-stdin: the current PIN, then the new PIN. With --pin-env NAME, also --new-pin-env NAME."})
public final class ChangePinCommand extends PinCommand {

    @Option(names = "--pin", required = true, paramLabel = "KIND", converter = Names.PinKindConverter.class,
            description = "Which PIN: signing, user, resident or card-info (not the PIN's value).")
    PinKind kind;

    @Option(names = "--allow-weak", description = "Accept a well-formed but easily guessed new PIN.")
    boolean allowWeak;

    @Override
    protected int run(CardSession s) throws Exception {
        try (PinOptions.GuardedPin current = pin(s, kind); Secret next = newPin(kind)) {
            s.card().changePin(kind, current.chars(), next.chars(), allowWeak ? StrengthCheck.SKIP : StrengthCheck.ENFORCE,
                    current.lastAttempt());
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("pin", Names.option(kind));
            o.put("changed", true);
            o.put("remaining", s.card().pinStatus(kind).remaining());
            printJson(o);
        } else {
            out().println("Changed the " + Names.pin(kind) + ". Use the new value from now on.");
            out().println(counterLine(s, kind));
        }
        return ExitCodes.OK;
    }
}
