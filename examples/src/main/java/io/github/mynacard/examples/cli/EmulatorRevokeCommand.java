package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.CertificateAlreadyRevokedException;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.revocation.RevocationReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard emulator revoke}: revokes one of the emulated card's certificates in its state file. */
@Command(name = "revoke", header = "Revoke the emulated card's signing or authentication certificate.", mixinStandardHelpOptions = true,
        description = {"Revoke the card's current signing or authentication certificate, as the JPKI back office does when "
            + "a card is reported lost: the revocation (serial, time, reason) is kept in the card's state file, so the "
            + "CRLs and OCSP answers of 'mynacard emulator services' list it from the next request on. The card itself "
            + "goes on working; 'mynacard emulator reissue' gives it a new certificate.",
            "A certificate already revoked is refused (exit 2), as is a bad argument, before anything changes."})
public final class EmulatorRevokeCommand extends BaseCommand {

    @Option(names = "--card", paramLabel = "FILE", description = "The emulated card's state file (default: ~/.mynacard/card.state).")
    Path card;

    @Parameters(index = "0", paramLabel = "signing|auth", converter = EmulatorRevokeCommand.KeyConverter.class,
            description = "Which certificate: signing (署名用) or auth (利用者証明用).")
    JpkiKey key;

    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "key-compromise",
            description = "Why (RFC 5280): key-compromise (a lost or stolen card; the default), affiliation-changed (name or "
                + "address changed), superseded, cessation-of-operation (card given back), certificate-hold, "
                + "privilege-withdrawn, unspecified, ca-compromise, aa-compromise.")
    String reason;

    @Override
    protected int execute() throws Exception {
        RevocationReason why;
        try {
            why = RevocationReason.ofLabel(reason);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--reason: " + e.getMessage());
        }
        if (why == RevocationReason.REMOVE_FROM_CRL) {
            throw CliException.badInput("--reason remove-from-crl is not a reason to revoke a certificate (it is for delta CRLs)");
        }
        Path file = card != null ? card : ctx().defaultCardFile();
        cardIs(file);
        MynaCardEmulator emulator = EmulatorCards.load(file);
        try {
            String serial = emulator.certificate(key == JpkiKey.SIGNING ? io.github.mynacard.JpkiCertificate.SIGNING
                    : io.github.mynacard.JpkiCertificate.AUTHENTICATION).getSerialNumber().toString(16);
            try {
                emulator.revoke(key, why);
            } catch (CertificateAlreadyRevokedException e) {
                throw CliException.badInput(e.getMessage());
            } catch (java.io.UncheckedIOException e) {
                throw new CliException(ExitCodes.UNEXPECTED, "cannot write the card state file " + file + ": "
                        + CliFiles.reason(e.getCause()), e);
            }
            List<JpkiBackOffice.Revocation> all = emulator.revocations();
            JpkiBackOffice.Revocation done = all.get(all.size() - 1);
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("certificate", name(key));
                o.put("serialNumber", serial);
                o.put("revoked", done.time().toString());
                o.put("reason", done.reason().label());
                printJson(o);
            } else {
                out().println("Revoked the " + name(key) + " certificate (serial " + serial + ") at " + done.time() + " ("
                        + done.reason().label() + ") in " + file + ".");
            }
        } finally {
            emulator.close();
        }
        return ExitCodes.OK;
    }

    static String name(JpkiKey key) {
        return key == JpkiKey.SIGNING ? "signing" : "auth";
    }

    /** {@code signing} or {@code auth} (also {@code authentication}), case-insensitive. */
    static final class KeyConverter implements picocli.CommandLine.ITypeConverter<JpkiKey> {
        @Override
        public JpkiKey convert(String value) {
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "signing":
                case "sign":
                    return JpkiKey.SIGNING;
                case "auth":
                case "authentication":
                    return JpkiKey.AUTHENTICATION;
                default:
                    throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not signing or auth");
            }
        }
    }
}
