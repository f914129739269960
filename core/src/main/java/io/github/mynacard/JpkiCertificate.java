package io.github.mynacard;

/**
 * The four certificates in the JPKI application (公的個人認証AP).
 */
public enum JpkiCertificate {
    /** 利用者証明用電子証明書, EF {@code 000A}: free to read; carries no personal data. */
    AUTHENTICATION(0x000A, false),
    /** 利用者証明用CA証明書, EF {@code 000B}: free to read. */
    AUTHENTICATION_CA(0x000B, false),
    /**
     * 署名用電子証明書, EF {@code 0001}: readable only after the signing password was verified in
     * the same session; carries the holder's name, sex, birth date and address.
     */
    SIGNING(0x0001, true),
    /** 署名用CA証明書, EF {@code 0002}: free to read. */
    SIGNING_CA(0x0002, false);

    private final int fileId;
    private final boolean needsSigningPin;

    JpkiCertificate(int fileId, boolean needsSigningPin) {
        this.fileId = fileId;
        this.needsSigningPin = needsSigningPin;
    }

    /** @return the elementary file that holds it in the JPKI AP */
    public int fileId() {
        return fileId;
    }

    /** @return whether the card requires the signing password before it can be read */
    public boolean needsSigningPin() {
        return needsSigningPin;
    }
}
