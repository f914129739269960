package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The card-info input support AP (券面事項入力補助AP, {@value MynaCardEmulator#CARD_INFO_AID}):
 * EF 0001 (My Number, 17 bytes: {@code FF 10 0C}, 12 ASCII digits, {@code FF FF}), EF 0002 (basic
 * four: {@code FF 20} { {@code DF21} offsets, {@code DF22} name, {@code DF23} address,
 * {@code DF24} birth date, {@code DF25} sex }, {@code FF} filler to a multiple of 32 bytes) and
 * EF 0003 (the integrity record, {@link CardInfoIntegrity}), all behind PIN EF 0011; EF 0004 (the
 * issuer key's card-verifiable certificate), free. The PIN is changed with CHANGE REFERENCE DATA.
 */
final class CardInfoApplet extends Applet {

    CardInfoApplet() {
        super(MynaCardEmulator.CARD_INFO_AID);
    }

    @Override
    Map<Integer, ElementaryFile> files(CardIdentity card) {
        Map<Integer, ElementaryFile> f = new TreeMap<>();
        byte[] numberFile = myNumberFile(card.myNumber);
        byte[] basicFile = basicFourFile(card);
        JpkiApplet.put(f, ElementaryFile.binary(aid, 0x0001, numberFile, PinKind.CARD_INFO_INPUT));
        JpkiApplet.put(f, ElementaryFile.binary(aid, 0x0002, basicFile, PinKind.CARD_INFO_INPUT));
        // the integrity record is made from the data as issued: a file overwritten later fails it
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0003, () -> card.derived("card-info 0003",
                () -> CardInfoIntegrity.integrityRecord(numberFile, basicFile)), PinKind.CARD_INFO_INPUT));
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0004, () -> card.derived("card-info 0004", CardInfoIntegrity::cvc)));
        JpkiApplet.put(f, ElementaryFile.pin(aid, 0x0011, PinKind.CARD_INFO_INPUT));
        return f;
    }

    static byte[] myNumberFile(String myNumber) {
        byte[] f = new byte[17];
        f[0] = (byte) 0xFF;
        f[1] = 0x10;
        f[2] = 0x0C;
        System.arraycopy(myNumber.getBytes(StandardCharsets.US_ASCII), 0, f, 3, 12);
        f[15] = (byte) 0xFF;
        f[16] = (byte) 0xFF;
        return f;
    }

    static byte[] basicFourFile(CardIdentity card) {
        byte[] n = Tlv.of(0xDF22, card.name.getBytes(StandardCharsets.UTF_8));
        byte[] a = Tlv.of(0xDF23, card.address.getBytes(StandardCharsets.UTF_8));
        byte[] d = Tlv.of(0xDF24, card.birthDate.format(DateTimeFormatter.BASIC_ISO_DATE).getBytes(StandardCharsets.US_ASCII));
        byte[] s = Tlv.of(0xDF25, new byte[] {(byte) card.sex.code()});
        int offsetsLen = 3 + 8;
        int innerLen = offsetsLen + n.length + a.length + d.length + s.length;
        byte[] header = Tlv.concat(new byte[] {(byte) 0xFF, 0x20}, Tlv.length(innerLen));
        int o1 = header.length + offsetsLen;
        int o2 = o1 + n.length;
        int o3 = o2 + a.length;
        int o4 = o3 + d.length;
        byte[] offsets = Tlv.of(0xDF21, new byte[] {
            (byte) (o1 >> 8), (byte) o1, (byte) (o2 >> 8), (byte) o2,
            (byte) (o3 >> 8), (byte) o3, (byte) (o4 >> 8), (byte) o4});
        return Tlv.padded(Tlv.concat(header, offsets, n, a, d, s));
    }
}
