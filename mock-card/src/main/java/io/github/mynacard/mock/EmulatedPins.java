package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.time.LocalDate;
import java.util.List;

/**
 * The card's own statement of its PIN rules: how many attempts each PIN has and what its value may
 * hold. Written here as literals, not taken from the library's {@link PinKind}, so that the
 * emulator stays an independent oracle for the library's tests (a test checks that both agree).
 *
 * <table>
 *   <caption>PIN rules of the card</caption>
 *   <tr><th>PIN</th><th>EF</th><th>attempts</th><th>value</th></tr>
 *   <tr><td>signing password</td><td>JPKI 001B</td><td>5</td><td>6–16 of {@code A–Z 0–9}</td></tr>
 *   <tr><td>user authentication</td><td>JPKI 0018</td><td>3</td><td>4 of {@code 0–9}</td></tr>
 *   <tr><td>card-info input support</td><td>card-info 0011</td><td>3</td><td>4 of {@code 0–9}</td></tr>
 *   <tr><td>resident registry</td><td>common 001C</td><td>3</td><td>4 of {@code 0–9}</td></tr>
 *   <tr><td>照合番号A (the My Number)</td><td>card-info 0014, card-face 0013</td><td>10 each</td>
 *       <td>12 of {@code 0–9}</td></tr>
 *   <tr><td>照合番号B</td><td>card-info 0015, card-face 0012</td><td>10 each</td><td>14 of {@code 0–9}</td></tr>
 * </table>
 *
 * <p>The verification numbers (照合番号) are made from what is printed on the card; the holder cannot
 * change them and no terminal can reset them. Their attempt limit is not published; 10 is the count
 * one public implementation reports from real cards. 照合番号B starts with the birth date in the
 * Japanese era ({@code YYMMDD}, the year of the era); the eras' first days are written below as
 * literals too ({@link #ERA_STARTS}), rather than taken from the JDK's {@code JapaneseDate} as the
 * library does, for the same reason (and because the JDK's Japanese calendar takes tens of
 * milliseconds to set up, which every process opening a card would pay).
 */
final class EmulatedPins {

    /** The four PINs the holder chooses, in the state file's order. */
    static final List<PinKind> HOLDER_PINS = List.of(PinKind.SIGNING, PinKind.USER_AUTH, PinKind.RESIDENT_REGISTRY,
            PinKind.CARD_INFO_INPUT);

    /** Every PIN and verification number of the card, in the state file's order. */
    static final List<PinKind> ALL = List.of(PinKind.SIGNING, PinKind.USER_AUTH, PinKind.RESIDENT_REGISTRY,
            PinKind.CARD_INFO_INPUT, PinKind.CARD_INFO_NUMBER_A, PinKind.CARD_INFO_NUMBER_B, PinKind.CARD_FACE_NUMBER_A,
            PinKind.CARD_FACE_NUMBER_B);

    /**
     * The first day of each era since the Gregorian calendar was adopted (Meiji 6 = 1873), newest
     * first: Reiwa 2019-05-01, Heisei 1989-01-08, Shōwa 1926-12-25, Taishō 1912-07-30, Meiji
     * 1868-01-25 (its year 1 in the Gregorian count; dates before 1873 are refused).
     */
    static final List<LocalDate> ERA_STARTS = List.of(LocalDate.of(2019, 5, 1), LocalDate.of(1989, 1, 8),
            LocalDate.of(1926, 12, 25), LocalDate.of(1912, 7, 30), LocalDate.of(1868, 1, 25));

    private EmulatedPins() {
    }

    /**
     * 照合番号B as the card holds it: the birth date in the Japanese era as {@code YYMMDD}, the
     * card's expiry year as 4 digits and the 4-digit security code.
     *
     * @param birthDate the holder's birth date, 1873 or later
     * @param expiryYear the card's expiry year
     * @param securityCode the 4 digits printed on the card
     * @return the 14 ASCII digits
     */
    static byte[] numberB(LocalDate birthDate, int expiryYear, String securityCode) {
        if (birthDate.getYear() < 1873) {
            throw new IllegalArgumentException("the birth date is before Meiji 6 (1873)");
        }
        LocalDate start = null;
        for (LocalDate s : ERA_STARTS) { // a loop, not a stream with a lambda: it runs at every load
            if (!birthDate.isBefore(s)) {
                start = s;
                break;
            }
        }
        if (start == null) {
            throw new java.util.NoSuchElementException("No value present");
        }
        int yearOfEra = birthDate.getYear() - start.getYear() + 1;
        int[] twoDigits = {yearOfEra % 100, birthDate.getMonthValue(), birthDate.getDayOfMonth(), expiryYear / 100,
            expiryYear % 100};
        StringBuilder b = new StringBuilder(14);
        for (int v : twoDigits) {
            b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
        }
        return b.append(securityCode).toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** @return whether the holder chose the PIN (and may change it); false for a verification number */
    static boolean holderChosen(PinKind pin) {
        return HOLDER_PINS.contains(pin);
    }

    /**
     * @param pin a PIN
     * @return its attempts before it is blocked
     */
    static int maxAttempts(PinKind pin) {
        return switch (pin) {
            case SIGNING -> 5;
            case USER_AUTH, CARD_INFO_INPUT, RESIDENT_REGISTRY -> 3;
            case CARD_INFO_NUMBER_A, CARD_INFO_NUMBER_B, CARD_FACE_NUMBER_A, CARD_FACE_NUMBER_B -> 10;
        };
    }

    /** @return the shortest value of the PIN */
    static int minLength(PinKind pin) {
        return switch (pin) {
            case SIGNING -> 6;
            case USER_AUTH, CARD_INFO_INPUT, RESIDENT_REGISTRY -> 4;
            case CARD_INFO_NUMBER_A, CARD_FACE_NUMBER_A -> 12;
            case CARD_INFO_NUMBER_B, CARD_FACE_NUMBER_B -> 14;
        };
    }

    /** @return the longest value of the PIN */
    static int maxLength(PinKind pin) {
        return pin == PinKind.SIGNING ? 16 : minLength(pin);
    }

    /** @return whether the PIN holds digits only (else upper-case letters too) */
    static boolean digitsOnly(PinKind pin) {
        return pin != PinKind.SIGNING;
    }

    /**
     * @param pin a PIN
     * @param value a value for it, as the card receives it
     * @return whether the card accepts the value's form (length and characters)
     */
    static boolean wellFormed(PinKind pin, byte[] value) {
        if (value.length < minLength(pin) || value.length > maxLength(pin)) {
            return false;
        }
        for (byte b : value) {
            boolean digit = b >= '0' && b <= '9';
            boolean upper = b >= 'A' && b <= 'Z';
            if (!(digit || (!digitsOnly(pin) && upper))) {
                return false;
            }
        }
        return true;
    }
}
