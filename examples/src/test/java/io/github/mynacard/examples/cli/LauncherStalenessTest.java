package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mynacard} launcher's rule for rebuilding: a copy of it runs in a made-up checkout
 * whose {@code mvn} and {@code java} only say that they ran. A source file edited in place, a file
 * added or deleted, a module's or the root {@code pom.xml} changed: each is a rebuild; nothing
 * changed is none.
 */
class LauncherStalenessTest {

    @TempDir
    Path tmp;

    private Path root;
    private Path log;
    private final Instant built = Instant.now().minusSeconds(100);

    @BeforeEach
    void checkout() throws Exception {
        root = tmp.resolve("checkout");
        log = tmp.resolve("ran.log");
        Path launcher = Path.of(System.getProperty("user.dir")).resolve("../mynacard").normalize();
        Files.createDirectories(root.resolve("examples/target"));
        Files.copy(launcher, root.resolve("mynacard"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("mvn"), "echo mvn >> '" + log + "'");
        script(bin.resolve("java"), "echo java >> '" + log + "'");
        Files.writeString(root.resolve("examples/target/mynacard.jar"), "");
        for (String f : new String[] {"pom.xml", "core/pom.xml", "core/src/main/java/A.java", "core/src/main/resources/r.txt",
            "examples/pom.xml", "examples/src/main/java/B.java"}) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        try (var all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setLastModifiedTime(p, FileTime.from(built.minusSeconds(100)));
            }
        }
        Files.writeString(root.resolve("examples/target/.built"), "");
        Files.setLastModifiedTime(root.resolve("examples/target/.built"), FileTime.from(built));
    }

    private static void script(Path p, String line) throws Exception {
        Files.writeString(p, "#!/bin/sh\n" + line + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the launcher; returns whether it built before running java. */
    private boolean runBuilds() throws Exception {
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("mynacard").toString(), "status").redirectErrorStream(true);
        pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        String ran = Files.readString(log);
        assertTrue(ran.endsWith("java\n"), ran + out);
        return ran.startsWith("mvn");
    }

    private void touch(String file) throws Exception {
        Files.setLastModifiedTime(root.resolve(file), FileTime.from(built.plusSeconds(10)));
    }

    @Test
    void nothingChangedIsNoBuildAndABuildIsOnce() throws Exception {
        assertFalse(runBuilds(), "nothing changed since the stamp");
        touch("core/src/main/java/A.java");
        assertTrue(runBuilds(), "an edited source");
        assertFalse(runBuilds(), "the build renewed the stamp");
    }

    @Test
    void aSourceEditedInPlaceIsABuild() throws Exception {
        touch("examples/src/main/java/B.java");
        assertTrue(runBuilds());
    }

    @Test
    void aResourceEditedInPlaceIsABuild() throws Exception {
        touch("core/src/main/resources/r.txt");
        assertTrue(runBuilds());
    }

    @Test
    void aDeletedSourceIsABuild() throws Exception {
        Files.delete(root.resolve("core/src/main/java/A.java")); // its folder's time changes
        assertTrue(runBuilds());
    }

    @Test
    void anAddedSourceWithAnOldTimeIsABuild() throws Exception {
        Path added = root.resolve("core/src/main/java/C.java");
        Files.writeString(added, "x");
        Files.setLastModifiedTime(added, FileTime.from(built.minusSeconds(1000))); // e.g. unpacked, or cp -p: its folder's time is now
        assertTrue(runBuilds());
    }

    @Test
    void aModulePomIsABuild() throws Exception {
        touch("core/pom.xml");
        assertTrue(runBuilds());
    }

    @Test
    void theRootPomIsABuild() throws Exception {
        touch("pom.xml");
        assertTrue(runBuilds());
    }

    @Test
    void noStampOrNoJarIsABuild() throws Exception {
        Files.delete(root.resolve("examples/target/.built"));
        assertTrue(runBuilds());
        Files.delete(root.resolve("examples/target/mynacard.jar"));
        assertTrue(runBuilds(), "the jar is missing (the stamp is fresh)");
    }
}
