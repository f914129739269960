package io.github.mynacard;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The card-info input support application's data (券面事項入力補助AP): the My Number and the basic
 * four information (基本4情報).
 *
 * <p>{@link #toString()} masks the My Number and leaves out the rest; handling of My Numbers is
 * legally restricted in Japan, so never log {@link #myNumber()}.
 *
 * @param myNumber the 12-digit individual number, check digit verified
 * @param name the name, family and given names separated by U+3000
 * @param address the address, as on the card (full-width digits)
 * @param birthDate the birth date
 * @param sex the sex code
 * @param authenticity whether the data was checked against the card's signed integrity record
 */
public record CardFields(String myNumber, String name, String address, LocalDate birthDate, Sex sex,
        Authenticity authenticity) {

    /**
     * @param myNumber the 12-digit individual number
     * @param name the name
     * @param address the address
     * @param birthDate the birth date
     * @param sex the sex code
     * @param authenticity the authenticity check's result
     * @throws NullPointerException when a field is null
     */
    public CardFields {
        Objects.requireNonNull(myNumber, "myNumber");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(authenticity, "authenticity");
    }

    /**
     * Fields that were not checked for authenticity.
     *
     * @param myNumber the 12-digit individual number
     * @param name the name
     * @param address the address
     * @param birthDate the birth date
     * @param sex the sex code
     */
    public CardFields(String myNumber, String name, String address, LocalDate birthDate, Sex sex) {
        this(myNumber, name, address, birthDate, sex, Authenticity.NOT_CHECKED);
    }

    /** @return the field names with the My Number masked and the personal data left out */
    @Override
    public String toString() {
        return "CardFields[myNumber=" + MyNumber.mask(myNumber) + ", name=(" + name.length() + " chars), address=("
                + address.length() + " chars), birthDate=(hidden), sex=(hidden), authenticity=" + authenticity.status() + "]";
    }
}
