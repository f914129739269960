package io.github.mynacard;

/**
 * The four PINs of a My Number Card, with their format and retry limit.
 */
public enum PinKind {
    /** 署名用電子証明書 暗証番号 (signing password): 6–16 of {@code A–Z0–9}, 5 attempts. JPKI AP, EF {@code 001B}. */
    SIGNING("署名用電子証明書 暗証番号", "signing password", 5, 6, 16, false),
    /** 利用者証明用電子証明書 暗証番号 (user authentication PIN): 4 digits, 3 attempts. JPKI AP, EF {@code 0018}. */
    USER_AUTH("利用者証明用電子証明書 暗証番号", "user-authentication PIN", 3, 4, 4, true),
    /** 住民基本台帳用 暗証番号 (resident registry PIN): 4 digits, 3 attempts. 共通カードAP, EF {@code 001C}. */
    RESIDENT_REGISTRY("住民基本台帳用 暗証番号", "resident-registry PIN", 3, 4, 4, true),
    /** 券面事項入力補助用 暗証番号 (card-info input support PIN): 4 digits, 3 attempts. 券面事項入力補助AP, EF {@code 0011}. */
    CARD_INFO_INPUT("券面事項入力補助用 暗証番号", "card-info input support PIN", 3, 4, 4, true);

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

    /** @return true for the 4-digit PINs, false for the alphanumeric signing password */
    public boolean digitsOnly() {
        return digitsOnly;
    }
}
