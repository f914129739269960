package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a command-line tool in a test. A missing tool fails the test under {@code CI=true} and
 * skips it loudly otherwise. Shared with other modules' tests through this module's test jar.
 */
public final class ExternalTool {

    /** The result of one run: exit code and the merged standard output and error. */
    public record Run(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    /**
     * @param tool the command
     * @param debianPackage the package that provides it, for the message
     */
    public static void require(String tool, String debianPackage) {
        if (onPath(tool)) {
            return;
        }
        String message = tool + " is not installed (apt-get install -y " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true requires it");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param command the command and its arguments
     * @return its exit code and output
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while waiting
     */
    public static Run run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Copies files to the folder named by the system property {@code mynacard.artifacts}, if set (for manual inspection). */
    static void keep(Path... files) throws IOException {
        String dir = System.getProperty("mynacard.artifacts");
        if (dir == null) {
            return;
        }
        Path target = Path.of(dir);
        Files.createDirectories(target);
        for (Path f : files) {
            Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void writePem(Path file, java.security.cert.X509Certificate cert) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }
}
