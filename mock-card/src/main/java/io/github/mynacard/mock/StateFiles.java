package io.github.mynacard.mock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;

/** Atomic, durable file replacement for the emulator's state file. */
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

    /**
     * Writes {@code content} to a temporary file in the target's directory, forces it to disk,
     * moves it over the target atomically, then forces the directory (best effort). A crash leaves
     * either the old file or the new one, never a mix.
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
}
