package io.github.mynacard.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files the commands read and write: an input file that must exist (a PIN-like name is refused
 * as a PIN given as an argument, without quoting it) and an output file whose write failure is one line.
 */
final class CliFiles {

    private CliFiles() {
    }

    /**
     * @param file a file named on the command line
     * @return the file
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when it is not a regular file
     */
    static Path requireFile(Path file) throws CliException {
        if (!Files.isRegularFile(file)) {
            if (Names.looksLikePin(file.toString())) {
                throw CliException.badInput(Names.PIN_AS_ARGUMENT);
            }
            throw CliException.badInput("no such file: " + file);
        }
        return file;
    }

    /**
     * @param file a file named on the command line
     * @return its bytes
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when it is missing or cannot be read
     */
    static byte[] read(Path file) throws CliException {
        requireFile(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Writes (or replaces) a file.
     *
     * @param file where
     * @param bytes what
     * @throws CliException with {@link ExitCodes#UNEXPECTED} when it cannot be written
     */
    static void write(Path file, byte[] bytes) throws CliException {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
