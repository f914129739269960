package io.github.mynacard.examples.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import io.github.mynacard.PinKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence against a PIN given where a name was expected: every piece of the
 * command line that looks like a PIN (a whole argument, an option's name or {@code =value}, one
 * segment of a path, or a part of a segment such as a file name's stem before its extension) is
 * replaced by {@code ****} wherever the command would print it, on standard output and standard
 * error alike. Commands also refuse such values before they are used; this filter
 * makes sure a message that quotes one anyway cannot show it.
 */
final class Redactor {

    static final String MASK = "****";

    /**
     * Options whose value is never a secret: a number the user chose for the machine (a port,
     * seconds, a seed) or a date, which may well look like a PIN ("1975").
     */
    private static final Set<String> NUMBER_OPTIONS = Set.of("--port", "--wait", "--timeout", "--max-age", "--seed",
            "--birth-date", "--certificate-issue-date", "--card-expiry-date", "--municipality-code");

    /**
     * What a file name or an option name is made of parts with: {@code . - _ , : @} and white space
     * (as {@code \\s} of a regular expression has it: space, tab, line feed, vertical tab, form
     * feed, carriage return).
     */
    private static boolean partSeparator(char c) {
        return c == '.' || c == '-' || c == '_' || c == ',' || c == ':' || c == '@'
                || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private final Pattern pattern;

    private Redactor(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * @param args the command line
     * @return a redactor for the pieces of it that look like a PIN
     */
    static Redactor forArguments(String... args) {
        Set<String> secrets = new LinkedHashSet<>();
        boolean valueOfNumberOption = false;
        for (String a : args) {
            if (a == null) {
                continue;
            }
            boolean skip = valueOfNumberOption;
            valueOfNumberOption = NUMBER_OPTIONS.contains(a);
            if (skip || isNumberOptionWithValue(a)) {
                continue;
            }
            // a URL's port is a number the user chose, as --port is (only a URL has "://")
            String withoutPorts = a.contains("://") ? a.replaceAll("(://[^/]*?):[0-9]+(?=/|$)", "$1") : a;
            for (String piece : split(withoutPorts, false)) {
                String name = withoutLeadingDashes(piece);
                if (Names.looksLikePin(piece)) {
                    secrets.add(piece.strip());
                } else if (!name.equals(piece) && Names.looksLikePin(name)) {
                    secrets.add(name.strip());
                }
                for (String part : split(piece, true)) {
                    if (looksLikePinPart(part)) {
                        secrets.add(part);
                    }
                }
            }
        }
        if (secrets.isEmpty()) {
            return new Redactor(null);
        }
        List<String> sorted = new ArrayList<>(secrets);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder re = new StringBuilder("(?<![A-Za-z0-9])(?:");
        for (int i = 0; i < sorted.size(); i++) {
            re.append(i == 0 ? "" : "|").append(Pattern.quote(sorted.get(i)));
        }
        re.append(")(?![A-Za-z0-9])");
        return new Redactor(Pattern.compile(re.toString()));
    }

    /** Whether an argument is {@code --OPTION=VALUE} of one of {@link #NUMBER_OPTIONS}. */
    private static boolean isNumberOptionWithValue(String a) {
        int eq = a.indexOf('=');
        return eq > 0 && NUMBER_OPTIONS.contains(a.substring(0, eq));
    }

    /** The argument without one or two leading {@code -}. */
    private static String withoutLeadingDashes(String piece) {
        int n = 0;
        while (n < 2 && n < piece.length() && piece.charAt(n) == '-') {
            n++;
        }
        return piece.substring(n);
    }

    /**
     * Splits as {@link String#split(String)} would with the regular expression {@code [/=\\]}
     * (paths and {@code =}), or with {@code [.\-_,:@\s]+} (the parts of a name) when {@code parts}:
     * a leading empty piece is kept, trailing empty ones are dropped, and a text without a
     * separator is one piece, itself.
     */
    static List<String> split(String text, boolean parts) {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean found = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean sep = parts ? partSeparator(c) : c == '/' || c == '=' || c == '\\';
            if (!sep) {
                i++;
                continue;
            }
            found = true;
            out.add(text.substring(start, i));
            i++;
            while (parts && i < text.length() && partSeparator(text.charAt(i))) {
                i++; // a run of separators is one
            }
            start = i;
        }
        if (!found) {
            out.add(text);
            return out;
        }
        out.add(text.substring(start));
        int size = out.size();
        while (size > 0 && out.get(size - 1).isEmpty()) {
            size--;
        }
        return out.subList(0, size);
    }

    /** The lengths of the PINs and verification numbers made of digits only: 4, 12 and 14. */
    private static final Set<Integer> DIGIT_PIN_LENGTHS = digitPinLengths();

    private static Set<Integer> digitPinLengths() {
        Set<Integer> lengths = new java.util.HashSet<>();
        for (PinKind k : PinKind.values()) {
            if (k.digitsOnly()) {
                for (int n = k.minLength(); n <= k.maxLength(); n++) {
                    lengths.add(n);
                }
            }
        }
        return lengths;
    }

    /**
     * Whether a part of a name (a file name's stem, a piece between dashes) has the form of a PIN:
     * digits as many as a PIN or verification number has (4, 12 or 14), or 6–16 upper-case letters
     * and digits with a digit (the signing password, which is upper case only). Stricter than
     * {@link Names#looksLikePin} for whole values, so that words such as {@code sha256},
     * {@code x509} or {@code v2}, and long random numbers such as a temporary directory's, stay
     * visible inside a name.
     */
    static boolean looksLikePinPart(String part) {
        if (Names.asciiDigits(part)) {
            return DIGIT_PIN_LENGTHS.contains(part.length());
        }
        if (part.length() < 6 || part.length() > 16) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return digit; // upper-case letters and digits, 6 to 16, with a digit
    }

    /**
     * @param text some output
     * @return the text with every PIN-like argument masked
     */
    String redact(String text) {
        return pattern == null ? text : pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    /**
     * @param w where output goes
     * @return a writer that masks PIN-like arguments line by line (flushing also ends a piece)
     */
    PrintWriter wrap(PrintWriter w) {
        if (pattern == null) {
            return w;
        }
        return new PrintWriter(new LineFilter(w), true);
    }

    /** Holds output until a line ends (or a flush), then writes it masked. */
    private final class LineFilter extends FilterWriter {
        private final StringBuilder pending = new StringBuilder();

        LineFilter(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            pending.append((char) c);
            if (c == '\n') {
                drain();
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(cbuf[i]);
            }
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(str.charAt(i));
            }
        }

        private void drain() throws IOException {
            if (pending.length() > 0) {
                out.write(redact(pending.toString()));
                pending.setLength(0);
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            out.close();
        }
    }
}
