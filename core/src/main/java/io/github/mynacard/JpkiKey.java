package io.github.mynacard;

/**
 * The two private keys in the JPKI application. Both are RSA-2048; the card applies PKCS#1 v1.5
 * padding to the DigestInfo it is given.
 */
public enum JpkiKey {
    /** 利用者証明用秘密鍵, EF {@code 0017}, unlocked by the user-authentication PIN (EF {@code 0018}). */
    AUTHENTICATION(0x0017, PinKind.USER_AUTH, JpkiCertificate.AUTHENTICATION),
    /** 署名用秘密鍵, EF {@code 001A}, unlocked by the signing password (EF {@code 001B}). */
    SIGNING(0x001A, PinKind.SIGNING, JpkiCertificate.SIGNING);

    private final int fileId;
    private final PinKind pin;
    private final JpkiCertificate certificate;

    JpkiKey(int fileId, PinKind pin, JpkiCertificate certificate) {
        this.fileId = fileId;
        this.pin = pin;
        this.certificate = certificate;
    }

    /** @return the key's elementary file in the JPKI AP */
    public int fileId() {
        return fileId;
    }

    /** @return the PIN that unlocks the key */
    public PinKind pin() {
        return pin;
    }

    /** @return the certificate of the key's public half */
    public JpkiCertificate certificate() {
        return certificate;
    }
}
