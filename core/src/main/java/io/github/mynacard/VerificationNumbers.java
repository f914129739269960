package io.github.mynacard;

import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.temporal.ChronoField;
import java.util.Objects;

/**
 * The verification numbers (照合番号) that open the card-info input support AP and the card face AP
 * with what is printed on the card, as {@code char[]} like every PIN.
 *
 * <ul>
 *   <li>照合番号A is the 12-digit My Number.</li>
 *   <li>照合番号B is 14 digits: the birth date in the Japanese era as {@code YYMMDD} (the year of the
 *       era, so 1989-01-07 is Shōwa 64, {@code 640107}, and 1989-01-08 Heisei 1, {@code 010108}),
 *       the card's expiry year as four digits, and the 4-digit security code printed on the card.
 *       One public implementation confirms this layout on a real card; another's comment, which
 *       puts a Gregorian {@code YYYYMMDD} first, disagrees with it and with the 14-digit length.</li>
 * </ul>
 */
public final class VerificationNumbers {

    private VerificationNumbers() {
    }

    /**
     * Builds 照合番号B.
     *
     * @param birthDate the holder's birth date (from Meiji 6, 1873, on)
     * @param expiryYear the year the card expires (printed on it; 2016–2099)
     * @param securityCode the 4-digit security code printed on the card; not modified, not kept
     * @return the 14 digits; the caller wipes them after use
     * @throws IllegalArgumentException when a value is out of range or the code is not 4 digits
     */
    public static char[] numberB(LocalDate birthDate, int expiryYear, char[] securityCode) {
        Objects.requireNonNull(birthDate, "birthDate");
        if (expiryYear < 2016 || expiryYear > 2099) {
            throw new IllegalArgumentException("the expiry year must be 2016 to 2099");
        }
        if (securityCode == null || securityCode.length != 4) {
            throw new IllegalArgumentException("the security code must be 4 digits");
        }
        for (char c : securityCode) {
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("the security code must be 4 digits");
            }
        }
        int yearOfEra;
        try {
            yearOfEra = JapaneseDate.from(birthDate).get(ChronoField.YEAR_OF_ERA);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("the birth date is before Meiji 6 (1873)", e);
        }
        char[] n = new char[14];
        put2(n, 0, yearOfEra % 100);
        put2(n, 2, birthDate.getMonthValue());
        put2(n, 4, birthDate.getDayOfMonth());
        put2(n, 6, expiryYear / 100);
        put2(n, 8, expiryYear % 100);
        System.arraycopy(securityCode, 0, n, 10, 4);
        return n;
    }

    private static void put2(char[] n, int at, int value) {
        n[at] = (char) ('0' + value / 10);
        n[at + 1] = (char) ('0' + value % 10);
    }
}
