package io.github.mynacard.examples.cli;

import io.github.mynacard.mock.MynaCardEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens and creates emulated cards kept in state files. A state file is only ever written by the
 * emulator itself (its initial save and its autosave after each change): a file that fails to load
 * is never written, so a corrupted file stays byte for byte as it was.
 */
final class EmulatorCards {

    private EmulatorCards() {
    }

    /**
     * Loads the card of a state file, or creates a default card there when the file is missing or
     * {@code fresh} is set.
     *
     * @param file the state file
     * @param fresh true to start a new default card even when the file exists
     * @param err where to say that a card was created
     * @return the card, autosaving to {@code file}
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when the file is corrupted or unreadable
     */
    static MynaCardEmulator open(Path file, boolean fresh, PrintWriter err) throws CliException {
        if (fresh || !Files.exists(file)) {
            err.println("mynacard: " + (fresh ? "starting a fresh" : "creating a new") + " emulated card with the default test data in "
                    + file);
            err.flush();
            return create(MynaCardEmulator.builder(), file);
        }
        return load(file);
    }

    /**
     * Loads an existing state file; never writes to it when it cannot be loaded.
     *
     * @param file the state file
     * @return the card, autosaving to {@code file}
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when it is missing, corrupted or unreadable
     */
    static MynaCardEmulator load(Path file) throws CliException {
        try {
            return MynaCardEmulator.load(file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "cannot use the card state file " + file + ": "
                    + e.getMessage() + " (it was left as it is; use --fresh or 'emulator init --force' for a new card)", e);
        }
    }

    /**
     * Builds a card and saves it as {@code file}, creating the directory.
     *
     * @param builder the card's description
     * @param file the state file to write
     * @return the card, autosaving to {@code file}
     * @throws CliException with {@link ExitCodes#BAD_INPUT} for a bad card description, or
     *     {@link ExitCodes#UNEXPECTED} when the file cannot be written
     */
    static MynaCardEmulator create(MynaCardEmulator.Builder builder, Path file) throws CliException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            return builder.stateFile(file).build();
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("cannot create the emulated card: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot write the card state file " + file + ": " + e.getMessage(), e);
        }
    }
}
