package io.github.mynacard.examples.cli;

import java.io.Console;

/**
 * The interactive terminal the command line asks PINs and confirmations on. The system one wraps
 * {@link System#console()}; tests give their own.
 */
public interface Terminal {

    /**
     * Asks for a secret without echoing it.
     *
     * @param prompt what to ask
     * @return the characters typed (the caller wipes them), or null at end of input
     */
    char[] readSecret(String prompt);

    /**
     * Asks a question and reads the answer.
     *
     * @param prompt what to ask
     * @return the line typed, or null at end of input
     */
    String readLine(String prompt);

    /**
     * @return the terminal of this process, or null when it has none (input or output redirected)
     */
    static Terminal system() {
        Console c = System.console();
        if (c == null) {
            return null;
        }
        return new Terminal() {
            @Override
            public char[] readSecret(String prompt) {
                return c.readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                return c.readLine("%s", prompt);
            }
        };
    }
}
