package io.github.mynacard.examples.cli;

import io.github.mynacard.PinKind;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard verify --pin KIND}: checks a PIN against the card. */
@Command(name = "verify", header = "Check one PIN against the card.", mixinStandardHelpOptions = true,
        description = {"Check one PIN against the card. A wrong PIN spends an attempt (exit code 3); a right one restores "
            + "its counter. The PIN itself is asked for, never given as an argument.",
            "PIN order for --pin-stdin: the PIN named by --pin."})
public final class VerifyCommand extends PinCommand {

    @Option(names = "--pin", required = true, paramLabel = "KIND", converter = Names.PinKindConverter.class,
            description = "Which PIN: signing, user, resident or card-info (not the PIN's value).")
    PinKind kind;

    @Override
    protected int run(CardSession s) throws Exception {
        try (PinOptions.GuardedPin p = pin(s, kind)) {
            s.card().verifyPin(kind, p.chars(), p.lastAttempt());
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("pin", Names.option(kind));
            o.put("verified", true);
            o.put("remaining", s.card().pinStatus(kind).remaining());
            printJson(o);
        } else {
            out().println("Correct: the card accepted the " + Names.pin(kind) + ".");
            out().println(counterLine(s, kind));
        }
        return ExitCodes.OK;
    }
}
