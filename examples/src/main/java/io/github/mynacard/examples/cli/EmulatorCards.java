package io.github.mynacard.examples.cli;

import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens and creates emulated cards kept in state files. A state file is only ever written by the
 * emulator itself (its initial save and its autosave after each change): a file that fails to load
 * is never written, so a corrupted file stays byte for byte as it was, and a file is replaced by a
 * new card only when it is a card with every counter full, or when the user says so.
 */
final class EmulatorCards {

    private EmulatorCards() {
    }

    /**
     * Loads the card of a state file. A new default card is made only where the user can expect
     * one: at the default state file when it is missing, or anywhere with {@code fresh}. A missing
     * file named by {@code --card} is an error (most often a mistyped path), and nothing is made,
     * not even its directory. {@code fresh} replaces an existing file under the same rule as
     * {@code demo} and {@code emulator init}: only an emulated card with every counter full, unless
     * {@code force}, so spent or blocked attempts are never undone by accident.
     *
     * @param file the state file
     * @param isDefault whether {@code file} is the default state file (created when missing)
     * @param fresh true to start a new default card even when the file exists
     * @param force with {@code fresh}: replace whatever the file holds
     * @param err where to say that a card was created
     * @return the card, living in {@code file}
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when the file is missing (and not the
     *     default), not a regular file, corrupted or unreadable, would be a new file whose name looks
     *     like a PIN, or holds a used card that {@code fresh} would replace without {@code force}
     */
    static MynaCardEmulator open(Path file, boolean isDefault, boolean fresh, boolean force, PrintWriter err)
            throws CliException {
        refuseUnresolvable(file);
        boolean exists = Files.exists(file);
        if (exists && !Files.isRegularFile(file)) {
            throw CliException.badInput("cannot use " + file + " as a card state file: "
                    + (Files.isDirectory(file) ? "it is a directory" : "it is not a regular file"));
        }
        if (exists && !Files.isReadable(file)) {
            throw CliException.badInput("cannot use " + file + " as a card state file: permission denied");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (exists && dir != null && !Files.isWritable(dir)) {
            // every command takes the card's lock next to it, and a spent attempt must be written
            throw CliException.badInput("cannot use " + file + " as a card state file: its directory " + dir
                    + " is not writable (permission denied)");
        }
        if (!exists && !fresh && !isDefault) {
            refuseNewPinLikeName(file);
            throw CliException.badInput("no card state file " + file + "; nothing was created (is the path mistyped?). "
                    + "To make a new emulated card there, use 'mynacard emulator init --card " + file + "' or add --fresh");
        }
        if (fresh && exists) {
            requireReplaceable(file, force, "--fresh");
        }
        if (fresh || !exists) {
            refuseNewPinLikeName(file);
            err.println("mynacard: " + (fresh ? "starting a fresh" : "creating a new") + " emulated card with the default test data in "
                    + file);
            err.flush();
            return create(MynaCardEmulator.builder(), file);
        }
        return load(file);
    }

    /**
     * @param given the state file named by {@code --card}, or null
     * @param ctx the process context
     * @return whether the state file is the default one ({@code --card} absent, or naming it)
     */
    static boolean isDefault(Path given, CliContext ctx) {
        if (given == null) {
            return true;
        }
        return given.toAbsolutePath().normalize().equals(ctx.defaultCardFile().toAbsolutePath().normalize());
    }

    /**
     * Refuses a path the kernel cannot resolve because of a loop of symbolic links (at the file or
     * in its directories), before anything is opened or created. A dangling link is fine: the card
     * is made at its target.
     */
    static void refuseUnresolvable(Path file) throws CliException {
        Path probe = Files.isSymbolicLink(file) || file.toAbsolutePath().getParent() == null ? file
                : file.toAbsolutePath().getParent();
        try {
            probe.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            // missing, or a dangling link: decided by the caller
        } catch (java.nio.file.FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            if (reason.contains("symbolic links")) {
                throw CliException.badInput("cannot use " + file + " as a card state file: too many levels of symbolic links "
                        + "(a loop of links)");
            }
        } catch (IOException e) {
            // decided by the caller
        }
    }

    /** A new state file named like a PIN is almost surely a PIN typed as {@code --card}: refuse it, without creating it. */
    private static void refuseNewPinLikeName(Path file) throws CliException {
        Path name = file.getFileName();
        if (name != null && Names.looksLikePin(name.toString()) && !Files.exists(file)) {
            throw CliException.badInput(Names.PIN_AS_ARGUMENT);
        }
    }

    /**
     * Loads an existing state file; never writes to it when it cannot be loaded.
     *
     * @param file the state file
     * @return the card, living in {@code file}
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when it is missing, corrupted or unreadable
     */
    static MynaCardEmulator load(Path file) throws CliException {
        try {
            return MynaCardEmulator.load(file);
        } catch (NoSuchFileException e) {
            throw CliException.badInput("no card state file " + file + " (create one with 'mynacard emulator init')");
        } catch (io.github.mynacard.mock.CardStateException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "cannot use the card state file " + file + ": "
                    + e.getMessage() + " (it was left as it is; use --fresh or 'emulator init --force' for a new card)", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "cannot use the card state file " + file + ": "
                    + CliFiles.reason(e), e);
        }
    }

    /**
     * Refuses to replace a file that the emulator did not make, or a card that has been used: an
     * existing file must be a loadable state file whose four PIN counters are all full, unless
     * {@code force}.
     *
     * @param file the state file about to be replaced by a new card
     * @param force whether the user asked to replace anything
     * @param command the command, for the message
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when the file must be kept
     */
    static void requireReplaceable(Path file, boolean force, String command) throws CliException {
        refuseUnresolvable(file);
        if (!Files.exists(file)) {
            refuseNewPinLikeName(file);
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw CliException.badInput("cannot use " + file + " as a card state file: it is not a regular file");
        }
        if (force) {
            return;
        }
        MynaCardEmulator existing;
        try {
            existing = MynaCardEmulator.load(file);
        } catch (IOException e) {
            throw CliException.badInput(file + " exists and is not a usable card state file (" + oneLine(e.getMessage())
                    + "); " + command + " leaves it as it is. Give another --card FILE, or add --force to replace it.");
        }
        for (PinKind k : PinKind.holderPins()) {
            int left = existing.remainingAttempts(k);
            if (left < k.maxAttempts()) {
                throw CliException.badInput(file + " holds an emulated card whose " + Names.pin(k) + " has " + left + " of "
                        + k.maxAttempts() + " attempts left; " + command + " leaves it as it is. Add --force to replace it "
                        + "with a new card.");
            }
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /**
     * Builds a card and saves it as {@code file}, creating the directory.
     *
     * @param builder the card's description
     * @param file the state file to write
     * @return the card, living in {@code file}
     * @throws CliException with {@link ExitCodes#BAD_INPUT} for a bad card description or when the
     *     file cannot be written
     */
    /** What is said when this machine has no font for the card face's Japanese text. */
    static final String NO_JAPANESE_FONT = "warning: no installed font draws Japanese text, so an emulated card made on this "
            + "machine shows its name and address images (name.png, address.png) as boxes holding each character's code point; "
            + "install a Japanese font (Debian: fonts-noto-cjk or fonts-ipafont) and make a new card to see them drawn";

    /**
     * Says once on standard error when the name and address of a new card cannot be drawn here.
     *
     * @param err standard error
     * @param texts the card's name and address
     */
    static void warnWithoutFont(PrintWriter err, String... texts) {
        for (String t : texts) {
            if (t != null && !MynaCardEmulator.canDrawText(t)) {
                err.println("mynacard: " + NO_JAPANESE_FONT);
                err.flush();
                return;
            }
        }
    }

    static MynaCardEmulator create(MynaCardEmulator.Builder builder, Path file) throws CliException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            return builder.stateFile(file).build();
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("cannot create the emulated card: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw cannotWrite(file, e.getCause());
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    /**
     * A state file that cannot be written (a full disk, a file-size limit, permissions) is a place
     * the card cannot be kept: exit 2, in the operating system's words, nothing left behind.
     */
    private static CliException cannotWrite(Path file, IOException e) {
        String reason = e instanceof io.github.mynacard.mock.CardStateException ? e.getMessage() : CliFiles.reason(e);
        if ("File too large".equals(reason)) {
            reason += " (the process's file-size limit, 'ulimit -f', is below a state file's size)";
        }
        return new CliException(ExitCodes.BAD_INPUT, "cannot write the card state file " + file + ": " + reason
                + "; nothing was written", e);
    }
}
