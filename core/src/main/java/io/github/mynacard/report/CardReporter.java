package io.github.mynacard.report;

import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Makes a {@link CardReport}: a fixed, read-only script run against a card, whatever card it is.
 *
 * <p>The script, in order, for each application the public implementations name (JPKI, card-info
 * input support, card face, common, resident registry): SELECT by AID; for each PIN the
 * application holds, VERIFY without data by short EF identifier, then SELECT of the PIN's file and
 * VERIFY without data (the retry counter: neither spends an attempt, and no PIN is ever sent); for
 * each file that needs no PIN, SELECT, READ BINARY with a short Le (256) and with an extended Le
 * (65536), the same two by short EF identifier, and, where the file's size is known, a short
 * READ BINARY 4 bytes before its end (how the card answers a read past the end: {@code 6282},
 * {@code 9000} with fewer bytes, or {@code 6Cxx}); for each file that needs a PIN, SELECT and a
 * READ BINARY of one byte (the card refuses it; nothing is spent); and once, GET RESPONSE with
 * nothing pending. With {@code shortApdusOnly} the extended-length forms are left out.
 *
 * <p>Every command is checked before it is sent ({@link CardReport#checkCarriesNothing}): the
 * script cannot send a PIN, a VERIFY with data, or any command that changes the card. Link
 * failures that leave the card in place (an extended length the reader cannot carry, a protocol
 * error) are recorded and the script goes on; any other ends it with that exception.
 */
public final class CardReporter {

    /** The JPKI token labels a report may name (EF 0006 of the JPKI AP): kinds of card, not cards. */
    public static final Set<String> KNOWN_TOKENS = Set.of("JPKIAPICCTOKEN2", "JPKIAPICCTOKEN", "JPKIAPGPSETOKEN",
            "JPKIAPIOSTOKEN");

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int MAX_DEPTH = 8;
    /** The top-level tags whose structure a skeleton shows: certificates, CVCs and the card's data files. */
    private static final Set<String> STRUCTURED = Set.of("30", "7F21", "FF10", "FF20", "FF30", "FF40", "FF50");

    private record Ef(int fid, String name) {
    }

    private record Ap(String label, String aid, String name, List<Ef> pins, List<Ef> free, List<Ef> locked) {
    }

    private static final List<Ap> SCRIPT = List.of(
            new Ap("JPKI", "D392F000260100000001", "JPKI AP (公的個人認証AP)",
                    List.of(new Ef(0x0018, "user-authentication PIN"), new Ef(0x001B, "signing password")),
                    List.of(new Ef(0x0002, "signing CA certificate"), new Ef(0x0006, "token information"),
                            new Ef(0x0008, "certificate presence"), new Ef(0x000A, "user-authentication certificate"),
                            new Ef(0x000B, "user-authentication CA certificate")),
                    List.of(new Ef(0x0001, "signing certificate"))),
            new Ap("CARD_INFO", "D3921000310001010408", "card-info input support AP (券面事項入力補助AP)",
                    List.of(new Ef(0x0011, "card-info input support PIN"), new Ef(0x0014, "照合番号A"),
                            new Ef(0x0015, "照合番号B")),
                    List.of(new Ef(0x0004, "issuer key certificate (CVC)"), new Ef(0x0005, "AP basic information")),
                    List.of(new Ef(0x0001, "My Number"), new Ef(0x0002, "basic four information"),
                            new Ef(0x0003, "integrity record"))),
            new Ap("CARD_FACE", "D3921000310001010402", "card-face AP (券面事項確認AP)",
                    List.of(new Ef(0x0012, "照合番号B"), new Ef(0x0013, "照合番号A")),
                    List.of(new Ef(0x0003, "AP basic information"), new Ef(0x0004, "key certificate (CVC)")),
                    List.of(new Ef(0x0001, "age-verification record"), new Ef(0x0002, "card face"),
                            new Ef(0x0005, "My Number image"))),
            new Ap("COMMON", "D3921000310001010100", "common card AP (共通カードAP)",
                    List.of(new Ef(0x001C, "resident-registry PIN")), List.of(), List.of()),
            new Ap("RESIDENT_REGISTRY", "D3921000310001010401", "resident registry AP (住基AP)",
                    List.of(new Ef(0x001C, "resident-registry PIN (second reference)")), List.of(), List.of()));

    private final CardTransport card;
    private final boolean shortOnly;
    private final List<CardReport.Exchange> exchanges = new ArrayList<>();
    private String token = "";

    private CardReporter(CardTransport card, boolean shortOnly) {
        this.card = card;
        this.shortOnly = shortOnly;
    }

    /**
     * Runs the script against a card.
     *
     * @param card the link to the card; used from this thread only, not closed
     * @param reader the reader's name, the ATR, protocol and features
     * @param shortApdusOnly whether to leave out the extended-length forms
     * @param tool the program making the report, e.g. {@code "mynacard 0.1.0"}
     * @return the report
     * @throws IOException when the link fails in a way that ends the script (no card, card removed,
     *     timeout...)
     */
    public static CardReport run(CardTransport card, CardReport.Reader reader, boolean shortApdusOnly, String tool)
            throws IOException {
        CardReporter r = new CardReporter(card, shortApdusOnly);
        r.script();
        return new CardReport(tool, LocalDate.now(ZoneOffset.ofHours(9))  /* Japan: UTC+09:00, no daylight saving time since 1951 */, reader, shortApdusOnly, r.token,
                r.exchanges);
    }

    /** @return the name of an application ("" for the application itself when file is "") or of a file */
    static String name(String application, String file) {
        for (Ap ap : SCRIPT) {
            if (!ap.label.equals(application)) {
                continue;
            }
            if (file.isEmpty()) {
                return ap.name;
            }
            int fid = Integer.parseInt(file, 16);
            for (List<Ef> l : List.of(ap.pins, ap.free, ap.locked)) {
                for (Ef ef : l) {
                    if (ef.fid == fid) {
                        return ef.name;
                    }
                }
            }
        }
        return "";
    }

    private void script() throws IOException {
        for (Ap ap : SCRIPT) {
            byte[] select = send(ap, "", "select", CardReport.Form.SELECT_APPLICATION,
                    new CommandApdu(0x00, 0xA4, 0x04, 0x0C, HEX.parseHex(ap.aid)));
            if (sw(select) != 0x9000) {
                continue;
            }
            for (Ef pin : ap.pins) {
                send(ap, fid(pin), "pin-status-sfi", CardReport.Form.PIN_STATUS_SFI,
                        new CommandApdu(0x00, 0x20, 0x00, 0x80 | pin.fid));
                if (selectFile(ap, pin)) {
                    send(ap, fid(pin), "pin-status", CardReport.Form.PIN_STATUS, new CommandApdu(0x00, 0x20, 0x00, 0x80));
                }
            }
            for (Ef ef : ap.free) {
                readFree(ap, ef);
            }
            for (Ef ef : ap.locked) {
                if (selectFile(ap, ef)) {
                    send(ap, fid(ef), "read-protected", CardReport.Form.READ_PROTECTED, new CommandApdu(0x00, 0xB0, 0, 0, 1));
                }
            }
            if (ap.label.equals("JPKI")) {
                send(ap, "", "get-response", CardReport.Form.GET_RESPONSE, new CommandApdu(0x00, 0xC0, 0, 0, 256));
            }
        }
    }

    private void readFree(Ap ap, Ef ef) throws IOException {
        if (!selectFile(ap, ef)) {
            return;
        }
        byte[] shortRead = send(ap, fid(ef), "read-short", CardReport.Form.READ_SHORT, new CommandApdu(0x00, 0xB0, 0, 0, 256));
        byte[] extendedRead = null;
        if (!shortOnly) {
            extendedRead = send(ap, fid(ef), "read-extended", CardReport.Form.READ_EXTENDED,
                    new CommandApdu(0x00, 0xB0, 0, 0, null, 65536));
        }
        send(ap, fid(ef), "read-sfi-short", CardReport.Form.READ_SFI_SHORT, new CommandApdu(0x00, 0xB0, 0x80 | ef.fid, 0, 256));
        if (!shortOnly) {
            send(ap, fid(ef), "read-sfi-extended", CardReport.Form.READ_SFI_EXTENDED,
                    new CommandApdu(0x00, 0xB0, 0x80 | ef.fid, 0, null, 65536));
        }
        if (ap.label.equals("JPKI") && ef.fid == 0x0006 && shortRead != null && read(shortRead)) {
            String label = new String(shortRead, 0, Math.min(32, shortRead.length - 2), StandardCharsets.ISO_8859_1)
                    .replace('\0', ' ').trim();
            token = KNOWN_TOKENS.contains(label) ? label : "";
        }
        int size = size(shortRead, extendedRead);
        if (size > 8 && size - 4 <= 0x7FFF && selectFile(ap, ef)) {
            int offset = size - 4;
            send(ap, fid(ef), "read-past-end", CardReport.Form.READ_PAST_END,
                    new CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, 256));
        }
    }

    /** @return the file's size as far as the reads tell it, or -1 */
    private static int size(byte[] shortRead, byte[] extendedRead) {
        if (extendedRead != null && read(extendedRead) && extendedRead.length > 2) {
            return extendedRead.length - 2;
        }
        if (shortRead == null || !read(shortRead) || shortRead.length <= 2) {
            return -1;
        }
        int n = shortRead.length - 2;
        if (n < 256) {
            return n;
        }
        try {
            Element top = Element.at(shortRead, 0, n);
            return STRUCTURED.contains(top.tag) ? top.end() : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static boolean read(byte[] answer) {
        int sw = sw(answer);
        return sw == 0x9000 || sw == 0x6282;
    }

    private boolean selectFile(Ap ap, Ef ef) throws IOException {
        byte[] r = send(ap, fid(ef), "select", CardReport.Form.SELECT_FILE,
                new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {(byte) (ef.fid >> 8), (byte) ef.fid}));
        return sw(r) == 0x9000;
    }

    private static String fid(Ef ef) {
        return String.format("%04X", ef.fid);
    }

    private static int sw(byte[] answer) {
        return answer == null || answer.length < 2 ? -1
                : ((answer[answer.length - 2] & 0xFF) << 8) | (answer[answer.length - 1] & 0xFF);
    }

    /** Sends one command of the script and records it; null when the link refused it (recorded too). */
    private byte[] send(Ap ap, String file, String what, CardReport.Form form, CommandApdu command) throws IOException {
        byte[] bytes = command.encode();
        String step = ap.label.toLowerCase(java.util.Locale.ROOT) + (file.isEmpty() ? "" : "." + file) + "." + what;
        CardReport.checkCarriesNothing(step, bytes);
        long start = System.nanoTime();
        byte[] answer;
        try {
            answer = card.transmit(bytes);
        } catch (CardTransportException e) {
            if (e.reason() != CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED
                    && e.reason() != CardTransportException.Reason.PROTOCOL) {
                throw e;
            }
            exchanges.add(new CardReport.Exchange(step, ap.label, file, form, HEX.formatHex(bytes), -1, 0, "",
                    e.reason().name(), micros(start)));
            return null;
        }
        long micros = micros(start);
        if (answer == null || answer.length < 2) {
            exchanges.add(new CardReport.Exchange(step, ap.label, file, form, HEX.formatHex(bytes), -1, 0, "",
                    "PROTOCOL", micros));
            return null;
        }
        int n = answer.length - 2;
        exchanges.add(new CardReport.Exchange(step, ap.label, file, form, HEX.formatHex(bytes), sw(answer), n,
                skeleton(answer, n), "", micros));
        return answer;
    }

    private static long micros(long start) {
        return Math.max(0, (System.nanoTime() - start) / 1000);
    }

    /**
     * The structure of an answer's data, never a value: when it starts with a certificate, a CVC
     * or one of the card's data files (tags {@code 30}, {@code 7F21}, {@code FF10}...{@code FF50})
     * that parses as BER-TLV, its tags and lengths, nested ({@code 30(1130)[30(850)[A0(3)[02(1)] ...]]}),
     * a cut element marked {@code +} and bytes after it as {@code raw(n)}; otherwise only
     * {@code raw(n)}: data of another shape is not parsed, since its bytes taken as tags and
     * lengths would be values.
     *
     * @param data the bytes
     * @param n how many of them are data
     * @return the skeleton; "" for no data
     */
    public static String skeleton(byte[] data, int n) {
        if (n <= 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try {
            Element top = Element.at(data, 0, n);
            if (!STRUCTURED.contains(top.tag)) {
                return "raw(" + n + ")";
            }
            if (top.end() > n) {
                return top.tag + "(" + top.length + "+)";
            }
            describe(sb, data, top, 0);
            if (top.end() < n) {
                sb.append(" raw(").append(n - top.end()).append(')');
            }
            return sb.toString();
        } catch (IllegalArgumentException e) {
            return "raw(" + n + ")";
        }
    }

    private static void describe(StringBuilder sb, byte[] data, Element e, int depth) {
        sb.append(e.tag).append('(').append(e.length).append(')');
        if (!e.constructed || depth >= MAX_DEPTH || e.length == 0) {
            return;
        }
        List<Element> children = new ArrayList<>();
        int at = e.valueStart;
        try {
            while (at < e.end()) {
                Element c = Element.at(data, at, e.end());
                if (c.end() > e.end()) {
                    return;
                }
                children.add(c);
                at = c.end();
            }
        } catch (IllegalArgumentException x) {
            return; // content that is not TLV: the element's own tag and length only
        }
        sb.append('[');
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            describe(sb, data, children.get(i), depth + 1);
        }
        sb.append(']');
    }

    /** One BER-TLV header: tag in hex, whether constructed, value start and length. */
    private record Element(String tag, boolean constructed, int valueStart, int length) {

        int end() {
            return valueStart + length;
        }

        static Element at(byte[] d, int at, int limit) {
            int p = at;
            need(p < limit);
            int first = d[p++] & 0xFF;
            StringBuilder tag = new StringBuilder(String.format("%02X", first));
            if ((first & 0x1F) == 0x1F) {
                int more = 0;
                do {
                    need(p < limit && ++more <= 3);
                    tag.append(String.format("%02X", d[p] & 0xFF));
                } while ((d[p++] & 0x80) != 0);
            }
            need(p < limit);
            int len = d[p++] & 0xFF;
            if (len > 0x80) {
                int k = len & 0x7F;
                need(k <= 3 && p + k <= limit);
                len = 0;
                for (int i = 0; i < k; i++) {
                    len = (len << 8) | (d[p++] & 0xFF);
                }
            } else {
                need(len != 0x80); // indefinite length: not on this card
            }
            return new Element(tag.toString(), (first & 0x20) != 0, p, len);
        }

        private static void need(boolean ok) {
            if (!ok) {
                throw new IllegalArgumentException("not TLV");
            }
        }
    }
}
