package io.github.mynacard;

/**
 * The secrets a My Number Card checks with VERIFY, with their format and retry limit: the four PINs
 * the holder chose ({@link #holderPins()}), and the two verification numbers (照合番号) that open the
 * card-info input support AP and the card face AP with what is printed on the card
 * ({@link #isVerificationNumber()}): 照合番号A is the 12-digit My Number, 照合番号B the birth date in
 * the Japanese era ({@code YYMMDD}), the card's expiry year and its 4-digit security code.
 *
 * <p>The verification numbers' retry limit is not published; this project takes 10, the count one
 * public implementation reports from real cards. Each application keeps its own counter.
 */
public enum PinKind {
    /** 署名用電子証明書 暗証番号 (signing password): 6–16 of {@code A–Z0–9}, 5 attempts. JPKI AP, EF {@code 001B}. */
    SIGNING("署名用電子証明書 暗証番号", "signing password", 5, 6, 16, false),
    /** 利用者証明用電子証明書 暗証番号 (user authentication PIN): 4 digits, 3 attempts. JPKI AP, EF {@code 0018}. */
    USER_AUTH("利用者証明用電子証明書 暗証番号", "user-authentication PIN", 3, 4, 4, true),
    /** 住民基本台帳用 暗証番号 (resident registry PIN): 4 digits, 3 attempts. 共通カードAP, EF {@code 001C}. */
    RESIDENT_REGISTRY("住民基本台帳用 暗証番号", "resident-registry PIN", 3, 4, 4, true),
    /** 券面事項入力補助用 暗証番号 (card-info input support PIN): 4 digits, 3 attempts. 券面事項入力補助AP, EF {@code 0011}. */
    CARD_INFO_INPUT("券面事項入力補助用 暗証番号", "card-info input support PIN", 3, 4, 4, true),
    /** 照合番号A of the card-info input support AP (the My Number, 12 digits), 10 attempts. EF {@code 0014}. */
    CARD_INFO_NUMBER_A("照合番号A (券面事項入力補助AP)", "card-info verification number A", 10, 12, 12, true),
    /** 照合番号B of the card-info input support AP (14 digits), 10 attempts. EF {@code 0015}. */
    CARD_INFO_NUMBER_B("照合番号B (券面事項入力補助AP)", "card-info verification number B", 10, 14, 14, true),
    /** 照合番号A of the card face AP (券面事項確認AP; the My Number, 12 digits), 10 attempts. EF {@code 0013}. */
    CARD_FACE_NUMBER_A("照合番号A (券面事項確認AP)", "card-face verification number A", 10, 12, 12, true),
    /** 照合番号B of the card face AP (券面事項確認AP; 14 digits), 10 attempts. EF {@code 0012}. */
    CARD_FACE_NUMBER_B("照合番号B (券面事項確認AP)", "card-face verification number B", 10, 14, 14, true);

    private static final java.util.List<PinKind> HOLDER_PINS = java.util.List.of(SIGNING, USER_AUTH, RESIDENT_REGISTRY,
            CARD_INFO_INPUT);

    private final String japaneseName;
    private final String englishName;
    private final int maxAttempts;
    private final int minLength;
    private final int maxLength;
    private final boolean digitsOnly;

    PinKind(String japaneseName, String englishName, int maxAttempts, int minLength, int maxLength, boolean digitsOnly) {
        this.japaneseName = japaneseName;
        this.englishName = englishName;
        this.maxAttempts = maxAttempts;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.digitsOnly = digitsOnly;
    }

    /** @return the official Japanese name */
    public String japaneseName() {
        return japaneseName;
    }

    /** @return a short English name */
    public String englishName() {
        return englishName;
    }

    /** @return the number of wrong attempts the card allows before it blocks the PIN */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the shortest valid PIN */
    public int minLength() {
        return minLength;
    }

    /** @return the longest valid PIN */
    public int maxLength() {
        return maxLength;
    }

    /** @return true for the PINs and numbers of digits only, false for the alphanumeric signing password */
    public boolean digitsOnly() {
        return digitsOnly;
    }

    /**
     * @return whether this is a verification number (照合番号A or B), made from what is printed on
     *     the card rather than chosen by the holder; it cannot be changed or reset
     */
    public boolean isVerificationNumber() {
        return !HOLDER_PINS.contains(this);
    }

    /** @return whether this is 照合番号A (the My Number) of either application */
    public boolean isNumberA() {
        return this == CARD_INFO_NUMBER_A || this == CARD_FACE_NUMBER_A;
    }

    /** @return the four PINs the holder chose: signing, user authentication, resident registry, card-info input support */
    public static java.util.List<PinKind> holderPins() {
        return HOLDER_PINS;
    }
}
