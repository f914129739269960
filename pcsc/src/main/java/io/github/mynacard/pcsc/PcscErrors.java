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
 * This class looks for that name anywhere in the cause chain.
 */
final class PcscErrors {

    private static final Pattern SCARD_CODE = Pattern.compile("SCARD_[EWFP]_[A-Z_]+");

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
        StringBuilder message = new StringBuilder(action).append(" failed: ").append(describe(reason));
        if (code != null) {
            message.append(" (").append(code).append(')');
        } else if (failure.getMessage() != null) {
            message.append(" (").append(failure.getMessage()).append(')');
        }
        return new CardTransportException(reason, message.toString(), failure);
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
            case CLOSED:
                return "the connection to the card is closed";
            default:
                return "PC/SC error";
        }
    }
}
