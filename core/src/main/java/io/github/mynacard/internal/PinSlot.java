package io.github.mynacard.internal;

import io.github.mynacard.PinKind;

/** Where each PIN lives on the card. */
public final class PinSlot {

    private PinSlot() {
    }

    /**
     * @param kind a PIN
     * @return the application that holds it
     */
    public static Application application(PinKind kind) {
        switch (kind) {
            case SIGNING:
            case USER_AUTH:
                return Application.JPKI;
            case CARD_INFO_INPUT:
            case CARD_INFO_NUMBER_A:
            case CARD_INFO_NUMBER_B:
                return Application.CARD_INFO_INPUT;
            case RESIDENT_REGISTRY:
                return Application.COMMON;
            case CARD_FACE_NUMBER_A:
            case CARD_FACE_NUMBER_B:
                return Application.CARD_FACE;
            default:
                throw new IllegalArgumentException();
        }
    }

    /**
     * @param kind a PIN
     * @return its elementary file in that application
     */
    public static int fileId(PinKind kind) {
        switch (kind) {
            case SIGNING:
                return 0x001B;
            case USER_AUTH:
                return 0x0018;
            case CARD_INFO_INPUT:
                return 0x0011;
            case RESIDENT_REGISTRY:
                return 0x001C;
            case CARD_INFO_NUMBER_A:
                return 0x0014;
            case CARD_INFO_NUMBER_B:
                return 0x0015;
            case CARD_FACE_NUMBER_A:
                return 0x0013;
            case CARD_FACE_NUMBER_B:
                return 0x0012;
            default:
                throw new IllegalArgumentException();
        }
    }
}
