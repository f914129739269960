package io.github.mynacard.examples.cli;

import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinPolicy;
import io.github.mynacard.StrengthCheck;
import io.github.mynacard.cert.SigningCertificateInfo;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard change-pin --pin KIND}: sets a new value for a PIN, knowing the current one. */
@Command(name = "change-pin", header = "Change a PIN (current, then new).", mixinStandardHelpOptions = true,
        description = {"Change a PIN: the current value, then the new one (typed twice at the prompt). The new PIN is "
            + "checked before it is sent: 4 digits, or 6-16 of A-Z and 0-9 with a letter and a digit for the "
            + "signing password; not trivial (1111, 1234) and not the holder's birth date unless --allow-weak.",
            "The birth date is known on the emulated card for every PIN, before anything is sent. On a card in a "
                + "reader it is known for the signing password (from the signing certificate, read after the current "
                + "password is verified); a 4-digit PIN's birth-date rule cannot be checked there, since the birth date "
                + "is behind the card-info PIN.",
            "PIN order for --pin-stdin: the current PIN, then the new PIN. With --pin-env NAME, also --new-pin-env NAME."})
public final class ChangePinCommand extends PinCommand {

    @Option(names = "--pin", required = true, paramLabel = "KIND", converter = Names.PinKindConverter.class,
            description = "Which PIN: signing, user, resident or card-info (not the PIN's value).")
    PinKind kind;

    @Option(names = "--allow-weak", description = "Accept a well-formed but easily guessed new PIN.")
    boolean allowWeak;

    @picocli.CommandLine.Mixin
    PinOptions.NewPinOption newPin;

    @Override
    protected void checkInputs() throws Exception {
        pins.newEnv = newPin.name;
    }

    @Override
    protected int run(CardSession s) throws Exception {
        StrengthCheck strength = allowWeak ? StrengthCheck.SKIP : StrengthCheck.ENFORCE;
        try (PinOptions.GuardedPin current = pin(s, kind); Secret next = newPin(kind)) {
            PinPolicy.checkFormat(kind, current.chars());
            LocalDate birthDate = s.emulated() ? s.emulator().holderBirthDate() : null;
            PinPolicy.checkNewPin(kind, next.chars(), birthDate, strength);
            if (!s.emulated() && kind == PinKind.SIGNING && strength == StrengthCheck.ENFORCE) {
                // the signing certificate carries the birth date; reading it verifies the current password
                X509Certificate cert = s.card().readSigningCertificate(current.chars(), current.lastAttempt());
                PinPolicy.checkNewPin(kind, next.chars(), SigningCertificateInfo.parse(cert).birthDate(), strength);
            }
            s.card().changePin(kind, current.chars(), next.chars(), strength, current.lastAttempt());
        } catch (PinFormatException e) {
            throw weakNewPin(e);
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
