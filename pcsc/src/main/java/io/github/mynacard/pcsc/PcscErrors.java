package io.github.mynacard.pcsc;

import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.smartcardio.CardNotPresentException;

/**
 * Turns {@code javax.smartcardio} failures into {@link CardTransportException}s.
 *
 * <p>The JDK reports PC/SC return codes only as text: a {@code CardException} whose cause (an
 * internal {@code PCSCException}) carries the pcsc-lite name such as {@code SCARD_W_RESET_CARD}.
 * This class looks for that name anywhere in the cause chain. Windows' own error codes, which
 * WinSCard returns too, come as {@code WINDOWS_ERROR_INVALID_PARAMETER} (the only one the JDK names)
 * or as {@code Unknown error 0x7a}.
 */
final class PcscErrors {

    private static final Pattern SCARD_CODE = Pattern.compile("SCARD_[EWFP]_[A-Z_]+");
    private static final Pattern WINDOWS_CODE = Pattern.compile(
            "WINDOWS_ERROR_INVALID_PARAMETER|Unknown error 0x([0-9a-fA-F]{1,8})\\b");

    /**
     * The PC/SC failures that, for an extended-length command, mean that the reader or its driver
     * could not carry it: pcsc-lite's CCID driver fails a reader that exchanges short APDUs only
     * with {@code SCARD_E_NOT_TRANSACTED}; a response larger than the receive buffer gives
     * {@code SCARD_E_INSUFFICIENT_BUFFER}; a length the driver refuses, {@code SCARD_E_INVALID_PARAMETER}
     * or {@code SCARD_E_INVALID_VALUE}; and Windows' WinSCard the plain Windows codes below.
     */
    private static final java.util.Set<String> CANNOT_CARRY = java.util.Set.of("SCARD_E_NOT_TRANSACTED",
            "SCARD_E_INSUFFICIENT_BUFFER", "SCARD_E_INVALID_PARAMETER", "SCARD_E_INVALID_VALUE",
            "ERROR_INVALID_PARAMETER", "ERROR_INSUFFICIENT_BUFFER", "ERROR_NOT_SUPPORTED");

    /** What the JDK itself throws for an extended-length command on a card connected with T=0. */
    private static final String JDK_T0_EXTENDED = "Extended length forms not supported for T=0";

    private PcscErrors() {
    }

    /**
     * @param failure what {@code javax.smartcardio} threw
     * @param action what this module was doing, for the message (for example "transmit")
     * @param inSession true once a card was connected: a missing card then means it was removed
     * @return the typed exception, with {@code failure} as its cause
     */
    static CardTransportException map(Throwable failure, String action, boolean inSession) {
        if (failure instanceof CardTransportException) {
            return (CardTransportException) failure;
        }
        String code = pcscCode(failure);
        Reason reason = reasonFor(failure, code, inSession);
        if (code == null) {
            code = windowsCode(failure);
        }
        StringBuilder message = new StringBuilder(action).append(" failed: ").append(describe(reason));
        if (code != null) {
            message.append(" (").append(code).append(')');
        } else if (failure.getMessage() != null) {
            message.append(" (").append(failure.getMessage()).append(')');
        }
        return new CardTransportException(reason, message.toString(), failure);
    }

    /**
     * Maps a failed transmit, recognising a reader that cannot carry an extended-length command.
     *
     * @param failure what {@code javax.smartcardio} threw
     * @param command the command that failed; only its length fields are looked at
     * @return {@link Reason#EXTENDED_APDU_UNSUPPORTED} when {@code command} is extended-length and the
     *     failure is one of those a reader gives for an APDU it cannot carry; otherwise as
     *     {@link #map(Throwable, String, boolean)} in a session. Never that reason for a short command.
     */
    static CardTransportException mapTransmit(Throwable failure, byte[] command) {
        if (isExtendedLength(command) && !(failure instanceof CardTransportException)) {
            String code = cannotCarryCode(failure);
            if (code != null) {
                return new CardTransportException(Reason.EXTENDED_APDU_UNSUPPORTED,
                        "transmit failed: " + describe(Reason.EXTENDED_APDU_UNSUPPORTED) + " (" + code + ")", failure);
            }
        }
        return map(failure, "transmit", true);
    }

    /**
     * @param failure what {@code javax.smartcardio} threw
     * @return the code (or the JDK's message) by which {@code failure} says a command could not be
     *     carried, or null when it says something else
     */
    static String cannotCarryCode(Throwable failure) {
        String code = pcscCode(failure);
        if (code == null) {
            code = windowsCode(failure);
        }
        if (code != null) {
            return CANNOT_CARRY.contains(code) ? code : null;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(JDK_T0_EXTENDED)) {
                return JDK_T0_EXTENDED;
            }
        }
        return null;
    }

    /**
     * Whether a command APDU has the extended-length form: Lc or Le in three bytes
     * ({@code 00 xx xx}), as ISO/IEC 7816-3 cases 2E, 3E and 4E encode them. Reads the header and
     * length bytes only.
     *
     * @param c the command
     * @return true for a well-formed extended-length command
     */
    static boolean isExtendedLength(byte[] c) {
        if (c == null || c.length < 7 || c[4] != 0) {
            return false;
        }
        if (c.length == 7) {
            return true; // case 2E: 00 Le Le
        }
        int lc = ((c[5] & 0xFF) << 8) | (c[6] & 0xFF);
        return lc != 0 && (c.length == 7 + lc || c.length == 9 + lc); // case 3E, case 4E
    }

    /**
     * @return the Windows error named in the messages of the cause chain ({@code ERROR_…}), or
     *     {@code ERROR_0x…} for one without a name here, or null
     */
    static String windowsCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage();
            if (text == null) {
                continue;
            }
            Matcher m = WINDOWS_CODE.matcher(text);
            if (m.find()) {
                if (m.group(1) == null) {
                    return "ERROR_INVALID_PARAMETER";
                }
                switch ((int) Long.parseLong(m.group(1), 16)) {
                    case 0x32:
                        return "ERROR_NOT_SUPPORTED";
                    case 0x57:
                        return "ERROR_INVALID_PARAMETER";
                    case 0x7A:
                        return "ERROR_INSUFFICIENT_BUFFER";
                    default:
                        return "ERROR_0x" + m.group(1).toUpperCase(java.util.Locale.ROOT);
                }
            }
        }
        return null;
    }

    /** @return the first {@code SCARD_…} name in the messages of the cause chain, or null */
    static String pcscCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t.getMessage();
            if (text != null) {
                Matcher m = SCARD_CODE.matcher(text);
                if (m.find()) {
                    return m.group();
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Reason reasonFor(Throwable failure, String code, boolean inSession) {
        if (failure instanceof CardNotPresentException) {
            return inSession ? Reason.CARD_REMOVED : Reason.NO_CARD;
        }
        if (code == null) {
            if (String.valueOf(failure.getMessage()).contains("Exclusive access has already been assigned")) {
                // the JDK shares one Card per reader and process; another thread here holds it
                return Reason.SHARING_VIOLATION;
            }
            if (failure instanceof IllegalStateException) {
                // javax.smartcardio: "Card has been disconnected" / "Channel has been closed"
                return Reason.CLOSED;
            }
            return Reason.OTHER;
        }
        switch (code) {
            case "SCARD_E_NO_READERS_AVAILABLE":
            case "SCARD_E_UNKNOWN_READER":
            case "SCARD_E_READER_UNAVAILABLE":
                return Reason.NO_READER;
            case "SCARD_E_NO_SMARTCARD":
            case "SCARD_W_UNPOWERED_CARD":
            case "SCARD_W_UNRESPONSIVE_CARD":
            case "SCARD_W_UNSUPPORTED_CARD":
                return inSession ? Reason.CARD_REMOVED : Reason.NO_CARD;
            case "SCARD_W_REMOVED_CARD":
                return Reason.CARD_REMOVED;
            case "SCARD_W_RESET_CARD":
                return Reason.CARD_RESET;
            case "SCARD_E_SHARING_VIOLATION":
                return Reason.SHARING_VIOLATION;
            case "SCARD_E_NO_SERVICE":
            case "SCARD_E_SERVICE_STOPPED":
            case "SCARD_E_NO_ACCESS":
                return Reason.SERVICE_UNAVAILABLE;
            case "SCARD_E_TIMEOUT":
                return Reason.TIMEOUT;
            default:
                return Reason.OTHER;
        }
    }

    static String describe(Reason reason) {
        switch (reason) {
            case NO_READER:
                return "no such card reader, or it was disconnected";
            case NO_CARD:
                return "no card in the reader";
            case CARD_REMOVED:
                return "the card was removed";
            case CARD_RESET:
                return "the card was reset by another program or the reader; select the application again";
            case SHARING_VIOLATION:
                return "another program is using the card exclusively";
            case SERVICE_UNAVAILABLE:
                return "the PC/SC service (pcscd) is not running or not reachable";
            case TIMEOUT:
                return "the reader did not answer in time";
            case EXTENDED_APDU_UNSUPPORTED:
                return "the reader or its driver cannot carry an extended-length APDU; the card never saw it";
            case CLOSED:
                return "the connection to the card is closed";
            default:
                return "PC/SC error";
        }
    }
}
