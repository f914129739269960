package io.github.mynacard.examples.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import io.github.mynacard.PinKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

    /** What a file name or an option name is made of parts with: {@code . - _ , : @} and spaces. */
    private static final String PART_SEPARATORS = "[.\\-_,:@\\s]+";

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
            if (skip || NUMBER_OPTIONS.stream().anyMatch(o -> a.startsWith(o + "="))) {
                continue;
            }
            // a URL's port is a number the user chose, as --port is
            for (String piece : a.replaceAll("(://[^/]*?):[0-9]+(?=/|$)", "$1").split("[/=\\\\]")) {
                String name = piece.replaceFirst("^-{1,2}", "");
                if (Names.looksLikePin(piece)) {
                    secrets.add(piece.strip());
                } else if (!name.equals(piece) && Names.looksLikePin(name)) {
                    secrets.add(name.strip());
                }
                for (String part : piece.split(PART_SEPARATORS)) {
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

    /** The lengths of the PINs and verification numbers made of digits only: 4, 12 and 14. */
    private static final Set<Integer> DIGIT_PIN_LENGTHS = Arrays.stream(PinKind.values()).filter(PinKind::digitsOnly)
            .flatMap(k -> IntStream.rangeClosed(k.minLength(), k.maxLength()).boxed()).collect(Collectors.toSet());

    /**
     * Whether a part of a name (a file name's stem, a piece between dashes) has the form of a PIN:
     * digits as many as a PIN or verification number has (4, 12 or 14), or 6–16 upper-case letters
     * and digits with a digit (the signing password, which is upper case only). Stricter than
     * {@link Names#looksLikePin} for whole values, so that words such as {@code sha256},
     * {@code x509} or {@code v2}, and long random numbers such as a temporary directory's, stay
     * visible inside a name.
     */
    static boolean looksLikePinPart(String part) {
        return part.matches("[0-9]+") ? DIGIT_PIN_LENGTHS.contains(part.length())
                : part.matches("(?=.*[0-9])[A-Z0-9]{6,16}");
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
