package io.github.mynacard.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An anonymised card report: what a card and its reader did with the fixed, read-only script of
 * {@link CardReporter}, kept as JSON that a holder can read before sharing it.
 *
 * <p>For each command the report keeps the command as sent (the script sends no data but the
 * public AIDs and file IDs of SELECT: never a PIN), the status word, the answer's length, its
 * skeleton (the BER-TLV tags and lengths of the data a file's known structure allows, or only its
 * length) and the time it took; besides, the ATR (the card's type, not the card), the reader's
 * name (parts in parentheses, where PC/SC puts a reader's serial number, removed), its protocol
 * and features. No byte of an answer's data is kept: certificates, serials, keys, names, numbers,
 * images and signatures appear as lengths and structure only. {@link #holds()} says so in
 * sentences, and {@link #parse} refuses a file that holds more (a command with data other than
 * SELECT's, a skeleton with other characters than tags and lengths).
 *
 * <p>The format is {@value #FORMAT}, version {@value #VERSION}; see {@code docs/card-report.md}.
 */
public final class CardReport {

    /** The format's name, the value of the report's {@code "format"}. */
    public static final String FORMAT = "mynacard-card-report";
    /** The format's version. */
    public static final int VERSION = 1;
    /** The largest report file {@link #read} takes. */
    public static final int MAX_BYTES = 1 << 20;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final Pattern HEX_TEXT = Pattern.compile("([0-9A-F]{2})*");
    private static final Pattern SKELETON_PART = Pattern.compile("([0-9A-F]{2,8}\\(\\d+(\\+)?\\)|raw\\(\\d+\\)|[\\[\\] ])*");

    /** How a command of the script addresses the card. */
    public enum Form {
        /** SELECT of an application by AID. */
        SELECT_APPLICATION("select-application"),
        /** SELECT of an elementary file by ID. */
        SELECT_FILE("select-file"),
        /** READ BINARY of the selected file at offset 0, short Le (256). */
        READ_SHORT("read-short"),
        /** READ BINARY of the selected file at offset 0, extended Le (65536). */
        READ_EXTENDED("read-extended"),
        /** READ BINARY by short EF identifier, short Le. */
        READ_SFI_SHORT("read-sfi-short"),
        /** READ BINARY by short EF identifier, extended Le. */
        READ_SFI_EXTENDED("read-sfi-extended"),
        /** READ BINARY near the file's end with a short Le of 256: how the card answers past the end. */
        READ_PAST_END("read-past-end"),
        /** READ BINARY of 1 byte of a file that needs a PIN, which is not verified. */
        READ_PROTECTED("read-protected"),
        /** VERIFY without data of the selected PIN file (the retry counter; spends nothing). */
        PIN_STATUS("pin-status"),
        /** VERIFY without data naming the PIN by its short EF identifier. */
        PIN_STATUS_SFI("pin-status-sfi"),
        /** GET RESPONSE with nothing pending. */
        GET_RESPONSE("get-response");

        private final String label;

        Form(String label) {
            this.label = label;
        }

        /** @return the form's name in the report */
        public String label() {
            return label;
        }

        /** @return whether the command carries an extended length */
        public boolean extended() {
            return this == READ_EXTENDED || this == READ_SFI_EXTENDED;
        }

        static Form of(String label) throws CardReportFormatException {
            for (Form f : values()) {
                if (f.label.equals(label)) {
                    return f;
                }
            }
            throw new CardReportFormatException("not a card report: unknown form \"" + label + "\"");
        }
    }

    /**
     * The reader and the card's answer to reset, as far as they identify a kind, not a card.
     *
     * @param name the reader's PC/SC name, with any part in parentheses removed, or "emulated"
     * @param atr the ATR in hex, or "" when unknown
     * @param protocol "T=0", "T=1" or "" when unknown
     * @param features the reader's features in words, or "" when unknown
     */
    public record Reader(String name, String atr, String protocol, String features) {

        /**
         * @param name the reader's PC/SC name (any part in parentheses is removed), or "emulated"
         * @param atr the ATR in hex, or ""
         * @param protocol "T=0", "T=1" or ""
         * @param features the reader's features in words, or ""
         * @throws NullPointerException when a value is null
         * @throws IllegalArgumentException when the ATR is not hex
         */
        public Reader {
            name = anonymousReaderName(Objects.requireNonNull(name, "name"));
            atr = Objects.requireNonNull(atr, "atr").toUpperCase(Locale.ROOT);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(features, "features");
            if (!HEX_TEXT.matcher(atr).matches() || atr.length() > 66) {
                throw new IllegalArgumentException("the ATR is not up to 33 bytes of hex");
            }
        }
    }

    /**
     * One command of the script and what came back.
     *
     * @param step the step's name, e.g. {@code "jpki.000A.read-extended"}
     * @param application the application's short name ({@code JPKI}, {@code CARD_INFO},
     *     {@code CARD_FACE}, {@code COMMON}, {@code RESIDENT_REGISTRY})
     * @param file the file ID in hex, or "" for a command on the application
     * @param form how the command addresses the card
     * @param command the command as sent, in hex
     * @param sw the status word, or -1 when the link failed (then {@code linkError} says why)
     * @param length the answer's data length in bytes
     * @param skeleton the answer's structure (see {@link CardReporter#skeleton}); "" for no data
     * @param linkError the link's failure reason (e.g. {@code EXTENDED_APDU_UNSUPPORTED}), or ""
     * @param micros how long the command took, in microseconds
     */
    public record Exchange(String step, String application, String file, Form form, String command, int sw,
            int length, String skeleton, String linkError, long micros) {

        /**
         * @param step the step's name
         * @param application the application's short name
         * @param file the file ID in hex, or ""
         * @param form how the command addresses the card
         * @param command the command as sent, in hex
         * @param sw the status word, or -1 when the link failed
         * @param length the answer's data length
         * @param skeleton the answer's structure, or ""
         * @param linkError the link's failure reason, or ""
         * @param micros the time taken, in microseconds
         * @throws NullPointerException when a value is null
         * @throws IllegalArgumentException when a value cannot be in a report (a command with data
         *     other than a SELECT's, a skeleton with other characters than tags and lengths)
         */
        public Exchange {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(skeleton, "skeleton");
            Objects.requireNonNull(linkError, "linkError");
            if (sw < -1 || sw > 0xFFFF || length < 0 || length > 65536 || micros < 0) {
                throw new IllegalArgumentException("a status word, length or time out of range in step " + step);
            }
            if ((sw == -1) == linkError.isEmpty()) {
                throw new IllegalArgumentException("step " + step + " needs a status word or a link error, not both");
            }
            if (!HEX_TEXT.matcher(command).matches() || command.length() < 8) {
                throw new IllegalArgumentException("step " + step + ": the command is not hex");
            }
            checkCarriesNothing(step, HEX.parseHex(command));
            if (skeleton.length() > 20000 || !SKELETON_PART.matcher(skeleton).matches()) {
                throw new IllegalArgumentException("step " + step + ": the skeleton holds more than tags and lengths");
            }
            if (!linkError.matches("[A-Z_]{0,40}")) {
                throw new IllegalArgumentException("step " + step + ": the link error is not a reason name");
            }
        }

        /** @return the status word in hex ("9000"), or "" when the link failed */
        public String swHex() {
            return sw < 0 ? "" : String.format("%04X", sw);
        }

        /** @return the command's bytes */
        public byte[] commandBytes() {
            return HEX.parseHex(command);
        }
    }

    private final String tool;
    private final LocalDate date;
    private final Reader reader;
    private final boolean shortApdusOnly;
    private final String token;
    private final List<Exchange> exchanges;

    /**
     * @param tool the program that made the report, e.g. {@code "mynacard 0.1.0"}
     * @param date the day it was made
     * @param reader the reader and ATR
     * @param shortApdusOnly whether the script left out the extended-length forms
     * @param token the JPKI token label when it is one of the known ones ({@code JPKIAPICCTOKEN2}
     *     ...), else ""
     * @param exchanges the commands in the order sent
     */
    public CardReport(String tool, LocalDate date, Reader reader, boolean shortApdusOnly, String token,
            List<Exchange> exchanges) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.date = Objects.requireNonNull(date, "date");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.shortApdusOnly = shortApdusOnly;
        this.token = Objects.requireNonNull(token, "token");
        if (!token.isEmpty() && !CardReporter.KNOWN_TOKENS.contains(token)) {
            throw new IllegalArgumentException("not a known JPKI token label");
        }
        this.exchanges = List.copyOf(exchanges);
    }

    /** @return the program that made the report */
    public String tool() {
        return tool;
    }

    /** @return the day the report was made */
    public LocalDate date() {
        return date;
    }

    /** @return the reader and ATR */
    public Reader reader() {
        return reader;
    }

    /** @return whether the script left out the extended-length forms ({@code --compatible}) */
    public boolean shortApdusOnly() {
        return shortApdusOnly;
    }

    /** @return the JPKI token label when known ({@code JPKIAPICCTOKEN2} on a My Number Card), else "" */
    public String token() {
        return token;
    }

    /** @return the commands in the order sent */
    public List<Exchange> exchanges() {
        return exchanges;
    }

    /**
     * @return what the report file holds and what it does not, in sentences for the holder who
     *     is about to share it
     */
    public List<String> holds() {
        return List.of(
                "the reader's name (without any part in parentheses, where a serial number may be), its protocol "
                        + "and features, and the card's ATR (its type and chip, the same on every card of a kind)",
                "for each of the " + exchanges.size() + " commands of the script: the command (only SELECTs carry data: the "
                        + "public application and file IDs), the status word, the answer's length, the structure of "
                        + "certificates and data files (tags and lengths) and the time it took",
                "no value from the card: no certificate, serial number, key, name, address, birth date, My Number, "
                        + "photo, image or signature; no PIN was asked for or sent, and no attempt was spent");
    }

    /**
     * The files and PINs the script met, one line each: the application, the file, its name, the
     * SELECT's status word and what the reads answered (status words and lengths).
     *
     * @return the lines, in the script's order
     */
    public List<String> summary() {
        Map<String, List<Exchange>> byTarget = new LinkedHashMap<>();
        for (Exchange e : exchanges) {
            byTarget.computeIfAbsent(e.application() + " " + e.file(), k -> new ArrayList<>()).add(e);
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<Exchange>> t : byTarget.entrySet()) {
            Exchange first = t.getValue().get(0);
            StringBuilder sb = new StringBuilder();
            String name = CardReporter.name(first.application(), first.file());
            if (first.file().isEmpty()) {
                sb.append(name.isEmpty() ? first.application() : name);
            } else {
                sb.append(first.application()).append(" EF ").append(first.file());
                if (!name.isEmpty()) {
                    sb.append(" (").append(name).append(')');
                }
            }
            sb.append(':');
            for (Exchange e : t.getValue()) {
                sb.append(' ').append(e.form().label()).append(' ')
                        .append(e.sw() < 0 ? "link: " + e.linkError().toLowerCase(Locale.ROOT).replace('_', ' ') : e.swHex());
                if (e.length() > 0) {
                    sb.append(" (").append(e.length()).append(" bytes)");
                }
                sb.append(',');
            }
            sb.setLength(sb.length() - 1);
            lines.add(sb.toString());
        }
        return lines;
    }

    /** Refuses a command that carries data other than a SELECT's AID or file ID. */
    static void checkCarriesNothing(String step, byte[] c) {
        int ins = c[1] & 0xFF;
        boolean select = (c[0] == 0x00) && ins == 0xA4;
        if (select) {
            return;
        }
        boolean allowed = c[0] == 0x00 && (ins == 0xB0 || ins == 0x20 || ins == 0xC0);
        int maxLength = ins == 0xB0 || ins == 0xC0 ? 7 : 4;
        if (!allowed || c.length > maxLength || (ins == 0x20 && c.length != 4)) {
            throw new IllegalArgumentException("step " + step + ": a command a card report never holds");
        }
    }

    static String anonymousReaderName(String name) {
        String n = name.replaceAll("\\s*\\([^)]*\\)", "").replaceAll("\\p{Cntrl}", " ").trim();
        return n.length() > 200 ? n.substring(0, 200) : n;
    }

    // ------------------------------------------------------------------ JSON

    /**
     * @return the report as JSON text, one command per line, ending with a line end
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        field(sb, "format", FORMAT);
        field(sb, "version", VERSION);
        field(sb, "tool", tool);
        field(sb, "date", date.toString());
        field(sb, "holds", holds());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", reader.name());
        r.put("atr", reader.atr());
        r.put("protocol", reader.protocol());
        r.put("features", reader.features());
        field(sb, "reader", r);
        field(sb, "shortApdusOnly", shortApdusOnly);
        field(sb, "token", token);
        sb.append("  \"summary\": [\n");
        List<String> summary = summary();
        for (int i = 0; i < summary.size(); i++) {
            sb.append("    ");
            ReportJson.write(sb, summary.get(i));
            sb.append(i + 1 < summary.size() ? ",\n" : "\n");
        }
        sb.append("  ],\n");
        sb.append("  \"exchanges\": [\n");
        for (int i = 0; i < exchanges.size(); i++) {
            Exchange e = exchanges.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", e.step());
            m.put("application", e.application());
            m.put("file", e.file());
            m.put("form", e.form().label());
            m.put("command", e.command());
            m.put("sw", e.swHex());
            m.put("length", e.length());
            m.put("skeleton", e.skeleton());
            m.put("linkError", e.linkError());
            m.put("micros", e.micros());
            sb.append("    ");
            ReportJson.write(sb, m);
            sb.append(i + 1 < exchanges.size() ? ",\n" : "\n");
        }
        sb.append("  ]\n}\n");
        return sb.toString();
    }

    private static void field(StringBuilder sb, String key, Object value) {
        sb.append("  ");
        ReportJson.write(sb, key);
        sb.append(": ");
        ReportJson.write(sb, value);
        sb.append(",\n");
    }

    /**
     * Reads a report file.
     *
     * @param file the file
     * @return the report
     * @throws CardReportFormatException when the file is not a report of this format and version,
     *     or is larger than {@value #MAX_BYTES} bytes
     * @throws IOException when the file cannot be read
     */
    public static CardReport read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new CardReportFormatException("not a card report: larger than " + MAX_BYTES + " bytes");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CardReportFormatException("not a card report: not UTF-8 text");
        }
        return parse(text);
    }

    /**
     * Parses a report's JSON text. What {@link #toJson()} writes is read back as it was, except the
     * summary and the sentences, which are made anew.
     *
     * @param json the text
     * @return the report
     * @throws CardReportFormatException when the text is not a report of this format and version,
     *     or holds a value a report cannot hold
     */
    public static CardReport parse(String json) throws CardReportFormatException {
        Object root = ReportJson.parse(json);
        if (!(root instanceof Map<?, ?> m)) {
            throw new CardReportFormatException("not a card report: not a JSON object");
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new CardReportFormatException("not a card report: \"format\" is not \"" + FORMAT + "\"");
        }
        if (!Long.valueOf(VERSION).equals(m.get("version"))) {
            throw new CardReportFormatException("a card report of version " + m.get("version")
                    + ", which this version of the library does not read (it reads version " + VERSION + ")");
        }
        try {
            Map<?, ?> r = map(m, "reader");
            Reader reader = new Reader(text(r, "name"), text(r, "atr"), text(r, "protocol"), text(r, "features"));
            List<Exchange> exchanges = new ArrayList<>();
            Object list = m.get("exchanges");
            if (!(list instanceof List<?> l)) {
                throw new CardReportFormatException("not a card report: no \"exchanges\" list");
            }
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> e)) {
                    throw new CardReportFormatException("not a card report: an exchange is not an object");
                }
                String sw = text(e, "sw");
                if (!sw.isEmpty() && !sw.matches("[0-9A-F]{4}")) {
                    throw new CardReportFormatException("not a card report: a status word is not 4 hex digits");
                }
                exchanges.add(new Exchange(text(e, "step"), text(e, "application"), text(e, "file"),
                        Form.of(text(e, "form")), text(e, "command"), sw.isEmpty() ? -1 : Integer.parseInt(sw, 16),
                        Math.toIntExact(number(e, "length")), text(e, "skeleton"), text(e, "linkError"),
                        number(e, "micros")));
            }
            Object shortOnly = m.get("shortApdusOnly");
            if (!(shortOnly instanceof Boolean)) {
                throw new CardReportFormatException("not a card report: \"shortApdusOnly\" is not true or false");
            }
            return new CardReport(text(m, "tool"), LocalDate.parse(text(m, "date")), reader, (Boolean) shortOnly,
                    text(m, "token"), exchanges);
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw new CardReportFormatException("not a card report: " + e.getMessage());
        }
    }

    private static Map<?, ?> map(Map<?, ?> m, String key) throws CardReportFormatException {
        if (m.get(key) instanceof Map<?, ?> v) {
            return v;
        }
        throw new CardReportFormatException("not a card report: \"" + key + "\" is not an object");
    }

    private static String text(Map<?, ?> m, String key) throws CardReportFormatException {
        if (m.get(key) instanceof String s) {
            return s;
        }
        throw new CardReportFormatException("not a card report: \"" + key + "\" is missing or not text");
    }

    private static long number(Map<?, ?> m, String key) throws CardReportFormatException {
        if (m.get(key) instanceof Long n) {
            return n;
        }
        throw new CardReportFormatException("not a card report: \"" + key + "\" is missing or not a whole number");
    }

    @Override
    public String toString() {
        return "CardReport[" + reader.name() + ", " + exchanges.size() + " commands, " + date + "]";
    }
}
