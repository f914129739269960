package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import javax.smartcardio.CardException;
import java.util.HexFormat;
import javax.smartcardio.CardNotPresentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PcscErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "SCARD_E_NO_READERS_AVAILABLE, NO_READER",
        "SCARD_E_UNKNOWN_READER, NO_READER",
        "SCARD_E_READER_UNAVAILABLE, NO_READER",
        "SCARD_E_NO_SMARTCARD, NO_CARD",
        "SCARD_W_REMOVED_CARD, CARD_REMOVED",
        "SCARD_W_RESET_CARD, CARD_RESET",
        "SCARD_E_SHARING_VIOLATION, SHARING_VIOLATION",
        "SCARD_E_NO_SERVICE, SERVICE_UNAVAILABLE",
        "SCARD_E_SERVICE_STOPPED, SERVICE_UNAVAILABLE",
        "SCARD_E_TIMEOUT, TIMEOUT",
        "SCARD_E_PROTO_MISMATCH, OTHER",
        "SCARD_F_COMM_ERROR, OTHER",
    })
    void mapsThePcscCodeInTheCause(String code, Reason reason) {
        CardException failure = new CardException("connect() failed", new Exception(code));
        CardTransportException e = PcscErrors.map(failure, "connecting", false);
        assertEquals(reason, e.reason());
        assertSame(failure, e.getCause());
        assertTrue(e.getMessage().contains(code), e.getMessage());
    }

    @Test
    void findsTheCodeInTheOuterMessageToo() {
        CardException failure = new CardException("sun.security.smartcardio.PCSCException: SCARD_W_RESET_CARD");
        assertEquals(Reason.CARD_RESET, PcscErrors.map(failure, "transmit", true).reason());
    }

    @Test
    void missingCardDuringASessionMeansRemoved() {
        CardException failure = new CardException("transmit() failed", new Exception("SCARD_E_NO_SMARTCARD"));
        assertEquals(Reason.CARD_REMOVED, PcscErrors.map(failure, "transmit", true).reason());
        assertEquals(Reason.NO_CARD, PcscErrors.map(new CardNotPresentException("x"), "connect", false).reason());
        assertEquals(Reason.CARD_REMOVED, PcscErrors.map(new CardNotPresentException("x"), "transmit", true).reason());
    }

    @Test
    void disconnectedCardIsClosed() {
        assertEquals(Reason.CLOSED,
                PcscErrors.map(new IllegalStateException("Card has been disconnected"), "transmit", true).reason());
    }

    @Test
    void unknownFailureIsOtherWithItsMessage() {
        CardTransportException e = PcscErrors.map(new CardException("weird"), "transmit", true);
        assertEquals(Reason.OTHER, e.reason());
        assertTrue(e.getMessage().contains("weird"));
    }

    /** Extended-length commands: case 2E (Le 2 bytes), 3E (Lc 2 bytes), 4E (both). */
    private static final String[] EXTENDED = {"00B00000000000", "00B000000001F4", "002200000000030102030100", "00880000000003010203", "008800000000030102030000"};
    /** Short ones, including a short read with Le 00 (256) and short commands with data. */
    private static final String[] SHORT = {"00A4040C0AD392F000260100000001", "00B0000000", "00B00000F4", "8020008000", "00200080083132333435363738"};

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @ParameterizedTest
    @CsvSource({
        // pcsc-lite, in the shape the JDK reports it
        "sun.security.smartcardio.PCSCException: SCARD_E_NOT_TRANSACTED, SCARD_E_NOT_TRANSACTED",
        "sun.security.smartcardio.PCSCException: SCARD_E_INSUFFICIENT_BUFFER, SCARD_E_INSUFFICIENT_BUFFER",
        "sun.security.smartcardio.PCSCException: SCARD_E_INVALID_PARAMETER, SCARD_E_INVALID_PARAMETER",
        "sun.security.smartcardio.PCSCException: SCARD_E_INVALID_VALUE, SCARD_E_INVALID_VALUE",
        // Windows' WinSCard: the JDK names 0x57 and prints the others as unknown
        "sun.security.smartcardio.PCSCException: WINDOWS_ERROR_INVALID_PARAMETER, ERROR_INVALID_PARAMETER",
        "sun.security.smartcardio.PCSCException: Unknown error 0x57, ERROR_INVALID_PARAMETER",
        "sun.security.smartcardio.PCSCException: Unknown error 0x7a, ERROR_INSUFFICIENT_BUFFER",
        "sun.security.smartcardio.PCSCException: Unknown error 0x32, ERROR_NOT_SUPPORTED",
        // the JDK itself, on a card connected with T=0
        "Extended length forms not supported for T=0, Extended length forms not supported for T=0",
    })
    void anExtendedCommandTheReaderCannotCarryIsExtendedApduUnsupported(String jdkMessage, String code) {
        for (String command : EXTENDED) {
            CardException failure = new CardException(jdkMessage);
            CardTransportException e = PcscErrors.mapTransmit(failure, hex(command));
            assertEquals(Reason.EXTENDED_APDU_UNSUPPORTED, e.reason(), command + ": " + e.getMessage());
            assertSame(failure, e.getCause());
            assertTrue(e.getMessage().contains("cannot carry an extended-length APDU") && e.getMessage().contains(code),
                    e.getMessage());
        }
        for (String command : SHORT) {
            CardTransportException e = PcscErrors.mapTransmit(new CardException(jdkMessage), hex(command));
            assertEquals(Reason.OTHER, e.reason(), command + ": a short command is never " + e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "SCARD_W_REMOVED_CARD, CARD_REMOVED",
        "SCARD_W_RESET_CARD, CARD_RESET",
        "SCARD_E_NO_SMARTCARD, CARD_REMOVED",
        "SCARD_E_TIMEOUT, TIMEOUT",
        "SCARD_F_COMM_ERROR, OTHER",
        "Unknown error 0x5, OTHER",
    })
    void otherFailuresOfAnExtendedCommandKeepTheirReason(String code, Reason reason) {
        CardException failure = new CardException("transmit() failed", new Exception(code));
        assertEquals(reason, PcscErrors.mapTransmit(failure, hex(EXTENDED[0])).reason());
    }

    @Test
    void extendedLengthIsReadFromTheLengthBytes() {
        for (String command : EXTENDED) {
            assertTrue(PcscErrors.isExtendedLength(hex(command)), command);
        }
        for (String command : SHORT) {
            assertFalse(PcscErrors.isExtendedLength(hex(command)), command);
        }
        // malformed: a 3-byte Lc that does not match the length, Lc 0000, too short
        for (String command : new String[] {"00880000000005010203", "008800000000000102", "00B000000000", "00B0"}) {
            assertFalse(PcscErrors.isExtendedLength(hex(command)), command);
        }
    }

    @Test
    void windowsCodesAppearInTheMessage() {
        CardTransportException e = PcscErrors.map(new CardException("sun.security.smartcardio.PCSCException: Unknown error 0x7a"),
                "transmit", true);
        assertEquals(Reason.OTHER, e.reason());
        assertTrue(e.getMessage().contains("ERROR_INSUFFICIENT_BUFFER"), e.getMessage());
    }
}
