package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import javax.smartcardio.CardException;
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
}
