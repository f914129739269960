package io.github.mynacard;

/**
 * The individual number (個人番号, "My Number") check digit, as the law defines it: over the first
 * 11 digits with weights 6,5,4,3,2,7,6,5,4,3,2 (left to right), r = sum mod 11, and the check digit
 * is 0 when r ≤ 1, otherwise 11 − r.
 *
 * <p>Handling of My Numbers is legally restricted in Japan: this class never logs a number, and its
 * exceptions never quote one.
 */
public final class MyNumber {

    private static final int[] WEIGHTS = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private MyNumber() {
    }

    /**
     * Computes the check digit of the first 11 digits.
     *
     * @param first11 exactly 11 ASCII digits
     * @return the check digit, 0..9
     * @throws IllegalArgumentException when the input is not 11 ASCII digits
     */
    public static int checkDigit(CharSequence first11) {
        if (first11 == null || first11.length() != 11) {
            throw new IllegalArgumentException("need exactly 11 digits");
        }
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            char c = first11.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("need exactly 11 digits");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        int r = sum % 11;
        return r <= 1 ? 0 : 11 - r;
    }

    /**
     * Whether a string is a well-formed My Number: 12 ASCII digits whose last is the check digit of
     * the first 11.
     *
     * @param number the candidate
     * @return true when it is 12 digits with a correct check digit
     */
    public static boolean isValid(CharSequence number) {
        if (number == null || number.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return checkDigit(number.subSequence(0, 11)) == number.charAt(11) - '0';
    }

    /**
     * Masks a My Number for display: every character becomes {@code *}, so no digit of it reaches
     * a log line or a {@code toString()}.
     *
     * @param number the number (any text)
     * @return the masked form of the same length, or {@code "(none)"} for null
     */
    public static String mask(CharSequence number) {
        return number == null ? "(none)" : "*".repeat(number.length());
    }
}
