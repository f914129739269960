package io.github.mynacard.examples.cli;

import io.github.mynacard.PinKind;
import io.github.mynacard.login.CardLogin;
import io.github.mynacard.login.LoginOrigin;
import io.github.mynacard.login.LoginResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard auth-sign --nonce HEX}: the holder's answer to a login nonce, signed with the user-authentication key. */
@Command(name = "auth-sign", header = "Answer a service's login nonce with the card's user-authentication key.",
        mixinStandardHelpOptions = true,
        description = {"Signs the service's origin and nonce with the user-authentication key (login format 2: "
            + "SHA256withRSA over 'mynacard-login-2:', SHA-256 of the origin and SHA-256 of the nonce) and prints the login "
            + "response: six lines 'name: value' (mynacard-login, origin, nonce, algorithm, signature, certificate), to "
            + "standard output or --out. The service checks it with 'mynacard auth-verify' or the library's LoginVerifier.",
            "--origin is the service you are logging in to, as you reached it (https://host[:port]); a site that passes "
                + "on another service's nonce gets an answer that only works for itself.",
            "PIN order for --pin-stdin: the user-authentication PIN."})
public final class AuthSignCommand extends PinCommand {

    @Option(names = "--origin", required = true, paramLabel = "URL",
            description = "The service's origin: https://host or https://host:port (http only for localhost).")
    String originText;

    @Option(names = "--nonce", required = true, paramLabel = "HEX", description = "The service's nonce, in hex (1 to 1024 bytes).")
    String nonceHex;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the response to FILE instead of standard output.")
    Path outFile;

    private byte[] nonce;
    private LoginOrigin origin;

    @Override
    protected void checkInputs() throws Exception {
        origin = parseOrigin(originText);
        nonce = parseNonce(nonceHex);
        if (outFile != null) {
            CliFiles.requireWritable(outFile);
        }
    }

    /**
     * @param text an origin given on the command line
     * @return it, in its one form
     * @throws CliException when it is not an origin
     */
    static LoginOrigin parseOrigin(String text) throws CliException {
        try {
            return LoginOrigin.of(text);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--origin: " + e.getMessage());
        }
    }

    /**
     * @param hex a nonce given on the command line
     * @return its bytes
     * @throws CliException when it is not 1 to 1024 bytes of hex
     */
    static byte[] parseNonce(String hex) throws CliException {
        byte[] b;
        try {
            b = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--nonce must be hex digits, two per byte");
        }
        if (b.length == 0 || b.length > 1024) {
            throw CliException.badInput("--nonce must be 1 to 1024 bytes, not " + b.length);
        }
        return b;
    }

    @Override
    protected int run(CardSession s) throws Exception {
        LoginResponse response;
        try (PinOptions.GuardedPin pin = pin(s, PinKind.USER_AUTH)) {
            response = CardLogin.respond(s.card(), origin, nonce, pin.chars(), pin.lastAttempt());
        }
        String text = response.encode();
        if (outFile != null) {
            CliFiles.write(outFile, text.getBytes(StandardCharsets.UTF_8));
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("origin", origin.toString());
            o.put("nonce", HexFormat.of().formatHex(nonce));
            o.put("algorithm", response.algorithm());
            if (outFile != null) {
                o.put("out", outFile.toString());
            } else {
                o.put("response", text);
            }
            printJson(o);
        } else if (outFile != null) {
            out().println("Signed the nonce for " + origin + " with the user-authentication key; response written to " + outFile + ".");
        } else {
            out().print(text);
        }
        return ExitCodes.OK;
    }
}
