package io.github.mynacard.apdu;

import java.util.HexFormat;

/**
 * Status words the My Number Card and ISO 7816-4 use, with readable names for error messages.
 */
public final class StatusWords {

    /** Success. */
    public static final int SUCCESS = 0x9000;
    /** Verification failed, no retry counter (or query on a key without one). */
    public static final int VERIFY_FAILED_NO_COUNTER = 0x6300;
    /** Security status not satisfied. */
    public static final int SECURITY_STATUS_NOT_SATISFIED = 0x6982;
    /** Authentication method blocked. */
    public static final int AUTH_METHOD_BLOCKED = 0x6983;
    /** Referenced data (a key or PIN) blocked. */
    public static final int REFERENCE_DATA_BLOCKED = 0x6984;
    /** Conditions of use not satisfied. */
    public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    /** Command not allowed (no current EF). */
    public static final int COMMAND_NOT_ALLOWED = 0x6986;
    /** Command incompatible with file structure. */
    public static final int INCOMPATIBLE_FILE_STRUCTURE = 0x6981;
    /** Incorrect parameters in the data field. */
    public static final int WRONG_DATA = 0x6A80;
    /** Function not supported. */
    public static final int FUNCTION_NOT_SUPPORTED = 0x6A81;
    /** File or application not found. */
    public static final int FILE_NOT_FOUND = 0x6A82;
    /** Record not found. */
    public static final int RECORD_NOT_FOUND = 0x6A83;
    /** Incorrect P1 or P2. */
    public static final int WRONG_P1P2 = 0x6A86;
    /** Referenced data not found. */
    public static final int REFERENCED_DATA_NOT_FOUND = 0x6A88;
    /** Wrong length. */
    public static final int WRONG_LENGTH = 0x6700;
    /** Wrong parameters: offset outside the file. */
    public static final int OFFSET_OUTSIDE_FILE = 0x6B00;
    /** End of file reached before Le bytes were read: the answer carries the bytes there are (a warning). */
    public static final int END_OF_FILE = 0x6282;
    /** Instruction not supported. */
    public static final int INS_NOT_SUPPORTED = 0x6D00;
    /** Class not supported. */
    public static final int CLA_NOT_SUPPORTED = 0x6E00;
    /** No precise diagnosis. */
    public static final int NO_PRECISE_DIAGNOSIS = 0x6F00;

    private StatusWords() {
    }

    /**
     * Whether {@code sw} is a PIN retry answer {@code 63C0}–{@code 63CF}. Only these (and the
     * blocked words {@code 6983}, {@code 6984}) are PIN results; no looser mask is used.
     *
     * @param sw a status word
     * @return true for {@code 63C0}–{@code 63CF}
     */
    public static boolean isRetryCounter(int sw) {
        return (sw & 0xFFF0) == 0x63C0;
    }

    /**
     * Formats a status word with its name, for example {@code 6982 (security status not satisfied)}.
     *
     * @param sw a status word (0..0xFFFF)
     * @return four hex digits and a readable name
     */
    public static String describe(int sw) {
        // not String.format: a refusal is routine (the signing certificate without its PIN), and a
        // command line would pay for the Formatter's start-up on every run that meets one
        return HexFormat.of().withUpperCase().toHexDigits((short) sw) + " (" + name(sw) + ")";
    }

    /**
     * A readable name of a status word.
     *
     * @param sw a status word
     * @return the name, or a description of its class when the word is not known exactly
     */
    public static String name(int sw) {
        sw &= 0xFFFF;
        if (isRetryCounter(sw)) {
            int left = sw & 0x0F;
            return "verification failed, " + left + (left == 1 ? " try left" : " tries left");
        }
        switch (sw) {
            case SUCCESS: return "success";
            case VERIFY_FAILED_NO_COUNTER: return "verification failed";
            case 0x6281: return "part of returned data may be corrupted";
            case END_OF_FILE: return "end of file reached before reading Le bytes";
            case 0x6581: return "memory failure";
            case WRONG_LENGTH: return "wrong length";
            case 0x6882: return "secure messaging not supported";
            case INCOMPATIBLE_FILE_STRUCTURE: return "command incompatible with file structure";
            case SECURITY_STATUS_NOT_SATISFIED: return "security status not satisfied";
            case AUTH_METHOD_BLOCKED: return "authentication method blocked";
            case REFERENCE_DATA_BLOCKED: return "referenced data blocked";
            case CONDITIONS_NOT_SATISFIED: return "conditions of use not satisfied";
            case COMMAND_NOT_ALLOWED: return "command not allowed, no current EF";
            case WRONG_DATA: return "incorrect data field";
            case FUNCTION_NOT_SUPPORTED: return "function not supported";
            case FILE_NOT_FOUND: return "file or application not found";
            case RECORD_NOT_FOUND: return "record not found";
            case 0x6A84: return "not enough memory space in the file";
            case WRONG_P1P2: return "incorrect P1 or P2";
            case REFERENCED_DATA_NOT_FOUND: return "referenced data not found";
            case OFFSET_OUTSIDE_FILE: return "offset outside the file";
            case INS_NOT_SUPPORTED: return "instruction not supported";
            case CLA_NOT_SUPPORTED: return "class not supported";
            case NO_PRECISE_DIAGNOSIS: return "no precise diagnosis";
            default:
                break;
        }
        int sw1 = sw >> 8;
        switch (sw1) {
            case 0x61: return (sw & 0xFF) + " more response bytes available";
            case 0x6C: return "wrong Le, " + (sw & 0xFF) + " bytes available";
            case 0x62: return "warning, state unchanged";
            case 0x63: return "warning, state changed";
            case 0x64: return "execution error, state unchanged";
            case 0x65: return "execution error, state changed";
            case 0x66: return "security-related error";
            case 0x68: return "function in CLA not supported";
            case 0x69: return "command not allowed";
            case 0x6A: return "wrong parameters";
            default: return "unknown status";
        }
    }
}
