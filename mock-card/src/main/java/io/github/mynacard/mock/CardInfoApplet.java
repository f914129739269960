package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The card-info input support AP (券面事項入力補助AP, {@value MynaCardEmulator#CARD_INFO_AID}):
 * <ul>
 *   <li>EF 0001, My Number (17 bytes: {@code FF 10 0C}, 12 ASCII digits, {@code FF FF}): needs the
 *       card-info PIN (0011) or 照合番号A (0014);</li>
 *   <li>EF 0002, basic four ({@code FF 20} { {@code DF21} offsets, {@code DF22} name, {@code DF23}
 *       address, {@code DF24} birth date, {@code DF25} sex }, {@code FF} filler to a multiple of 32
 *       bytes): needs 0011 or 照合番号B (0015);</li>
 *   <li>EF 0003, the integrity record ({@link CardInfoIntegrity}): needs any of 0011, 0014, 0015;</li>
 *   <li>EF 0004 (the card-info key's card-verifiable certificate) and EF 0005 (AP basic
 *       information, 256 bytes): free;</li>
 *   <li>PIN EF 0011, the card-info PIN (3 attempts), changed with CHANGE REFERENCE DATA; PIN EFs
 *       0014 (照合番号A, the My Number) and 0015 (照合番号B), 10 attempts each, counted apart from
 *       the card-face AP's; they cannot be changed or reset ({@code 6A81}).</li>
 * </ul>
 */
final class CardInfoApplet extends Applet {

    CardInfoApplet() {
        super(MynaCardEmulator.CARD_INFO_AID);
    }

    @Override
    Map<Integer, ElementaryFile> files(CardIdentity card) {
        Map<Integer, ElementaryFile> f = new TreeMap<>();
        byte[] numberFile = myNumberFile(card.holder.myNumber());
        byte[] basicFile = basicFourFile(card.holder);
        PinKind pin = PinKind.CARD_INFO_INPUT;
        PinKind a = PinKind.CARD_INFO_NUMBER_A;
        PinKind b = PinKind.CARD_INFO_NUMBER_B;
        JpkiApplet.put(f, ElementaryFile.binary(aid, 0x0001, numberFile, pin, a));
        JpkiApplet.put(f, ElementaryFile.binary(aid, 0x0002, basicFile, pin, b));
        // the integrity record is made from the data as issued: a file overwritten later fails it
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0003, new DerivedFile(card, "card-info 0003", numberFile, basicFile), pin, a, b));
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0004, new DerivedFile(card, "card-info 0004")));
        JpkiApplet.put(f, ElementaryFile.lazy(aid, 0x0005, new DerivedFile(card, "card-info 0005")));
        JpkiApplet.put(f, ElementaryFile.pin(aid, 0x0011, pin));
        JpkiApplet.put(f, ElementaryFile.pin(aid, 0x0014, a));
        JpkiApplet.put(f, ElementaryFile.pin(aid, 0x0015, b));
        return f;
    }

    /**
     * {@code YYYYMMDD}, as {@link DateTimeFormatter#BASIC_ISO_DATE} writes a date of the years 0 to
     * 9999, without a formatter for them (every load of a card makes this file).
     */
    static String basicIsoDate(java.time.LocalDate date) {
        int y = date.getYear();
        if (y < 0 || y > 9999) {
            return date.format(DateTimeFormatter.BASIC_ISO_DATE);
        }
        int ymd = y * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
        String digits = Integer.toString(ymd);
        return "00000000".substring(digits.length()) + digits;
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

    static byte[] basicFourFile(CardIdentity.Holder card) {
        byte[] n = Tlv.of(0xDF22, card.name().getBytes(StandardCharsets.UTF_8));
        byte[] a = Tlv.of(0xDF23, card.address().getBytes(StandardCharsets.UTF_8));
        byte[] d = Tlv.of(0xDF24, basicIsoDate(card.birthDate()).getBytes(StandardCharsets.US_ASCII));
        byte[] s = Tlv.of(0xDF25, new byte[] {(byte) card.sex().code()});
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
