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
        checkInputs();
        try (CardSession session = target.open(ctx(), err())) {
            return run(session);
        }
    }

    /**
     * Checks every input other than a PIN (files exist and parse, output paths are writable,
     * options agree) before the card is opened, so that a bad input never costs a PIN attempt. The
     * default checks nothing.
     *
     * @throws Exception when an input is unusable ({@link CliException} with exit code 2)
     */
    protected void checkInputs() throws Exception {
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
