package io.github.mynacard.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run by the build, not by users: the everyday commands on a throwaway emulated card, in one JVM
 * started with {@code -XX:DumpLoadedClassList}, so that the classes they load go into the static
 * class-data-sharing archive ({@code -Xshare:dump}) the {@code mynacard} launcher starts the JVM with.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    /**
     * @param args the directory for the throwaway card
     * @throws Exception when the directory cannot be made
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        String card = dir.resolve("card.state").toString();
        Path doc = Files.writeString(dir.resolve("doc.txt"), "class data training\n");
        String[][] runs = {
            {"", "emulator", "init", "--force", "--card", card},
            {"", "status", "--card", card},
            {"", "status", "--json", "--card", card},
            {"", "doctor", "--card", card},
            {"7364\n", "fields", "--pin-stdin", "--card", card},
            {"4821\n", "verify", "--pin", "user", "--pin-stdin", "--card", card},
            {"0000\n", "verify", "--pin", "user", "--pin-stdin", "--card", card},
            {"4821\n", "verify", "--pin", "user", "--pin-stdin", "--card", card},
            {"MYNA2026\n", "sign", doc.toString(), "--pin-stdin", "--card", card},
            {"", "cert", "show", "auth", "--card", card},
            {"", "verify", "--pin", "4821"},
            {"", "--help"},
        };
        // what main() loads before a command runs, which the runs below do not reach (a terminal, the
        // signal handlers: not installed here, so that the build still stops on Ctrl-C)
        for (String name : new String[] {"Terminal", "Terminal$TtyTerminal", "Terminal$ConsoleTerminal", "Signals",
            "Signals$Handler", "MynacardCli$OnSignal", "MynacardCli$SettleSignals", "MynacardCli$OnShutdown", "MynacardCli$1"}) {
            Class.forName(ClassDataTraining.class.getPackageName() + "." + name, false, ClassDataTraining.class.getClassLoader());
        }
        for (String[] run : runs) {
            String[] argv = java.util.Arrays.copyOfRange(run, 1, run.length);
            CliContext ctx = new CliContext(new ByteArrayInputStream(run[0].getBytes(StandardCharsets.UTF_8)), Map.of(),
                    null, dir);
            MynacardCli.run(ctx, new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), argv);
        }
    }
}
