package io.github.mynacard.examples.cli;

import io.github.mynacard.login.LoginChallenge;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mynacard auth-challenge}: a new login nonce, as a service would send it. No card needed. */
@Command(name = "auth-challenge", header = "Make a login nonce, as a service sends it (no card needed).",
        mixinStandardHelpOptions = true,
        description = {"Prints a new login nonce in hex: 32 bytes, the moment it was made (8 bytes) and 24 random bytes. "
            + "Sign it on the card with 'mynacard auth-sign --nonce HEX', check the answer with 'mynacard auth-verify'."})
public final class AuthChallengeCommand extends BaseCommand {

    @Override
    protected int execute() {
        byte[] nonce = LoginChallenge.newNonce(Clock.systemUTC());
        String hex = HexFormat.of().formatHex(nonce);
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("nonce", hex);
            o.put("issuedAt", LoginChallenge.issuedAt(nonce).toString());
            printJson(o);
        } else {
            out().println(hex);
        }
        return ExitCodes.OK;
    }
}
