package io.github.mynacard.examples.cli;

import io.github.mynacard.CardRefusedException;
import io.github.mynacard.mock.MynaCardEmulator;
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
        if (target.reader != null) {
            cardInReader(target.reader);
        } else {
            cardIs(target.cardFile(ctx()));
        }
        checkInputs();
        try (CardSession session = target.open(ctx(), err())) {
            if (!session.emulated()) {
                cardInReader(session.readerName());
            }
            try {
                return run(session);
            } catch (CardRefusedException e) {
                throw explainedSaveFailure(session, e);
            }
        }
    }

    /**
     * An emulated card answers {@code 6581} (memory failure) when a change could not be saved to its
     * state file: say why, in the operating system's words, and that the change did not happen.
     */
    private static Exception explainedSaveFailure(CardSession session, CardRefusedException e) {
        if (!session.emulated() || e.statusWord() != MynaCardEmulator.SW_MEMORY_FAILURE) {
            return e;
        }
        String why = session.emulator().lastSaveFailure();
        if (why == null) {
            return e;
        }
        return new CliException(ExitCodes.CARD_ERROR, "the emulated card could not save its state file "
                + session.stateFile() + " (" + why + "), so it answered 6581 (memory failure) and the command did not "
                + "take effect; the file holds the card as it was before. Free space or fix the file's permissions, then "
                + "run the command again.", e);
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
