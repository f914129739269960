package io.github.mynacard.login;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link NonceStore} on one file that several processes share: the servers of a service on one
 * machine, or on a file system whose locks work between machines (a local disk, NFSv4 with locking;
 * not every network share). Each call takes an exclusive lock on a lock file next to the store
 * ({@code FILE.lock}, made once and never replaced), reads the store, and writes the changed store
 * to a temporary file that is forced to disk and then renamed over the old one: a crash or a kill
 * at any moment leaves the old store or the new one, never a mix, and never a nonce both unused
 * and accepted.
 *
 * <p>The file is text: the line {@value #HEADER}, then one line per nonce, {@code SHA256HEX
 * EXPIRES-AT-MILLIS issued|used}. A record is forgotten ten minutes after its nonce's expiry. A
 * file that is not a store of this form is refused with an {@link IOException} (and left as it
 * is), never taken for an empty store: an empty store would accept a replay.
 *
 * <p>Each call rewrites the whole file, so it suits a few thousand live nonces; a larger service
 * implements {@link NonceStore} on its database.
 */
public final class FileNonceStore implements NonceStore {

    /** The first line of a store. */
    public static final String HEADER = "mynacard-nonce-store 1";
    /** The largest store read (32 MiB, about 400 000 live nonces). */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    /** One lock per store file in this JVM: a file lock is held by the process, not by a thread. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private record Entry(long expiresAtMillis, boolean used) {
    }

    private final Path file;
    private final Path lockFile;

    private FileNonceStore(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Opens a store, checking now that it can be used: its directory exists, and the file, when it
     * exists, is a store. The file itself is made at the first {@link #issue}.
     *
     * @param file the store's file
     * @return the store
     * @throws IOException when the directory is missing, or the file is not a readable store
     */
    public static FileNonceStore open(Path file) throws IOException {
        Path abs = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "the nonce store's directory does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + " is a directory, not a nonce store file");
        }
        FileNonceStore store = new FileNonceStore(abs);
        store.locked(entries -> null);
        return store;
    }

    /** @return the store's file */
    public Path file() {
        return file;
    }

    @Override
    public void issue(byte[] nonce, Instant expiresAt) throws IOException {
        String key = NonceRecords.key(nonce);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Boolean fresh = locked(entries -> {
            if (entries.containsKey(key)) {
                return Boolean.FALSE;
            }
            entries.put(key, new Entry(expiresAt.toEpochMilli(), false));
            return Boolean.TRUE;
        });
        if (!fresh) {
            throw new IllegalArgumentException("this nonce was issued before");
        }
    }

    @Override
    public Use consume(byte[] nonce, Instant now) throws IOException {
        String key = NonceRecords.key(nonce);
        Objects.requireNonNull(now, "now");
        return locked(entries -> {
            entries.values().removeIf(e -> NonceRecords.forgettable(Instant.ofEpochMilli(e.expiresAtMillis()), now));
            Entry e = entries.get(key);
            if (e == null) {
                return Use.NOT_ISSUED;
            }
            if (e.used()) {
                return Use.ALREADY_USED;
            }
            if (now.toEpochMilli() > e.expiresAtMillis()) {
                return Use.EXPIRED;
            }
            entries.put(key, new Entry(e.expiresAtMillis(), true));
            return Use.FIRST_USE;
        });
    }

    private interface Change<T> {
        /** Reads and may change the entries; the store is written back when they changed. */
        T apply(Map<String, Entry> entries) throws IOException;
    }

    private <T> T locked(Change<T> change) throws IOException {
        ReentrantLock mine = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        mine.lock();
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS); FileLock held = lock.lock()) {
            Map<String, Entry> entries = read();
            Map<String, Entry> before = new LinkedHashMap<>(entries);
            T result = change.apply(entries);
            if (!entries.equals(before)) {
                write(entries);
            }
            return result;
        } finally {
            mine.unlock();
        }
    }

    private Map<String, Entry> read() throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than a nonce store may be (" + MAX_BYTES + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return entries;
        }
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n", -1);
        if (!lines[0].equals(HEADER) || !lines[lines.length - 1].isEmpty()) {
            throw new IOException(file + " is not a mynacard nonce store (it must start with '" + HEADER
                    + "' and end with a new line); it was left as it is");
        }
        for (int i = 1; i < lines.length - 1; i++) {
            String[] f = lines[i].split(" ", -1);
            if (f.length != 3 || f[0].length() != 64 || !f[0].chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                    || !(f[2].equals("issued") || f[2].equals("used"))) {
                throw new IOException(file + " is not a mynacard nonce store: line " + (i + 1) + " is not 'SHA256HEX MILLIS issued|used'");
            }
            long millis;
            try {
                millis = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                throw new IOException(file + " is not a mynacard nonce store: line " + (i + 1) + " has no time in milliseconds");
            }
            if (entries.put(f[0], new Entry(millis, f[2].equals("used"))) != null) {
                throw new IOException(file + " is not a mynacard nonce store: line " + (i + 1) + " repeats a nonce");
            }
        }
        return entries;
    }

    private void write(Map<String, Entry> entries) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        entries.forEach((k, e) -> b.append(k).append(' ').append(e.expiresAtMillis()).append(' ')
                .append(e.used() ? "used" : "issued").append('\n'));
        Path dir = file.getParent();
        removeTemporaries(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            keepMode(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort: not every platform can open or force a directory
        }
    }

    /** Deletes what a writer killed before its rename left; only under the lock, which every live writer holds. */
    private void removeTemporaries(Path dir) throws IOException {
        String prefix = "." + file.getFileName() + ".";
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The new store keeps the old one's mode, so that servers under other accounts of one group keep their access. */
    private void keepMode(Path tmp) throws IOException {
        PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (to == null) {
            return;
        }
        try {
            to.setPermissions(Files.getPosixFilePermissions(file));
        } catch (NoSuchFileException e) {
            // a new store: owner-only, as the temporary file was made
        }
    }

    @Override
    public String toString() {
        return "FileNonceStore[" + file + "]";
    }
}
