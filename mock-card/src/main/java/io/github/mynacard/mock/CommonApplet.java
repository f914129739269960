package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.util.Map;

/**
 * The 共通カードAP ({@value MynaCardEmulator#COMMON_AID}): only the resident-registry PIN EF 001C,
 * changed with CHANGE KEY ({@code 80 32 00}; CHANGE REFERENCE DATA on it answers {@code 6A81}). It
 * lives under this AP because the public readers that query the 住基 PIN (TRET's
 * {@code lookupRemainingPIN(.individualNumber)}, myna-go's tool) select this AP and EF 001C.
 */
final class CommonApplet extends Applet {

    CommonApplet() {
        super(MynaCardEmulator.COMMON_AID);
    }

    @Override
    Map<Integer, ElementaryFile> files(CardIdentity card) {
        return Map.of(0x001C, ElementaryFile.pin(aid, 0x001C, PinKind.RESIDENT_REGISTRY));
    }

    @Override
    boolean changeable(PinKind pin, boolean changeKey) {
        return changeKey && pin == PinKind.RESIDENT_REGISTRY;
    }
}
