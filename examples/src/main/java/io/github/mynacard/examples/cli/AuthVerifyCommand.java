package io.github.mynacard.examples.cli;

import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.login.LoginChallenge;
import io.github.mynacard.login.LoginOrigin;
import io.github.mynacard.login.LoginResponse;
import io.github.mynacard.login.NonceStore;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.login.LoginResult;
import io.github.mynacard.login.LoginVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard auth-verify}: the service's check of a login response. No card needed. */
@Command(name = "auth-verify", header = "Check a login response for a nonce, as a service does (no card needed).",
        mixinStandardHelpOptions = true,
        description = {"Checks a response made by 'mynacard auth-sign' against the service's origin (--origin) and the nonce "
            + "it sent: its form (login format 2; format 1, which names no service, only with --accept-format-1), that it "
            + "names that origin and answers that nonce, the nonce's age (--max-age), the signature with the certificate's key, the "
            + "certificate's validity now and its chain to the roots in --trust-anchors DIR, and with --revocation SOURCE "
            + "(ocsp:URL, crl:FILE, crl:URL, pointers; or emulator with --card FILE) whether the certificate was revoked. "
            + "Without --revocation, revocation is not checked (the JPKI platform operator's service answers it for a real card).",
            "With --nonce-store FILE (written by 'auth-challenge --nonce-store FILE'), the nonce must have been issued there and "
                + "is used up: a second check of the same answer, by this or any other process on that file, is refused as a "
                + "replay. Without it, replays are not checked (each run knows only its own nonce).",
            "Exit code 0: verified; 8: the response does not verify (origin, signature, nonce, age, replay or form); 9: the signature "
                + "verifies but the certificate is not trusted (chain, validity, key usage, or no revocation source could "
                + "say); 12: the certificate was revoked."})
public final class AuthVerifyCommand extends BaseCommand {

    @Option(names = "--response", required = true, paramLabel = "FILE", description = "The login response (from auth-sign).")
    Path responseFile;

    @Option(names = "--nonce", required = true, paramLabel = "HEX", description = "The nonce the service sent, in hex.")
    String nonceHex;

    @Option(names = "--origin", required = true, paramLabel = "URL",
            description = "This service's origin, which the answer must name and be signed for: https://host[:port].")
    String originText;

    @Option(names = "--nonce-store", paramLabel = "FILE",
            description = "The nonce store auth-challenge recorded the nonce in; the nonce is used up there.")
    Path nonceStore;

    @Option(names = "--accept-format-1",
            description = "Also accept login format 1 (no origin signed: such an answer can be relayed by another site).")
    boolean acceptFormat1;

    @Option(names = "--trust-anchors", required = true, paramLabel = "DIR",
            description = "The JPKI user-authentication root certificates to trust (a folder of PEM or DER files). The word "
                + "jpki means the built-in J-LIS CA certificates (a folder named jpki is given as ./jpki); they never "
                + "trust an emulated card: for one, give the folder 'mynacard emulator services --trust-out DIR' writes.")
    Path trustAnchors;

    @Option(names = "--max-age", paramLabel = "SECONDS", defaultValue = "300",
            description = "How old the nonce may be (default: ${DEFAULT-VALUE}).")
    long maxAgeSeconds;

    @picocli.CommandLine.Mixin
    RevocationOptions revocation;

    @Option(names = "--card", paramLabel = "FILE", description = "For --revocation emulator: the emulated card whose back office to ask.")
    Path card;

    @Override
    protected int execute() throws Exception {
        if (revocation.embedded(false)) {
            throw CliException.badInput("--revocation embedded is for verify-signature: a login response carries no revocation data");
        }
        LoginOrigin origin = AuthSignCommand.parseOrigin(originText);
        if (card != null) {
            CliFiles.requireFile(card);
        }
        RevocationChecker checker = revocation.checker(card, List.of());
        byte[] nonce = AuthSignCommand.parseNonce(nonceHex);
        if (maxAgeSeconds < 1 || maxAgeSeconds > 86_400) {
            throw CliException.badInput("--max-age must be 1 to 86400 seconds");
        }
        byte[] text = CliFiles.read(responseFile);
        if (text.length > 64 * 1024) {
            throw CliException.badInput(responseFile + " is too large for a login response (" + text.length + " bytes)");
        }
        TrustAnchors anchors = CertificateChecks.anchors(trustAnchors, err());
        NonceStore store;
        if (nonceStore != null) {
            store = NonceStoreOption.open(nonceStore);
        } else {
            // this run issues the nonce itself: it verifies the answer, but cannot know whether it was used before
            store = NonceStore.inMemory();
            try {
                store.issue(nonce, LoginChallenge.issuedAt(nonce).plusSeconds(maxAgeSeconds));
            } catch (IllegalArgumentException e) {
                // not a login nonce of this protocol: the verifier says so
            }
        }
        LoginResponse response;
        try {
            response = LoginResponse.parse(new String(text, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return report(new LoginResult(LoginResult.Status.MALFORMED, e.getMessage(), null), origin);
        }
        LoginVerifier verifier = LoginVerifier.of(anchors, origin).withMaxAge(Duration.ofSeconds(maxAgeSeconds))
                .withRevocation(checker).withNonceStore(store);
        if (acceptFormat1) {
            verifier = verifier.acceptingFormat1();
        }
        return report(verifier.verify(response, nonce), origin);
    }

    private int report(LoginResult r, LoginOrigin origin) {
        int code = switch (r.status()) {
            case VERIFIED -> ExitCodes.OK;
            case UNTRUSTED, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID, NOT_AN_AUTHENTICATION_CERTIFICATE, REVOCATION_UNKNOWN ->
                ExitCodes.NOT_TRUSTED;
            case CERTIFICATE_REVOKED -> ExitCodes.REVOKED;
            case NONCE_STORE_FAILED -> ExitCodes.UNEXPECTED;
            default -> ExitCodes.SIGNATURE_INVALID;
        };
        X509Certificate cert = r.certificate();
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("verified", r.verified());
            o.put("status", r.status());
            o.put("detail", r.detail());
            o.put("origin", origin.toString());
            o.put("replayChecked", nonceStore != null);
            if (nonceStore != null) {
                o.put("nonceStore", nonceStore.toString());
            }
            if (cert != null) {
                o.put("subject", cert.getSubjectX500Principal().getName());
                o.put("serialNumber", cert.getSerialNumber().toString(16));
            }
            printJson(o, code, r.verified() ? null : "the login response does not verify: " + Json.enumValue(r.status())
                    + ": " + r.detail());
        } else if (r.verified()) {
            out().println("Login: VERIFIED for " + origin + " (" + r.detail() + ")");
            out().println("  Replay: " + (nonceStore != null ? "checked, the nonce is now used up in " + nonceStore
                    : "not checked (no --nonce-store: this run cannot know whether the answer was used before)"));
            out().println("  Certificate: " + cert.getSubjectX500Principal().getName() + ", serial "
                    + cert.getSerialNumber().toString(16));
        } else {
            out().println("Login: NOT VERIFIED: " + Json.enumValue(r.status()) + ": " + r.detail());
        }
        if (!r.verified()) {
            failed("the login response does not verify: " + Json.enumValue(r.status()) + ": " + r.detail());
        }
        return code;
    }
}
