package io.github.mynacard.mock;

import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The emulated card's memory: a state file shared by every process (and every emulator object)
 * that opens it, as one card is shared by the sessions of a reader.
 *
 * <p>Each command runs under an exclusive lock ({@link #lock()}): an in-process lock, so that two
 * emulator objects of one JVM take turns, and an OS lock ({@code fcntl}) on a lock file next to
 * the state file ({@code .NAME.lock}, empty, never deleted), so that processes take turns. Under
 * the lock the emulator reads the file ({@link #readIfChanged}), adopts what another process wrote,
 * runs the command, and replaces the file atomically before the answer leaves ({@link #write}).
 * Reading needs no lock: a replacement is a rename, so a reader sees the old file or the new one.
 *
 * <p>The state file's own path is resolved once, when the store is made, as the kernel resolves
 * it: the directories first (a symbolic link to a directory is followed before a {@code ..} after
 * it is applied), then a symbolic link at the file itself, whose target is the file that is
 * replaced (the link stays). Waiting for the lock is bounded ({@value #DEFAULT_WAIT_MS} ms, or the
 * system property {@code mynacard.emulator.lockWaitMillis}).
 *
 * <p>The lock file is always readable and writable by its owner, whatever the state file's mode
 * (a card file made read-only with {@code chmod 444} keeps a lock its owner can take); a lock file
 * left without its owner's write permission is given it back. Where the lock cannot be taken
 * although the state file could be replaced (the directory is writable), every command is refused
 * with a {@link CardStateException}: a command never runs unlocked on a card it could change.
 * Only where the directory itself is read-only, so that nothing can be saved, do commands run
 * without the OS lock; then every save is refused, which the card answers with {@code 6581}.
 */
final class CardStore {

    /** How long a command waits for another process's command to end, by default. */
    static final long DEFAULT_WAIT_MS = 5000;
    /** The largest state file the emulator reads; a real one is about 12 KB. */
    static final int MAX_STATE_BYTES = 1 << 20;

    // one lock per stripe of paths within this JVM: one channel at a time on a lock file, since
    // closing any channel of a file drops every fcntl lock this process holds on it
    private static final ReentrantLock[] STRIPES = new ReentrantLock[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new ReentrantLock();
        }
    }

    // the files whose OS lock this JVM holds, with how many nested locks hold it (a thread that
    // holds a file's stripe may lock the same file again, e.g. a card loaded inside a command)
    private static final java.util.Map<Path, Integer> HELD = new java.util.concurrent.ConcurrentHashMap<>();
    // the files whose outermost hold in this JVM runs without the OS lock (a read-only directory):
    // nothing may be saved under such a hold
    private static final Set<Path> UNLOCKED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Integer::sum, as a class of its own: a method reference spins a class at every cold start. */
    private static final java.util.function.BinaryOperator<Integer> SUM = new java.util.function.BinaryOperator<>() {
        @Override
        public Integer apply(Integer a, Integer b) {
            return a + b;
        }
    };

    private final Path file;
    private final Path lockFile;
    private final long waitMillis;
    private byte[] seen;

    private CardStore(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        this.waitMillis = Long.getLong("mynacard.emulator.lockWaitMillis", DEFAULT_WAIT_MS);
    }

    /**
     * A store for a state file that may not exist yet: a symbolic link (also a dangling one) is
     * followed to its target.
     *
     * @param path the state file as given
     * @return the store
     * @throws IOException when the path's directory does not exist or the path is not a file
     */
    static CardStore at(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        for (int hops = 0; ; hops++) {
            if (hops > 40) {
                throw new CardStateException("too many levels of symbolic links at " + path);
            }
            Path name = p.getFileName();
            Path dir = p.getParent();
            if (name == null || dir == null || name.toString().equals("..") || name.toString().equals(".")) {
                throw new CardStateException(path + " is not a regular file");
            }
            // the directories as the kernel resolves them: a link to a directory before the '..' after it
            Path realDir;
            try {
                realDir = dir.toRealPath();
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(path.toString(), null, "its directory does not exist");
            } catch (FileSystemException e) {
                throw new CardStateException("cannot resolve the directory of " + path + ": "
                        + (e.getReason() == null ? "unresolvable" : e.getReason()));
            }
            if (!Files.isDirectory(realDir)) {
                throw new NoSuchFileException(path.toString(), null, "its directory does not exist");
            }
            p = realDir.resolve(name);
            if (!Files.isSymbolicLink(p)) {
                break;
            }
            p = realDir.resolve(Files.readSymbolicLink(p)); // not normalised: the next round resolves its directories
        }
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            throw new CardStateException(path + " is not a regular file");
        }
        return new CardStore(p);
    }

    /** @return the state file (symbolic links resolved) */
    Path file() {
        return file;
    }

    /** The lock of one command; closing it releases the OS lock, then the in-process lock. */
    final class Lock implements AutoCloseable {
        private final ReentrantLock stripe;
        private final FileChannel channel;
        private final FileLock osLock;

        private Lock(ReentrantLock stripe, FileChannel channel, FileLock osLock, boolean nested) {
            this.stripe = stripe;
            this.channel = channel;
            this.osLock = osLock;
            if (!nested && osLock == null) {
                UNLOCKED.add(file);
            }
            HELD.merge(file, 1, SUM);
        }

        @Override
        public void close() {
            if (HELD.merge(file, -1, SUM) > 0) {
                stripe.unlock(); // an inner lock: the outer one keeps the OS lock
                return;
            }
            HELD.remove(file);
            UNLOCKED.remove(file);
            try {
                if (osLock != null) {
                    osLock.release();
                }
            } catch (IOException e) {
                // closing the channel releases it too
            } finally {
                try {
                    if (channel != null) {
                        channel.close();
                    }
                } catch (IOException e) {
                    // nothing more to release
                } finally {
                    stripe.unlock();
                }
            }
        }
    }

    /**
     * Takes the card for one command, waiting a bounded time for another process's command.
     *
     * @return the lock; close it when the answer is ready
     * @throws CardTransportException {@code SHARING_VIOLATION} when the wait runs out
     * @throws InterruptedIOException when the thread is interrupted while waiting
     */
    Lock lock() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        ReentrantLock stripe = STRIPES[Math.floorMod(file.hashCode(), STRIPES.length)];
        try {
            if (!stripe.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the card state file " + file);
        }
        if (HELD.containsKey(file)) {
            return new Lock(stripe, null, null, true); // this thread holds the file already
        }
        FileChannel ch = null;
        try {
            ch = openLockFile();
            if (ch == null) {
                return new Lock(stripe, null, null, false); // a read-only directory: nothing can be saved
            }
            long pause = 1;
            while (true) {
                FileLock l = ch.tryLock();
                if (l != null) {
                    return new Lock(stripe, ch, l, false);
                }
                if (System.nanoTime() > deadline) {
                    throw busy();
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 16);
            }
        } catch (InterruptedException e) {
            closeQuietly(ch);
            stripe.unlock();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the card state file " + file);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch);
            stripe.unlock();
            throw e;
        }
    }

    /**
     * The lock file's channel, or null where the directory is read-only (nothing can be saved
     * there, so nothing needs the lock).
     *
     * @throws CardStateException when the lock file cannot be opened for writing although the state
     *     file could be replaced: a command must not run unlocked then
     */
    private FileChannel openLockFile() throws IOException {
        boolean existed = Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
        try {
            FileChannel ch = openForLocking();
            if (!existed) {
                relaxLockFileMode();
            }
            return ch;
        } catch (AccessDeniedException e) {
            if (existed && giveOwnerWriteAccess()) {
                try {
                    return openForLocking();
                } catch (AccessDeniedException again) {
                    // not ours after all: decided below
                }
            }
            if (!directoryWritable()) {
                return null;
            }
            throw new CardStateException("cannot lock the emulated card's state file " + file + ": its lock file "
                    + lockFile + " cannot be opened for writing (permission denied); every command takes that lock, so "
                    + "that two processes never spend the same attempt. Give the lock file's owner write access to it, "
                    + "or delete it (it is empty and made again)", e);
        } catch (ReadOnlyFileSystemException e) {
            return null;
        } catch (NoSuchFileException e) {
            throw removed();
        } catch (FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("Read-only file system")) {
                return null;
            }
            throw e;
        }
    }

    private FileChannel openForLocking() throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Gives the lock file's owner read and write access again, when this process owns it. */
    private boolean giveOwnerWriteAccess() {
        try {
            if (Files.isSymbolicLink(lockFile)) {
                return false;
            }
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(lockFile, LinkOption.NOFOLLOW_LINKS);
            if (now.contains(PosixFilePermission.OWNER_WRITE) && now.contains(PosixFilePermission.OWNER_READ)) {
                return false; // the owner has access: this process is not the owner
            }
            Set<PosixFilePermission> want = EnumSet.copyOf(now.isEmpty() ? EnumSet.of(PosixFilePermission.OWNER_READ) : now);
            want.add(PosixFilePermission.OWNER_READ);
            want.add(PosixFilePermission.OWNER_WRITE);
            Files.setPosixFilePermissions(lockFile, want); // refused unless this process owns the file
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Whether this process could make a file next to the state file, i.e. replace it. */
    private boolean directoryWritable() {
        Path dir = file.getParent();
        return dir != null && Files.isWritable(dir);
    }

    /**
     * The lock file is empty; give the state file's readers in its group and among others the right
     * to lock it too, and its owner always read and write (a read-only card's owner must still be
     * able to take the lock).
     */
    private void relaxLockFileMode() {
        try {
            PosixFileAttributeView v = Files.getFileAttributeView(lockFile, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (v == null || !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Set<PosixFilePermission> want = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
                switch (p) {
                    case GROUP_READ, GROUP_WRITE, OTHERS_READ, OTHERS_WRITE -> want.add(p);
                    default -> { }
                }
            }
            if (!v.readAttributes().permissions().equals(want)) {
                v.setPermissions(want);
            }
        } catch (IOException | RuntimeException e) {
            // the state file may not exist yet, or the lock file belongs to another user
        }
    }

    private CardTransportException busy() {
        return new CardTransportException(CardTransportException.Reason.SHARING_VIOLATION, "the emulated card's state file "
                + file + " is in use: another process held it for more than " + waitMillis + " ms");
    }

    private CardTransportException removed() {
        return new CardTransportException(CardTransportException.Reason.CARD_REMOVED,
                "the emulated card's state file " + file + " no longer exists");
    }

    /**
     * Reads the state file as it is now and remembers it as seen.
     *
     * @return its bytes
     * @throws CardTransportException {@code CARD_REMOVED} when it no longer exists
     * @throws CardStateException when it is not a regular file or larger than a state file can be
     * @throws IOException when it cannot be read
     */
    byte[] read() throws IOException {
        byte[] now = readBounded();
        seen = now;
        return now;
    }

    /**
     * Reads the state file and compares it with what this store last read or wrote.
     *
     * @return its bytes when another process (or emulator object) changed it since, else null
     * @throws IOException as {@link #read()}
     */
    byte[] readIfChanged() throws IOException {
        byte[] now = readBounded();
        if (seen != null && Arrays.equals(now, seen)) {
            return null;
        }
        seen = now;
        return now;
    }

    private byte[] readBounded() throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw removed();
        }
        if (!a.isRegularFile()) {
            throw new CardStateException(file + " is not a regular file");
        }
        if (a.size() > MAX_STATE_BYTES) {
            throw new CardStateException("not a mynacard emulator state file (" + file + " is larger than "
                    + MAX_STATE_BYTES + " bytes)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_STATE_BYTES + 1);
            if (b.length > MAX_STATE_BYTES) {
                throw new CardStateException("not a mynacard emulator state file (" + file + " is larger than "
                        + MAX_STATE_BYTES + " bytes)");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw removed();
        }
    }

    /**
     * Replaces the state file atomically and durably; the caller holds the lock.
     *
     * @param content the new state
     * @throws IOException when it cannot be written (the old file stays)
     */
    void write(byte[] content) throws IOException {
        if (UNLOCKED.contains(file)) {
            throw new CardStateException("the emulated card's state file " + file + " cannot be saved: its directory is "
                    + "read-only, so its lock cannot be taken");
        }
        StateFiles.writeAtomically(file, content);
        seen = content.clone();
    }

    /**
     * Deletes the temporary files an interrupted save left next to the state file, and gives the
     * lock file the state file's read and write permissions; the caller holds the lock. Failures
     * are ignored (a read-only directory keeps them, and nothing else is harmed).
     */
    void removeTemporaries() {
        try {
            StateFiles.removeTemporaries(file);
        } catch (IOException | RuntimeException e) {
            // nothing to clean, or nothing this process may clean
        }
        relaxLockFileMode();
    }

    /**
     * {@link #removeTemporaries()} under the card's lock, when the lock can be had; skipped when
     * another process holds the card (it cleans up itself) or the directory is read-only.
     */
    void removeTemporariesIfFree() {
        try (Lock lock = lock()) {
            removeTemporaries();
        } catch (IOException e) {
            // busy or read-only: nothing to do
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to release
            }
        }
    }

    @Override
    public String toString() {
        return "CardStore[" + file + "]";
    }
}
