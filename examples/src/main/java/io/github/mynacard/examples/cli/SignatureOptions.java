package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationStatus;
import io.github.mynacard.signing.PreflightException;
import io.github.mynacard.signing.SignatureLevel;
import io.github.mynacard.signing.SigningPreflight;
import io.github.mynacard.signing.TsaClient;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a signature's level ({@code --level}, {@code --tsa}, {@code --revocation}) for
 * {@code sign --cms} and {@code sign-pdf}, and the checks they make before the password is asked:
 * the options agree, the time-stamping authority answers, and (on an emulated card, whose signing
 * certificate is readable without the password) the certificate is neither expired nor revoked.
 * On a card in a reader the signing certificate is readable only with the signing password, so
 * the certificate's checks run right after the password is verified and before anything is signed.
 */
public final class SignatureOptions {

    @Option(names = "--tsa", paramLabel = "URL",
            description = "The RFC 3161 time-stamping authority for --level b-t and above (e.g. 'mynacard emulator services').")
    String tsaUrl;

    @Option(names = "--tsa-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long the time-stamping authority may take to answer (default: ${DEFAULT-VALUE}).")
    int tsaTimeoutSeconds;

    @Mixin
    RevocationOptions revocation;

    private SignatureLevel level;
    private TsaClient tsa;

    /**
     * Checks the options against the level, before a card is opened.
     *
     * @param label the {@code --level} value
     * @param allowed the levels the command offers
     * @param readerCard whether the card is in a reader (then a long-term level needs {@code --revocation})
     * @return the level
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when they disagree
     */
    SignatureLevel check(String label, List<SignatureLevel> allowed, boolean readerCard) throws CliException {
        try {
            level = SignatureLevel.ofLabel(label);
        } catch (IllegalArgumentException e) {
            level = null;
        }
        if (level == null || !allowed.contains(level)) {
            throw CliException.badInput("--level must be one of " + String.join(", ", allowed.stream().map(SignatureLevel::label).toList())
                    + ", not '" + label + "'");
        }
        if (tsaTimeoutSeconds < 1 || tsaTimeoutSeconds > 120) {
            throw CliException.badInput("--tsa-timeout must be 1 to 120 seconds");
        }
        if (level.timestamped()) {
            if (tsaUrl == null) {
                throw CliException.badInput("--level " + level.label() + " needs a time-stamping authority: --tsa URL");
            }
            URI u = RevocationOptions.url(tsaUrl, "").normalize();
            tsa = TsaClient.of(u).withTimeout(Duration.ofSeconds(tsaTimeoutSeconds));
        } else if (tsaUrl != null) {
            throw CliException.badInput("--tsa is for --level b-t and above (this signature is " + level.label() + ")");
        }
        revocation.parsed();
        if (revocation.off() && level.longTerm()) {
            throw CliException.badInput("--level " + level.label() + " embeds revocation data: it cannot take --revocation off");
        }
        if (revocation.embedded(false)) {
            throw CliException.badInput("--revocation embedded is for verify-signature: a new signature has no data of its own yet");
        }
        if (level.longTerm() && readerCard && !revocation.given()) {
            throw CliException.badInput("--level " + level.label() + " embeds revocation data: give --revocation ocsp:URL or crl:FILE|URL");
        }
        return level;
    }

    /** @return the time-stamping authority, or null below B-T */
    TsaClient tsa() {
        return tsa;
    }

    /**
     * The revocation checker: the sources given, else on an emulated card its back office, else none.
     *
     * @param s the card
     * @return the checker
     * @throws CliException for a source that cannot be used
     */
    RevocationChecker checker(CardSession s) throws CliException {
        return revocation.checker(s.emulated() ? s.stateFile() : null,
                s.emulated() ? List.of(RevocationOptions.EMULATOR) : List.of());
    }

    /**
     * The checks before the password: on an emulated card all of them (the certificate is read from
     * the state file), on a card in a reader the time-stamping authority only.
     *
     * @param s the card
     * @param checker the revocation checker
     * @return whether the certificate was checked (false: check it after the password)
     * @throws CliException when a check fails; nothing was sent to the card
     */
    boolean beforePassword(CardSession s, RevocationChecker checker) throws CliException {
        if (s.emulated()) {
            run(s.emulator().certificate(JpkiCertificate.SIGNING), s.emulator().certificate(JpkiCertificate.SIGNING_CA), checker,
                    "nothing was sent to the card");
            return true;
        }
        if (tsa != null) {
            try {
                tsa.probe();
            } catch (io.github.mynacard.signing.TimestampException e) {
                throw new CliException(ExitCodes.NETWORK, "the time-stamping authority " + tsa.uri() + " gave no time-stamp: "
                        + e.getMessage() + "; nothing was sent to the card", e);
            }
        }
        return false;
    }

    /**
     * The certificate's checks after the password, for a card in a reader.
     *
     * @param cert the signing certificate
     * @param ca its CA certificate
     * @param checker the revocation checker
     * @throws CliException when a check fails; nothing was signed
     */
    void afterPassword(X509Certificate cert, X509Certificate ca, RevocationChecker checker) throws CliException {
        // the authority was probed before the password: here the certificate alone (its validity, and
        // revocation when a source is given; check() made sure a long-term level has one)
        run(cert, ca, checker, SignatureLevel.B_B, null, "nothing was signed (the password was verified; no attempt was spent)");
    }

    private void run(X509Certificate cert, X509Certificate ca, RevocationChecker checker, String consequence) throws CliException {
        run(cert, ca, checker, level, tsa, consequence);
    }

    private void run(X509Certificate cert, X509Certificate ca, RevocationChecker checker, SignatureLevel checkedLevel,
            TsaClient authority, String consequence) throws CliException {
        try {
            SigningPreflight.Result r = SigningPreflight.builder(cert).issuer(ca).level(checkedLevel).revocation(checker)
                    .timestamps(authority).build().check();
            lastRevocation = r.revocation();
        } catch (PreflightException e) {
            int code = switch (e.reason()) {
                case CERTIFICATE_REVOKED -> ExitCodes.REVOKED;
                case CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID -> ExitCodes.NOT_TRUSTED;
                case TSA_UNAVAILABLE, REVOCATION_UNAVAILABLE -> ExitCodes.NETWORK;
            };
            throw new CliException(code, "cannot sign: " + e.getMessage() + "; " + consequence, e);
        }
    }

    private RevocationStatus lastRevocation = RevocationStatus.notChecked();

    /** @return what the last check said of the certificate's revocation */
    RevocationStatus revocationChecked() {
        return lastRevocation;
    }
}
