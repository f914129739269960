package io.github.mynacard.examples.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>Outputs are regular files only. A symbolic link, FIFO, socket, device or directory at an
 * output's path is refused before any PIN is asked, a link without being followed (so a link
 * planted in a directory of fixed names, such as {@code face --out-dir}, never sends an output
 * elsewhere, and a FIFO never blocks the command); this includes {@code /dev/stdout}: the commands
 * that print (cert export, auth-sign, login) do so when {@code --out} is left out. A new or replaced
 * output has mode 0600.
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
     * Checks, before any PIN is asked, that a file can be written there: the path is absent or a
     * regular file (a symbolic link, FIFO, socket, device or directory is refused, the link without
     * being followed), and its directory exists and takes a new file (tried with a probe that is
     * deleted at once). A new file whose name looks like a PIN is refused as a PIN given as an
     * argument.
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
        requireRegularOrAbsent(file);
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.badInput("cannot write " + file + ": its directory " + dir + " does not exist");
        }
        try {
            Files.delete(createTemporary(dir, ".mynacard-probe"));
        } catch (IOException e) {
            throw CliException.badInput("cannot write " + file + ": " + reason(e));
        }
        return file;
    }

    /** Refuses anything at {@code file} but a regular file, without following a link. */
    private static void requireRegularOrAbsent(Path file) throws CliException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw CliException.badInput("cannot write " + file + ": " + reason(e));
        }
        if (a.isSymbolicLink()) {
            throw CliException.badInput("cannot write " + file + ": it is a symbolic link (outputs are never written "
                    + "through a link; remove it or name another file)");
        }
        if (a.isDirectory()) {
            throw CliException.badInput("cannot write " + file + ": it is a directory");
        }
        if (!a.isRegularFile()) {
            throw CliException.badInput("cannot write " + file + ": it is not a regular file (a FIFO, socket or device)");
        }
    }

    /**
     * Writes (or replaces) a file whole: a new temporary file next to it, created exclusively (never
     * through a link) with mode 0600, written and forced to disk, then renamed over the target in
     * one step. A failure never leaves half a file or the temporary file. The target is checked
     * again first; a link that appeared since is not followed: the rename replaces the link itself.
     *
     * @param file where
     * @param bytes what
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when the target is no longer absent or a
     *     regular file, with {@link ExitCodes#UNEXPECTED} when it cannot be written
     */
    static void write(Path file, byte[] bytes) throws CliException {
        BasicFileAttributes now = null;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // absent: a new file
        }
        if (now != null && !now.isSymbolicLink()) {
            requireRegularOrAbsent(file);
        }
        Path abs = file.toAbsolutePath();
        try {
            Path tmp = createTemporary(abs.getParent(), "." + abs.getFileName());
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(true);
                }
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot write " + file + ": " + reason(e), e);
        }
    }

    /**
     * A new empty file in {@code dir}: the JDK's temporary file, created exclusively ({@code O_EXCL},
     * so never through a link) and, on POSIX, readable and writable by its owner only from its creation.
     */
    private static Path createTemporary(Path dir, String prefix) throws IOException {
        return Files.createTempFile(dir, prefix + ".", ".tmp");
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
