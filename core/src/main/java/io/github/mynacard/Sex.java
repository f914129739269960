package io.github.mynacard;

/**
 * The holder's sex as the card stores it: one ASCII digit of the JIS X 0303 code.
 */
public enum Sex {
    /** Code {@code 1}. */
    MALE('1'),
    /** Code {@code 2}. */
    FEMALE('2'),
    /** Code {@code 9}: not applicable. */
    NOT_APPLICABLE('9'),
    /** Code {@code 0}: not known. */
    UNKNOWN('0');

    private final char code;

    Sex(char code) {
        this.code = code;
    }

    /** @return the JIS X 0303 digit the card stores, {@code '0'}, {@code '1'}, {@code '2'} or {@code '9'} */
    public char code() {
        return code;
    }

    /**
     * @param code a JIS X 0303 digit
     * @return the matching value
     * @throws IllegalArgumentException for any other character
     */
    public static Sex fromCode(char code) {
        for (Sex s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a JIS X 0303 sex code");
    }
}
