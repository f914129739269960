package io.github.mynacard.examples.cli;

import io.github.mynacard.login.FileNonceStore;
import io.github.mynacard.login.LoginChallenge;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard auth-challenge}: a new login nonce, as a service would send it. No card needed. */
@Command(name = "auth-challenge", header = "Make a login nonce, as a service sends it (no card needed).",
        mixinStandardHelpOptions = true,
        description = {"Prints a new login nonce in hex: 32 bytes, the moment it was made (8 bytes) and 24 random bytes. "
            + "Sign it on the card with 'mynacard auth-sign --origin URL --nonce HEX', check the answer with "
            + "'mynacard auth-verify'.",
            "With --nonce-store FILE the nonce is recorded there as issued, valid for --max-age seconds; 'auth-verify "
                + "--nonce-store FILE' then accepts it once, from any process that shares the file."})
public final class AuthChallengeCommand extends BaseCommand {

    @Option(names = "--nonce-store", paramLabel = "FILE",
            description = "Record the nonce as issued in this nonce store (made if absent), shared with 'auth-verify --nonce-store'.")
    Path nonceStore;

    @Option(names = "--max-age", paramLabel = "SECONDS", defaultValue = "300",
            description = "With --nonce-store: how long the nonce may be used (default: ${DEFAULT-VALUE}).")
    long maxAgeSeconds;

    @Override
    protected int execute() throws Exception {
        if (maxAgeSeconds < 1 || maxAgeSeconds > 86_400) {
            throw CliException.badInput("--max-age must be 1 to 86400 seconds");
        }
        FileNonceStore store = nonceStore == null ? null : NonceStoreOption.open(nonceStore);
        byte[] nonce = LoginChallenge.newNonce(Clock.systemUTC());
        Instant expires = LoginChallenge.issuedAt(nonce).plusSeconds(maxAgeSeconds);
        if (store != null) {
            try {
                store.issue(nonce, expires);
            } catch (IOException e) {
                throw new CliException(ExitCodes.UNEXPECTED, "--nonce-store: the nonce could not be recorded: " + e.getMessage(), e);
            }
        }
        String hex = HexFormat.of().formatHex(nonce);
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("nonce", hex);
            o.put("issuedAt", LoginChallenge.issuedAt(nonce).toString());
            if (store != null) {
                o.put("nonceStore", nonceStore.toString());
                o.put("expiresAt", expires.toString());
            }
            printJson(o);
        } else {
            out().println(hex);
        }
        return ExitCodes.OK;
    }
}
