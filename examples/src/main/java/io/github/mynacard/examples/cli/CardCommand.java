package io.github.mynacard.examples.cli;

import picocli.CommandLine.Mixin;

/**
 * The base of the commands that work on a card: the emulated card by default, or a reader with
 * {@code --reader}. Opens the card, runs the command, and closes it.
 */
public abstract class CardCommand extends BaseCommand {

    @Mixin
    TargetOptions target;

    @Override
    protected final int execute() throws Exception {
        try (CardSession session = target.open(ctx(), err())) {
            return run(session);
        }
    }

    /**
     * Does the command's work on the open card.
     *
     * @param session the card
     * @return the exit code
     * @throws Exception any failure
     */
    protected abstract int run(CardSession session) throws Exception;
}
