package io.github.mynacard.examples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The files the commands read and write: an input file that must exist and be readable (a
 * PIN-like name is refused as a PIN given as an argument, without quoting it), and an output file
 * that is checked writable before any PIN is asked and then written whole or not at all.
 */
final class CliFiles {

    private CliFiles() {
    }

    /** The most that is read whole from a file named on the command line (keys, certificates, signatures, lists). */
    static final long MAX_READ = 16L * 1024 * 1024;

    /**
     * @param file a file named on the command line
     * @return the file
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when it is not a readable regular file
     */
    static Path requireFile(Path file) throws CliException {
        if (!Files.exists(file)) {
            if (Names.looksLikePin(file.toString())) {
                throw CliException.badInput(Names.PIN_AS_ARGUMENT);
            }
            throw CliException.badInput("no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw CliException.badInput(file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw CliException.badInput(file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw CliException.badInput("cannot read " + file + ": permission denied");
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
            long size = Files.size(file);
            if (size > MAX_READ) {
                throw CliException.badInput(file + " is too large (" + size + " bytes; at most " + MAX_READ
                        + " are read for a key, certificate, signature or list)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + ": " + reason(e));
        }
    }

    /**
     * Checks, before any PIN is asked, that a file can be written there: its directory exists and
     * takes a new file (tried with a probe that is deleted at once), and the path is not a directory.
     * A new file whose name looks like a PIN is refused as a PIN given as an argument.
     *
     * @param file an output file named on the command line (or its default)
     * @return the file
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when it cannot be written
     */
    static Path requireWritable(Path file) throws CliException {
        Path name = file.getFileName();
        if (name != null && Names.looksLikePin(name.toString()) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw CliException.badInput(Names.PIN_AS_ARGUMENT); // a new file named like a PIN is a PIN typed as a name
        }
        if (Files.isDirectory(file)) {
            throw CliException.badInput("cannot write " + file + ": it is a directory");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            return file; // a device or pipe, e.g. /dev/stdout: written as it is
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.badInput("cannot write " + file + ": its directory " + dir + " does not exist");
        }
        try {
            Path probe = Files.createTempFile(dir, ".mynacard-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw CliException.badInput("cannot write " + file + ": " + reason(e));
        }
        return file;
    }

    /**
     * Writes (or replaces) a file whole: a temporary file next to it, moved over it, so a failure
     * never leaves half a file. Devices and pipes are written directly.
     *
     * @param file where
     * @param bytes what
     * @throws CliException with {@link ExitCodes#UNEXPECTED} when it cannot be written
     */
    static void write(Path file, byte[] bytes) throws CliException {
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.write(file, bytes);
                return;
            }
            Path abs = file.toAbsolutePath();
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot write " + file + ": " + reason(e), e);
        }
    }

    /**
     * @param e a file failure
     * @return the operating system's reason in words, without Java class names
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
