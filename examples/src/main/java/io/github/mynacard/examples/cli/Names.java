package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Names the command line shows and accepts: the PINs with their official Japanese names, the
 * certificates and keys, and the converters for their command-line names.
 */
final class Names {

    /**
     * Dates on the card are shown in Japan's time: UTC+09:00, which has had no daylight saving time
     * since 1951. A fixed offset, not the region {@code Asia/Tokyo}: a region makes the JDK load its
     * time-zone database and search the class path for providers, about 15 ms of every start.
     */
    static final ZoneId JAPAN = java.time.ZoneOffset.ofHours(9);

    private Names() {
    }

    /**
     * @param kind a PIN
     * @return its English name with the official Japanese name beside it
     */
    static String pin(PinKind kind) {
        return kind.englishName() + " (" + kind.japaneseName() + ")";
    }

    /**
     * Wraps a paragraph at spaces, never inside a word, for text output: the first line starts with
     * {@code first}, the others with as many spaces. A word longer than the width stays whole.
     *
     * @param first the first line's prefix (e.g. {@code "  1. "})
     * @param text the paragraph
     * @param width the line width (e.g. 80)
     * @return the lines joined by newlines
     */
    static String wrap(String first, String text, int width) {
        String indent = " ".repeat(first.length());
        StringBuilder out = new StringBuilder(first);
        int col = first.length();
        boolean lineStart = true;
        for (String word : text.strip().split(" +")) {
            int w = word.codePointCount(0, word.length()) + (int) word.codePoints().filter(c -> c >= 0x1100).count();
            if (!lineStart && col + 1 + w > width) {
                out.append('\n').append(indent);
                col = indent.length();
                lineStart = true;
            }
            if (!lineStart) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += w;
            lineStart = false;
        }
        return out.toString();
    }

    /**
     * @param ctx the process context
     * @return the width of text output: {@code $COLUMNS} when it is a number from 40 to 500, else 80
     */
    static int width(CliContext ctx) {
        try {
            int c = Integer.parseInt(String.valueOf(ctx.env("COLUMNS")).strip());
            return c >= 40 && c <= 500 ? c : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /**
     * @param kind a PIN or verification number
     * @return what it is made of, in one line for the prompt (the verification numbers, and every
     *     new PIN): e.g. 照合番号B's 14 digits and where each part is printed on the card
     */
    static String shape(PinKind kind) {
        return switch (kind) {
            case SIGNING -> "The signing password is 6 to 16 characters: upper-case letters A-Z and digits 0-9, half-width (半角).";
            case USER_AUTH, RESIDENT_REGISTRY, CARD_INFO_INPUT -> "This PIN is 4 digits 0-9, half-width (半角).";
            case CARD_INFO_NUMBER_A, CARD_FACE_NUMBER_A -> "照合番号A is the card's 12-digit My Number, as printed on the back.";
            case CARD_INFO_NUMBER_B, CARD_FACE_NUMBER_B -> "照合番号B is 14 digits: the birth date in the Japanese era as YYMMDD "
                    + "(1990-04-01 is 平成2年4月1日: 020401), the card's expiry year YYYY (有効期限) and the 4-digit security code "
                    + "printed on the card (セキュリティコード).";
        };
    }

    /**
     * @param kind a PIN
     * @return its command-line name: signing, user, resident or card-info
     */
    static String option(PinKind kind) {
        return switch (kind) {
            case SIGNING -> "signing";
            case USER_AUTH -> "user";
            case RESIDENT_REGISTRY -> "resident";
            case CARD_INFO_INPUT -> "card-info";
            case CARD_INFO_NUMBER_A -> "card-info-a";
            case CARD_INFO_NUMBER_B -> "card-info-b";
            case CARD_FACE_NUMBER_A -> "face-a";
            case CARD_FACE_NUMBER_B -> "face-b";
        };
    }

    /**
     * @param which a certificate
     * @return its command-line name: auth, auth-ca, signing or signing-ca
     */
    static String option(JpkiCertificate which) {
        return switch (which) {
            case AUTHENTICATION -> "auth";
            case AUTHENTICATION_CA -> "auth-ca";
            case SIGNING -> "signing";
            case SIGNING_CA -> "signing-ca";
        };
    }

    /**
     * @param which a certificate
     * @return its English name with the official Japanese name
     */
    static String certificate(JpkiCertificate which) {
        return switch (which) {
            case AUTHENTICATION -> "user-authentication certificate (利用者証明用電子証明書)";
            case AUTHENTICATION_CA -> "user-authentication CA certificate (利用者証明用CA証明書)";
            case SIGNING -> "signing certificate (署名用電子証明書)";
            case SIGNING_CA -> "signing CA certificate (署名用CA証明書)";
        };
    }

    /**
     * @param date an instant from a certificate
     * @return the day it falls on in Japan
     */
    static LocalDate japanDate(Date date) {
        return date.toInstant().atZone(JAPAN).toLocalDate();
    }

    /**
     * Refuses a value that looks like a PIN where a name was expected, without quoting it.
     *
     * @param value the command-line value
     * @return true when it looks like a PIN (4 or more digits, or 4–16 letters and digits with a digit)
     */
    static boolean looksLikePin(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip();
        if (v.length() >= 4 && asciiDigits(v)) {
            return true; // four digits or more
        }
        if (v.length() < 4 || v.length() > 16) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return digit; // 4 to 16 ASCII letters and digits, with a digit
    }

    /**
     * @param s a text
     * @return whether it is one ASCII digit or more, and nothing else
     */
    static boolean asciiDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The message for a PIN given as a command-line value. */
    static final String PIN_AS_ARGUMENT = "a PIN was given on the command line and was refused: PINs are never taken from "
            + "arguments (they would stay in the shell history and the process list); type them at the prompt, or use "
            + "--pin-stdin or --pin-env NAME. Nothing was sent to the card.";

    /** Converts signing, user, resident and card-info. */
    static final class PinKindConverter implements ITypeConverter<PinKind> {
        @Override
        public PinKind convert(String value) {
            for (PinKind k : PinKind.values()) {
                if (option(k).equalsIgnoreCase(value.strip())) {
                    return k;
                }
            }
            throw new TypeConversionException(looksLikePin(value) ? PIN_AS_ARGUMENT
                    : "expected signing, user, resident or card-info");
        }
    }

    /** Converts auth, auth-ca, signing and signing-ca. */
    static final class CertificateConverter implements ITypeConverter<JpkiCertificate> {
        @Override
        public JpkiCertificate convert(String value) {
            for (JpkiCertificate c : JpkiCertificate.values()) {
                if (option(c).equalsIgnoreCase(value.strip())) {
                    return c;
                }
            }
            throw new TypeConversionException(looksLikePin(value) ? PIN_AS_ARGUMENT
                    : "expected auth, auth-ca, signing or signing-ca");
        }
    }

    /** Converts auth and signing. */
    static final class KeyConverter implements ITypeConverter<JpkiKey> {
        @Override
        public JpkiKey convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("auth")) {
                return JpkiKey.AUTHENTICATION;
            }
            if (v.equals("signing")) {
                return JpkiKey.SIGNING;
            }
            throw new TypeConversionException(looksLikePin(value) ? PIN_AS_ARGUMENT : "expected auth or signing");
        }
    }

    /**
     * Converts a date option.
     *
     * @param value the text given
     * @return the date
     * @throws picocli.CommandLine.TypeConversionException when it is not {@code YYYY-MM-DD}, in words
     */
    static java.time.LocalDate date(String value) {
        try {
            return java.time.LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a date as YYYY-MM-DD");
        }
    }

    /** Converts the holder's sex as the help lists it: male, female, not_applicable, unknown (any case). */
    static final class SexConverter implements picocli.CommandLine.ITypeConverter<io.github.mynacard.Sex> {
        @Override
        public io.github.mynacard.Sex convert(String value) {
            for (io.github.mynacard.Sex s : io.github.mynacard.Sex.values()) {
                if (s.name().equalsIgnoreCase(value.strip().replace('-', '_').replace(' ', '_'))) {
                    return s;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected male, female, not_applicable or unknown");
        }
    }
}
