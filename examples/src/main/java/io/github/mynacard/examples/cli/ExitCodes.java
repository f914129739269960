package io.github.mynacard.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of the {@code mynacard} command line; the table is shown in every {@code --help}. */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** An unexpected error (a bug, or a file that could not be written). */
    public static final int UNEXPECTED = 1;
    /** Bad input: usage, a malformed PIN, a corrupted card state file, a PIN given as an argument. */
    public static final int BAD_INPUT = 2;
    /** The card refused a wrong PIN; one attempt was spent. */
    public static final int WRONG_PIN = 3;
    /** The PIN is blocked. */
    public static final int PIN_BLOCKED = 4;
    /** Only one attempt was left and it was not allowed to be spent; nothing was sent. */
    public static final int LAST_ATTEMPT_REFUSED = 5;
    /** No reader, no card in it, or no PC/SC service. */
    public static final int NO_READER_OR_CARD = 6;
    /** Any other refusal or failure of the card. */
    public static final int CARD_ERROR = 7;
    /**
     * A signature does not verify (or is malformed), or card data is not genuine: {@code verify-signature},
     * {@code fields --check-authenticity}.
     */
    public static final int SIGNATURE_INVALID = 8;
    /**
     * The signature verifies, but a certificate's chain does not validate against {@code --trust-anchors}
     * ({@code verify-signature}, {@code cert show}).
     */
    public static final int NOT_TRUSTED = 9;
    /** {@code self-test}: at least one check failed. */
    public static final int SELF_TEST_FAILED = 10;
    /**
     * A server could not be reached or did not answer: {@code login} (or its TLS handshake failed), a
     * time-stamping authority, an OCSP responder or a CRL's URL that a signature needs.
     */
    public static final int NETWORK = 11;
    /**
     * A certificate was revoked: a signature made after its certificate's revocation, a login or
     * {@code cert show} with a revoked certificate, or a signing refused because the card's own
     * signing certificate is revoked (then nothing was sent to the card).
     */
    public static final int REVOKED = 12;

    private ExitCodes() {
    }

    /**
     * The stable name of an exit code, for the {@code "reason"} of a JSON failure.
     *
     * @param code an exit code
     * @return its name in lower snake case
     */
    public static String reason(int code) {
        return switch (code) {
            case OK -> "ok";
            case BAD_INPUT -> "bad_input";
            case WRONG_PIN -> "wrong_pin";
            case PIN_BLOCKED -> "pin_blocked";
            case LAST_ATTEMPT_REFUSED -> "last_attempt_refused";
            case NO_READER_OR_CARD -> "no_reader_or_card";
            case CARD_ERROR -> "card_error";
            case SIGNATURE_INVALID -> "signature_invalid";
            case NOT_TRUSTED -> "not_trusted";
            case SELF_TEST_FAILED -> "self_test_failed";
            case NETWORK -> "network";
            case REVOKED -> "certificate_revoked";
            default -> "unexpected";
        };
    }

    /** @return each exit code with its meaning, for the help text */
    public static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(" " + OK, "success");
        m.put(" " + UNEXPECTED, "unexpected error");
        m.put(" " + BAD_INPUT, "bad input: usage, malformed PIN, corrupted card state file, PIN given as an argument");
        m.put(" " + WRONG_PIN, "wrong PIN (one attempt spent)");
        m.put(" " + PIN_BLOCKED, "PIN blocked");
        m.put(" " + LAST_ATTEMPT_REFUSED, "last attempt refused by the guard (nothing sent)");
        m.put(" " + NO_READER_OR_CARD, "no reader, no card, or no PC/SC service");
        m.put(" " + CARD_ERROR, "other card error (the card refused, or the link failed)");
        m.put(" " + SIGNATURE_INVALID, "signature invalid, or card data not genuine");
        m.put(" " + NOT_TRUSTED, "certificate chain not valid against --trust-anchors");
        m.put(" " + SELF_TEST_FAILED, "self-test: a check failed");
        m.put(NETWORK + "", "server unreachable or no answer (login, TSA, OCSP, CRL), or TLS handshake failed");
        m.put(REVOKED + "", "certificate revoked (before the signing time, or now for a login or a new signature)");
        return m;
    }
}
