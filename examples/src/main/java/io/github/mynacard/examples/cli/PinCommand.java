package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import java.io.IOException;
import java.security.cert.X509Certificate;
import picocli.CommandLine.Mixin;

/** The base of the card commands that need PINs: the PIN input options and the guarded reading of a PIN. */
public abstract class PinCommand extends CardCommand {

    @Mixin
    PinOptions pins;

    /**
     * Reads a PIN for an operation on the card, after checking its counter (spends nothing).
     *
     * @param s the card
     * @param kind which PIN
     * @return the PIN and the last-attempt decision; close it to wipe the PIN
     * @throws Exception when it cannot be read, is blocked, or the last attempt is declined
     */
    PinOptions.GuardedPin pin(CardSession s, PinKind kind) throws Exception {
        return pins.readForCard(ctx(), err(), s.card(), kind);
    }

    /**
     * Reads a new PIN (typed twice at the prompt).
     *
     * @param kind which PIN
     * @return the new PIN; close it to wipe it
     * @throws CliException when it cannot be read
     */
    Secret newPin(PinKind kind) throws CliException {
        return pins.read(ctx(), kind, true);
    }

    /**
     * A new PIN refused as easy to guess, said as the command line says it: the new PIN was refused,
     * nothing was changed, and {@code --allow-weak} accepts it.
     *
     * @param e the refusal
     * @return the failure to throw: a {@link CliException} for a strength problem, else {@code e}
     */
    static Exception weakNewPin(PinFormatException e) {
        if (!e.problem().isStrengthProblem()) {
            return e;
        }
        return new CliException(ExitCodes.BAD_INPUT, e.getMessage() + "; the PIN was not changed. Choose another new PIN, "
                + "or add --allow-weak to use this one anyway.", e);
    }

    /**
     * Reads a certificate; the signing certificate asks for the signing password.
     *
     * @param s the card
     * @param which the certificate
     * @return the certificate
     * @throws Exception when the card refuses or the PIN cannot be read
     */
    X509Certificate certificate(CardSession s, JpkiCertificate which) throws Exception {
        if (!which.needsSigningPin()) {
            return s.card().readCertificate(which);
        }
        try (PinOptions.GuardedPin p = pin(s, PinKind.SIGNING)) {
            return s.card().readSigningCertificate(p.chars(), p.lastAttempt());
        }
    }

    /**
     * Reads the signing password (counter checked first, lockout guard as for every PIN) and opens
     * the signing key through the JCA provider.
     *
     * @param s the card
     * @return the key with its certificates; close it to wipe the password
     * @throws Exception when the password cannot be read, is wrong or blocked, or the card refuses
     */
    CardSigningKey signingKey(CardSession s) throws Exception {
        return CardSigningKey.open(s, pin(s, PinKind.SIGNING));
    }

    /**
     * @param s the card
     * @param kind which PIN
     * @return a line with the PIN's counter now
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses
     */
    String counterLine(CardSession s, PinKind kind) throws IOException, MynaCardException {
        return Names.pin(kind) + ": " + CardOverview.counter(s.card().pinStatus(kind)) + " attempts left";
    }
}
