package io.github.mynacard.examples.cli;

/**
 * A failure the command line reports as one line with a chosen exit code, for problems found by
 * the command line itself (bad input, a file that cannot be read). Messages never hold a PIN.
 */
public class CliException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message one line for the user, without PINs or personal data
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message one line for the user, without PINs or personal data
     * @param cause the underlying failure, shown with {@code --verbose}
     */
    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return the exit code to end with */
    public int exitCode() {
        return exitCode;
    }

    /**
     * @param message one line for the user
     * @return a bad-input failure
     */
    public static CliException badInput(String message) {
        return new CliException(ExitCodes.BAD_INPUT, message);
    }
}
