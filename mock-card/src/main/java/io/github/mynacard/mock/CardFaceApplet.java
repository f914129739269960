package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.util.Map;
import java.util.TreeMap;

/**
 * The card-face AP (券面事項確認AP, {@value MynaCardEmulator#CARD_FACE_AID}), files laid out by
 * {@link CardFaceFiles}:
 * <ul>
 *   <li>EF 0002, the card face (birth date, sex, face key, name and address images, face photo,
 *       signature, expiry date, security-code image): needs 照合番号A (0013) or 照合番号B (0012);</li>
 *   <li>EF 0003 (AP basic information) and EF 0004 (the face key's card-verifiable certificate):
 *       free;</li>
 *   <li>EF 0005, the My Number image with its signature: needs 照合番号A (0013) only;</li>
 *   <li>PIN EFs 0013 (照合番号A, the My Number) and 0012 (照合番号B), 10 attempts each, counted
 *       apart from the card-info AP's; they cannot be changed or reset ({@code 6A81}).</li>
 * </ul>
 * The files that cost an image or a signature are made when first read. The age-verification
 * record (EF 0001), its birth-date key (EF 0011) and the challenge key (EF 001A), reported by one
 * public source only, are not emulated.
 */
final class CardFaceApplet extends Applet {

    CardFaceApplet() {
        super(MynaCardEmulator.CARD_FACE_AID);
    }

    @Override
    Map<Integer, ElementaryFile> files(CardIdentity card) {
        Map<Integer, ElementaryFile> f = new TreeMap<>();
        PinKind a = PinKind.CARD_FACE_NUMBER_A;
        PinKind b = PinKind.CARD_FACE_NUMBER_B;
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0002, new DerivedFile(card, "card-face 0002"), a, b));
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0003, new DerivedFile(card, "card-face 0003")));
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0004, new DerivedFile(card, "card-face 0004")));
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0005, new DerivedFile(card, "card-face 0005"), a));
        JpkiApplet.put(f, ElementaryFile.pin(aid, 0x0012, b));
        JpkiApplet.put(f, ElementaryFile.pin(aid, 0x0013, a));
        return f;
    }
}
