package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools (openssl, pdfsig) in the command line's tests. A missing tool fails the test under
 * {@code CI=true} and skips it loudly otherwise, as the signing module's tests do.
 */
final class ExternalTools {

    /** The result of one run: the exit code and the merged standard output and error. */
    record Run(int exitCode, String output) {
    }

    private ExternalTools() {
    }

    /** Fails (under CI=true) or skips (otherwise, with a line on standard error) when the tool is not on the PATH. */
    static void require(String tool, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, tool))) {
                    return;
                }
            }
        }
        String message = tool + " is not installed (apt-get install -y " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true requires it");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    static Run run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
