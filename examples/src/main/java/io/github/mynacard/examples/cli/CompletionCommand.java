package io.github.mynacard.examples.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mynacard completion}: the bash completion script of every command and option, made from
 * the command line's own model.
 */
@Command(name = "completion", header = "Print the bash completion script (source <(mynacard completion)).",
        mixinStandardHelpOptions = true,
        description = {"Print a bash script that completes the commands, their options and file arguments of mynacard.",
            "Load it in the running shell with",
            "  source <(mynacard completion)",
            "or for every new shell add that line to ~/.bashrc (or save the output as "
                + "~/.local/share/bash-completion/completions/mynacard).",
            "zsh loads the same script through its bash compatibility: put",
            "  autoload -U +X bashcompinit && bashcompinit",
            "  source <(mynacard completion)",
            "in ~/.zshrc (after compinit)."})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MynacardCli root = (MynacardCli) spec.root().userObject();
        CommandLine all = MynacardCli.newCommandLine(root.context());
        spec.commandLine().getOut().print(AutoComplete.bash("mynacard", all));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
