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
                return Application.CARD_INFO_INPUT;
            case RESIDENT_REGISTRY:
                return Application.COMMON;
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
            default:
                throw new IllegalArgumentException();
        }
    }
}
