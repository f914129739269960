package io.github.mynacard.examples.cli;

import picocli.CommandLine.Command;

/** {@code mynacard emulator}: the group of commands for emulated cards. */
@Command(name = "emulator", header = "Create or serve emulated cards.", mixinStandardHelpOptions = true,
        description = "Create an emulated card's state file, or serve it to PC/SC programs through vsmartcard's virtual reader.",
        subcommands = {EmulatorInitCommand.class, EmulatorServeCommand.class, EmulatorServicesCommand.class,
            EmulatorRevokeCommand.class, EmulatorReissueCommand.class})
public final class EmulatorCommand {
}
