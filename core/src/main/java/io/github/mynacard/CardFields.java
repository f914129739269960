package io.github.mynacard;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The card-info input support application's data (券面事項入力補助AP): the My Number and the basic
 * four information (基本4情報). Which of them a read returns depends on how the application was
 * opened (see {@link Unlock}): the card-info PIN opens both; 照合番号A opens the My Number only;
 * 照合番号B opens the basic four information only. What was not read is null.
 *
 * <p>{@link #toString()} masks the My Number and leaves out the rest; handling of My Numbers is
 * legally restricted in Japan, so never log {@link #myNumber()}.
 *
 * @param myNumber the 12-digit individual number, check digit verified; null when not read
 * @param name the name, family and given names separated by U+3000; null when not read
 * @param address the address, as on the card (full-width digits); null when not read
 * @param birthDate the birth date; null when not read
 * @param sex the sex code; null when not read
 * @param authenticity whether the data was checked against the card's signed integrity record
 */
public record CardFields(String myNumber, String name, String address, LocalDate birthDate, Sex sex,
        Authenticity authenticity) {

    /**
     * @param myNumber the 12-digit individual number, or null
     * @param name the name, or null with the other basic four fields
     * @param address the address
     * @param birthDate the birth date
     * @param sex the sex code
     * @param authenticity the authenticity check's result
     * @throws NullPointerException when the authenticity is null
     * @throws IllegalArgumentException when nothing was read, or the basic four fields are only partly there
     */
    public CardFields {
        Objects.requireNonNull(authenticity, "authenticity");
        boolean anyBasic = name != null || address != null || birthDate != null || sex != null;
        boolean allBasic = name != null && address != null && birthDate != null && sex != null;
        if (anyBasic != allBasic) {
            throw new IllegalArgumentException("the basic four information is all there or not at all");
        }
        if (myNumber == null && !allBasic) {
            throw new IllegalArgumentException("no field was read");
        }
    }

    /**
     * Fields that were not checked for authenticity.
     *
     * @param myNumber the 12-digit individual number, or null
     * @param name the name, or null
     * @param address the address, or null
     * @param birthDate the birth date, or null
     * @param sex the sex code, or null
     */
    public CardFields(String myNumber, String name, String address, LocalDate birthDate, Sex sex) {
        this(myNumber, name, address, birthDate, sex, Authenticity.NOT_CHECKED);
    }

    /** @return whether the My Number was read (with the card-info PIN or 照合番号A) */
    public boolean hasMyNumber() {
        return myNumber != null;
    }

    /** @return whether the basic four information was read (with the card-info PIN or 照合番号B) */
    public boolean hasBasicFour() {
        return name != null;
    }

    /** @return the field names with the My Number masked and the personal data left out */
    @Override
    public String toString() {
        return "CardFields[myNumber=" + (myNumber == null ? "(not read)" : MyNumber.mask(myNumber)) + ", name="
                + (name == null ? "(not read)" : "(" + name.length() + " chars)") + ", address="
                + (address == null ? "(not read)" : "(" + address.length() + " chars)")
                + ", birthDate=(hidden), sex=(hidden), authenticity=" + authenticity.status() + "]";
    }
}
