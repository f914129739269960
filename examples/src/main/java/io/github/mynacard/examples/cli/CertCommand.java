package io.github.mynacard.examples.cli;

import picocli.CommandLine.Command;

/** {@code mynacard cert}: the group of certificate commands. */
@Command(name = "cert", header = "Show or export a JPKI certificate.", mixinStandardHelpOptions = true,
        description = "Show or export a JPKI certificate: auth (利用者証明用), auth-ca, signing (署名用; needs the signing password) or signing-ca.",
        subcommands = {CertShowCommand.class, CertExportCommand.class})
public final class CertCommand {
}
