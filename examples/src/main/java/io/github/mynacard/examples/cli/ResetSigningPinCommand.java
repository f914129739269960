package io.github.mynacard.examples.cli;

import io.github.mynacard.CardRefusedException;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinPolicy;
import io.github.mynacard.PinResetUnavailableException;
import io.github.mynacard.StrengthCheck;
import io.github.mynacard.mock.TestTerminals;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mynacard reset-signing-pin}: the convenience-store kiosk's reset of the signing password,
 * on the emulator (with its test kiosk). On a real card it explains why a PC cannot do it.
 */
@Command(name = "reset-signing-pin", header = "Reset the signing password as a convenience-store kiosk does (emulator only).", mixinStandardHelpOptions = true,
        description = {"Reset a (blocked or forgotten) signing password as a convenience-store kiosk does: the "
            + "user-authentication PIN, then the new signing password (typed twice). On the emulated card the test "
            + "kiosk authenticates itself to the card. On a real card (--reader) this cannot be done from a PC: the "
            + "command explains the real procedure and ends with exit code 7.",
            "PIN order for --pin-stdin: the user-authentication PIN, then the new signing password. With --pin-env "
                + "NAME (user PIN), also --new-pin-env NAME."})
public final class ResetSigningPinCommand extends PinCommand {

    @Option(names = "--allow-weak", description = "Accept a well-formed but easily guessed new signing password.")
    boolean allowWeak;

    @picocli.CommandLine.Mixin
    PinOptions.NewPinOption newPin;

    @Override
    protected void checkInputs() throws Exception {
        pins.newEnv = newPin.name;
    }

    @Override
    protected int run(CardSession s) throws Exception {
        if (!s.emulated()) {
            throw new PinResetUnavailableException("a PC cannot reset the signing password: real cards trust only "
                    + "the kiosks' and municipal offices' terminals", CardRefusedException.NO_STATUS_WORD);
        }
        try (PinOptions.GuardedPin user = pin(s, PinKind.USER_AUTH); Secret next = newPin(PinKind.SIGNING)) {
            PinPolicy.checkNewPin(PinKind.SIGNING, next.chars(), s.emulator().holderBirthDate(),
                    allowWeak ? StrengthCheck.SKIP : StrengthCheck.ENFORCE);
            progress("authenticating the test kiosk to the card...");
            s.card().resetSigningPin(user.chars(), next.chars(), TestTerminals.kiosk(),
                    allowWeak ? StrengthCheck.SKIP : StrengthCheck.ENFORCE, user.lastAttempt());
        } catch (PinFormatException e) {
            throw weakNewPin(e);
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("pin", "signing");
            o.put("reset", true);
            o.put("remaining", s.card().pinStatus(PinKind.SIGNING).remaining());
            printJson(o);
        } else {
            out().println("The kiosk reset the " + Names.pin(PinKind.SIGNING) + ". Use the new value from now on.");
            out().println(counterLine(s, PinKind.SIGNING));
        }
        return ExitCodes.OK;
    }
}
