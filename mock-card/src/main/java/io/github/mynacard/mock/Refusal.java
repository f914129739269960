package io.github.mynacard.mock;

/**
 * A status word answered by throwing it, so that a command's checks read top to bottom, in the
 * order the card runs them (as a Java Card applet throws {@code ISOException}). {@link CardOs}
 * turns it into the answer; nothing else ever escapes a command.
 */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The status word to answer. */
    final int sw;

    Refusal(int sw) {
        super(null, null, false, false);
        this.sw = sw;
    }

    /**
     * @param condition what the card needs
     * @param sw the status word when it does not hold
     * @throws Refusal with {@code sw} when the condition is false
     */
    static void check(boolean condition, int sw) {
        if (!condition) {
            throw new Refusal(sw);
        }
    }
}
