package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JPKI AP (公的個人認証AP, {@value MynaCardEmulator#JPKI_AID}): certificates in EF 0001
 * (signing; needs the signing password), 0002 (signing CA), 000A (authentication), 000B
 * (authentication CA), each DER followed by {@code FF} filler to the next multiple of 32 bytes;
 * token EF 0006 (160 bytes, label {@code JPKIAPICCTOKEN2}); EF 0008 {@code 8F 8F 00}; keys 0017
 * (authentication, used after the user-authentication PIN) and 001A (signing, after the signing
 * password); PIN EFs 0018 (user authentication) and 001B (signing), changed with CHANGE REFERENCE
 * DATA.
 */
final class JpkiApplet extends Applet {

    JpkiApplet() {
        super(MynaCardEmulator.JPKI_AID);
    }

    @Override
    Map<Integer, ElementaryFile> files(CardIdentity card) {
        Map<Integer, ElementaryFile> f = new TreeMap<>();
        put(f, ElementaryFile.binary(aid, 0x0001, Tlv.padded(card.signCert), PinKind.SIGNING));
        put(f, ElementaryFile.binary(aid, 0x0002, Tlv.padded(card.signCa)));
        put(f, ElementaryFile.binary(aid, 0x0006, token()));
        put(f, ElementaryFile.binary(aid, 0x0008, new byte[] {(byte) 0x8F, (byte) 0x8F, 0x00}));
        put(f, ElementaryFile.binary(aid, 0x000A, Tlv.padded(card.authCert)));
        put(f, ElementaryFile.binary(aid, 0x000B, Tlv.padded(card.authCa)));
        put(f, ElementaryFile.key(aid, 0x0017, JpkiKey.AUTHENTICATION, PinKind.USER_AUTH));
        put(f, ElementaryFile.key(aid, 0x001A, JpkiKey.SIGNING, PinKind.SIGNING));
        put(f, ElementaryFile.pin(aid, 0x0018, PinKind.USER_AUTH));
        put(f, ElementaryFile.pin(aid, 0x001B, PinKind.SIGNING));
        return f;
    }

    static void put(Map<Integer, ElementaryFile> files, ElementaryFile ef) {
        files.put(ef.fid, ef);
    }

    private static byte[] token() {
        byte[] t = new byte[160];
        java.util.Arrays.fill(t, 0, 96, (byte) 0x20);
        byte[] label = "JPKIAPICCTOKEN2".getBytes(StandardCharsets.US_ASCII);
        byte[] maker = "mynacard emulator".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, t, 0, label.length);
        System.arraycopy(maker, 0, t, 32, maker.length);
        return t;
    }

    @Override
    PrivateKey privateKey(CardIdentity card, ElementaryFile keyFile) {
        return card.key(keyFile.key).getPrivate();
    }
}
