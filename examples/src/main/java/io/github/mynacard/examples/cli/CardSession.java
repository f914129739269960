package io.github.mynacard.examples.cli;

import io.github.mynacard.MynaCard;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An open card for one command: the library session, and the emulator behind it when the card is
 * emulated.
 *
 * @param card the library session
 * @param emulator the emulated card, or null for a card in a reader
 * @param stateFile the emulator's state file, or null for a card in a reader
 * @param readerName the reader's name, or null for an emulated card
 */
public record CardSession(MynaCard card, MynaCardEmulator emulator, Path stateFile, String readerName)
        implements AutoCloseable {

    /** @return whether the card is the emulator */
    public boolean emulated() {
        return emulator != null;
    }

    /** @return where the card is, for messages: the state file or the reader */
    public String where() {
        return emulated() ? "emulated card " + stateFile : "card in reader " + readerName;
    }

    /** Closes the card session (and the reader connection). */
    @Override
    public void close() throws IOException {
        card.close();
    }
}
