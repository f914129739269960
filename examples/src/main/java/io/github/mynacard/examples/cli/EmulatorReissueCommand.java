package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard emulator reissue}: gives the emulated card a new key pair and certificate for one key. */
@Command(name = "reissue", header = "Reissue the emulated card's signing or authentication certificate.", mixinStandardHelpOptions = true,
        description = {"Give the card a new key pair and a new certificate (new serial, valid from today) for its signing or "
            + "authentication key, as a municipal office does; the old certificate is revoked as superseded unless it "
            + "already was. PINs and counters stay. Saved in the card's state file."})
public final class EmulatorReissueCommand extends BaseCommand {

    @Option(names = "--card", paramLabel = "FILE", description = "The emulated card's state file (default: ~/.mynacard/card.state).")
    Path card;

    @Parameters(index = "0", paramLabel = "signing|auth", converter = EmulatorRevokeCommand.KeyConverter.class,
            description = "Which key: signing (署名用) or auth (利用者証明用).")
    JpkiKey key;

    @Override
    protected int execute() throws Exception {
        Path file = card != null ? card : ctx().defaultCardFile();
        cardIs(file);
        MynaCardEmulator emulator = EmulatorCards.load(file);
        JpkiCertificate which = key == JpkiKey.SIGNING ? JpkiCertificate.SIGNING : JpkiCertificate.AUTHENTICATION;
        try {
            String old = emulator.certificate(which).getSerialNumber().toString(16);
            try {
                emulator.reissue(key);
            } catch (IllegalArgumentException e) {
                throw CliException.badInput("cannot reissue: " + e.getMessage());
            } catch (java.io.UncheckedIOException e) {
                throw new CliException(ExitCodes.UNEXPECTED, "cannot write the card state file " + file + ": "
                        + CliFiles.reason(e.getCause()), e);
            }
            X509Certificate now = emulator.certificate(which);
            String serial = now.getSerialNumber().toString(16);
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("certificate", EmulatorRevokeCommand.name(key));
                o.put("previousSerialNumber", old);
                o.put("serialNumber", serial);
                o.put("notBefore", now.getNotBefore().toInstant().toString());
                o.put("notAfter", now.getNotAfter().toInstant().toString());
                printJson(o);
            } else {
                out().println("Reissued the " + EmulatorRevokeCommand.name(key) + " certificate in " + file + ": serial " + serial
                        + " (was " + old + ", now revoked as superseded unless it already was), valid until "
                        + now.getNotAfter().toInstant() + ".");
            }
        } finally {
            emulator.close();
        }
        return ExitCodes.OK;
    }
}
