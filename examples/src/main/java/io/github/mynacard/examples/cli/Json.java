package io.github.mynacard.examples.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON writer for the command line's {@code --json} output. Values are maps (objects, in
 * insertion order), collections (arrays), strings, numbers, booleans, enums (their name in lower case), null, and
 * {@link Raw} JSON text made elsewhere.
 */
public final class Json {

    private Json() {
    }

    /**
     * JSON text made by other code (such as a report's own JSON), written as it is, with its line
     * breaks and their indentation removed so the output stays on one line.
     *
     * @param text the JSON value; its strings must not hold line breaks
     */
    public record Raw(String text) {
        /** @param text the JSON value */
        public Raw {
            text = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", "");
        }
    }

    /**
     * @param e an enum constant
     * @return how the JSON output writes it: lower snake case ({@code MY_NUMBER_CARD} is
     *     {@code my_number_card})
     */
    public static String enumValue(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The one shape of every {@code --json} output: {@code "ok"}, {@code "command"}, for a failure
     * {@code "exitCode"}, {@code "reason"} (its stable name) and {@code "error"} (one line), then
     * the result's own fields.
     *
     * @param command the subcommand as typed (e.g. {@code cert show}), or null when none was recognised
     * @param exitCode the exit code
     * @param error the failure's line, or null on success
     * @param result the result's fields (may be empty)
     * @return the object
     */
    public static Map<String, Object> envelope(String command, int exitCode, String error, Map<String, Object> result) {
        Map<String, Object> all = object();
        all.put("ok", exitCode == 0);
        all.put("command", command);
        if (exitCode != 0) {
            all.put("exitCode", exitCode);
            all.put("reason", ExitCodes.reason(exitCode));
            all.put("error", error == null ? ExitCodes.reason(exitCode) : error);
        }
        for (Map.Entry<String, Object> e : result.entrySet()) {
            if (!all.containsKey(e.getKey())) {
                all.put(e.getKey(), e.getValue());
            }
        }
        return all;
    }

    /** @return an empty object that keeps insertion order */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    /**
     * @param value the value to write
     * @return its JSON text on one line
     * @throws IllegalArgumentException for a value of another type
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Raw r) {
            sb.append(r.text());
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Enum<?> e) {
            string(sb, enumValue(e));
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
