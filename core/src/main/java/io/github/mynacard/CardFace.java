package io.github.mynacard;

import java.security.PublicKey;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The card face as the card face application (券面事項確認AP) holds it: the printed data and images
 * of the card, signed at issue.
 *
 * <p>Arrays are copied in and out. {@link #toString()} leaves out every personal value; the images
 * are personal data (the photo, the name, the address, and with 照合番号A the My Number), so keep them
 * out of logs.
 *
 * @param birthDate the holder's birth date
 * @param sex the holder's sex
 * @param expiryDate the card's own expiry date (the certificates end earlier: see the README)
 * @param nameImage the name as printed, a PNG image
 * @param addressImage the address as printed, a PNG image
 * @param photo the face photo, a JPEG 2000 (JP2) image
 * @param securityCodeImage the 4-digit security code as printed, a PNG image
 * @param myNumberImage the My Number as printed, a PNG image; only when read with 照合番号A, else null
 * @param cardKey the card's public key as the card face records it
 * @param authenticity whether the card face's signature verified against a trusted authority
 */
public record CardFace(LocalDate birthDate, Sex sex, LocalDate expiryDate, byte[] nameImage, byte[] addressImage,
        byte[] photo, byte[] securityCodeImage, byte[] myNumberImage, PublicKey cardKey, Authenticity authenticity) {

    /**
     * @param birthDate the birth date
     * @param sex the sex
     * @param expiryDate the card's expiry date
     * @param nameImage the name image (PNG)
     * @param addressImage the address image (PNG)
     * @param photo the photo (JPEG 2000)
     * @param securityCodeImage the security code image (PNG)
     * @param myNumberImage the My Number image (PNG), or null
     * @param cardKey the card's public key
     * @param authenticity the check's outcome
     * @throws NullPointerException when a value other than the My Number image is null
     */
    public CardFace {
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(expiryDate, "expiryDate");
        nameImage = Objects.requireNonNull(nameImage, "nameImage").clone();
        addressImage = Objects.requireNonNull(addressImage, "addressImage").clone();
        photo = Objects.requireNonNull(photo, "photo").clone();
        securityCodeImage = Objects.requireNonNull(securityCodeImage, "securityCodeImage").clone();
        myNumberImage = myNumberImage == null ? null : myNumberImage.clone();
        Objects.requireNonNull(cardKey, "cardKey");
        Objects.requireNonNull(authenticity, "authenticity");
    }

    /** @return a copy of the name image (PNG) */
    @Override
    public byte[] nameImage() {
        return nameImage.clone();
    }

    /** @return a copy of the address image (PNG) */
    @Override
    public byte[] addressImage() {
        return addressImage.clone();
    }

    /** @return a copy of the photo (JPEG 2000, JP2 file format) */
    @Override
    public byte[] photo() {
        return photo.clone();
    }

    /** @return a copy of the security code image (PNG) */
    @Override
    public byte[] securityCodeImage() {
        return securityCodeImage.clone();
    }

    /** @return a copy of the My Number image (PNG), or null when the card face was read with 照合番号B */
    @Override
    public byte[] myNumberImage() {
        return myNumberImage == null ? null : myNumberImage.clone();
    }

    /** @return sizes and the check's outcome, never personal data */
    @Override
    public String toString() {
        return "CardFace[birthDate=(hidden), sex=(hidden), expiryDate=(hidden), photo=" + photo.length + " bytes, "
                + "images=" + (myNumberImage == null ? 3 : 4) + ", authenticity=" + authenticity.status() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardFace f && birthDate.equals(f.birthDate) && sex == f.sex && expiryDate.equals(f.expiryDate)
                && java.util.Arrays.equals(nameImage, f.nameImage) && java.util.Arrays.equals(addressImage, f.addressImage)
                && java.util.Arrays.equals(photo, f.photo) && java.util.Arrays.equals(securityCodeImage, f.securityCodeImage)
                && java.util.Arrays.equals(myNumberImage, f.myNumberImage) && cardKey.equals(f.cardKey)
                && authenticity.equals(f.authenticity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(birthDate, sex, expiryDate, java.util.Arrays.hashCode(photo));
    }
}
