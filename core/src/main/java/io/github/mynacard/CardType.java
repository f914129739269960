package io.github.mynacard;

/**
 * What kind of JPKI token answered, from the label in the JPKI AP's token file (EF {@code 0006}).
 */
public enum CardType {
    /** {@code JPKIAPICCTOKEN2}: a My Number Card. */
    MY_NUMBER_CARD("JPKIAPICCTOKEN2"),
    /** {@code JPKIAPICCTOKEN}: an old Basic Resident Registry card (住基カード). */
    RESIDENT_REGISTRY_CARD("JPKIAPICCTOKEN"),
    /** {@code JPKIAPGPSETOKEN}: smartphone JPKI on Android. */
    ANDROID_SMARTPHONE("JPKIAPGPSETOKEN"),
    /** {@code JPKIAPIOSTOKEN}: smartphone JPKI on iPhone. */
    IPHONE("JPKIAPIOSTOKEN"),
    /** Any other label. */
    UNKNOWN("");

    private final String label;

    CardType(String label) {
        this.label = label;
    }

    /** @return the token label that identifies this type (empty for {@link #UNKNOWN}) */
    public String label() {
        return label;
    }

    /**
     * @param label the token label with padding removed
     * @return the matching type, or {@link #UNKNOWN}
     */
    public static CardType fromLabel(String label) {
        for (CardType t : values()) {
            if (t != UNKNOWN && t.label.equals(label)) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
