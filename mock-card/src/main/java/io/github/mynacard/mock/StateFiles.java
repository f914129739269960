package io.github.mynacard.mock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.function.BiConsumer;

/**
 * Atomic, durable file replacement for the emulator's state file, keeping the replaced file's
 * mode (and owner, where this process may set it), and the clean-up of what a crash during a
 * replacement leaves behind.
 */
final class StateFiles {

    /**
     * Test hook: told the name of each step of a write as soon as it is done ("temp created",
     * "written", "forced", "renamed", "directory forced"), with the temporary file, so a test can
     * copy the directory as a crash at that moment would leave it. Null outside tests.
     */
    static volatile BiConsumer<String, Path> stepObserver;

    private StateFiles() {
    }

    private static void step(String name, Path tmp) {
        BiConsumer<String, Path> o = stepObserver;
        if (o != null) {
            o.accept(name, tmp);
        }
    }

    /** The glob of the temporary files a write of {@code target} makes next to it. */
    static String temporaryGlob(Path target) {
        return "." + globEscape(target.getFileName().toString()) + ".*.tmp";
    }

    private static String globEscape(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /**
     * Writes {@code content} to a temporary file in the target's directory (created readable by its
     * owner only), gives it the target's mode and owner when the target exists, forces it to disk,
     * moves it over the target atomically, then forces the directory (best effort). A crash leaves
     * either the old file or the new one, never a mix, and at most a temporary file that
     * {@link #removeTemporaries} deletes. The caller holds the card's lock.
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean moved = false;
        step("temp created", tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                    step("written", tmp);
                }
                ch.force(true);
                step("forced", tmp);
            }
            copyModeAndOwner(abs, tmp);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            step("renamed", tmp);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
            step("directory forced", tmp);
        } catch (IOException | RuntimeException e) {
            // best effort: some platforms cannot open or sync a directory
        }
    }

    /** Gives {@code tmp} the mode, owner and group of {@code target} when it exists (owner best effort). */
    private static void copyModeAndOwner(Path target, Path tmp) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (from == null || to == null) {
            return;
        }
        PosixFileAttributes a;
        try {
            a = from.readAttributes();
        } catch (NoSuchFileException e) {
            return; // a new file keeps the owner-only mode of the temporary file
        }
        try {
            if (!a.owner().equals(to.getOwner())) {
                to.setOwner(a.owner());
            }
            to.setGroup(a.group());
        } catch (IOException | SecurityException e) {
            // only the owner's group or root can give a file away; the mode still follows
        }
        to.setPermissions(a.permissions());
    }

    /**
     * Deletes the temporary files that an interrupted write of {@code target} left next to it. Only
     * safe under the card's lock: a live write holds it while its temporary file exists.
     *
     * @return how many were deleted
     */
    static int removeTemporaries(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        int n = 0;
        try (DirectoryStream<Path> orphans = Files.newDirectoryStream(dir, temporaryGlob(target))) {
            for (Path p : orphans) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                    n++;
                }
            }
        }
        return n;
    }
}
