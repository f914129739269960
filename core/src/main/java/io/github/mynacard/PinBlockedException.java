package io.github.mynacard;

/**
 * The PIN is blocked: the attempt that exhausted the counter ({@code 63C0}), or any VERIFY after
 * that, even with the right PIN ({@code 6983}/{@code 6984}). The message says where the PIN can be
 * reset; {@link #resetAdvice(PinKind)} gives the same text.
 */
public class PinBlockedException extends CardRefusedException {

    private static final long serialVersionUID = 1L;

    /** @serial the blocked PIN */
    private final PinKind pinKind;

    /**
     * @param pinKind the blocked PIN
     * @param statusWord the card's status word, or {@link CardRefusedException#NO_STATUS_WORD}
     *     when the library knew the PIN was blocked and sent nothing
     */
    public PinBlockedException(PinKind pinKind, int statusWord) {
        super(pinKind.englishName() + " (" + pinKind.japaneseName() + ") is blocked. " + resetAdvice(pinKind), statusWord);
        this.pinKind = pinKind;
    }

    /** @return the blocked PIN */
    public PinKind pinKind() {
        return pinKind;
    }

    /**
     * Where a blocked PIN can be reset, in the terms of the public procedure.
     *
     * @param kind a PIN
     * @return one or two sentences for the card holder
     */
    public static String resetAdvice(PinKind kind) {
        switch (kind) {
            case SIGNING:
                return "If you know the user-authentication PIN, reset it at a convenience-store kiosk within 24 hours "
                        + "of the face check in the JPKI PIN-reset app (JPKI暗証番号リセットアプリ); otherwise at the "
                        + "municipal office with the card and an identity document.";
            case USER_AUTH:
                return "If you know the signing password, reset it at a convenience-store kiosk within 24 hours "
                        + "of the face check in the JPKI PIN-reset app (JPKI暗証番号リセットアプリ); otherwise at the "
                        + "municipal office with the card and an identity document.";
            default:
                return "Only the municipal office can reset it: bring the card and an identity document.";
        }
    }
}
