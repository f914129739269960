package io.github.mynacard.examples.cli;

import picocli.CommandLine.Command;

/** {@code mynacard bench}: the group of measurement commands. */
@Command(name = "bench", header = "Measurements on emulated cards (no card needed).", mixinStandardHelpOptions = true,
        description = "Measurements that run on emulated cards in this process; no card or reader is needed.",
        subcommands = {BenchApdusCommand.class})
public final class BenchCommand {
}
