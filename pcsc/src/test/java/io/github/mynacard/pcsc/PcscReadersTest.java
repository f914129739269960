package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import org.junit.jupiter.api.Test;

class PcscReadersTest {

    private static CardTerminal terminal(String name, boolean present) throws CardException {
        CardTerminal t = mock(CardTerminal.class);
        when(t.getName()).thenReturn(name);
        when(t.isCardPresent()).thenReturn(present);
        return t;
    }

    @Test
    void listsNamesAndCardPresenceInPcscOrder() throws Exception {
        List<CardTerminal> terminals = List.of(terminal("Virtual PCD 00 00", true), terminal("Virtual PCD 00 01", false));
        assertEquals(List.of(new ReaderInfo("Virtual PCD 00 00", true), new ReaderInfo("Virtual PCD 00 01", false)),
                PcscReaders.list(() -> terminals));
    }

    @Test
    void aReaderThatCannotReportItsStateIsListedEmpty() throws Exception {
        CardTerminal broken = terminal("Broken", false);
        when(broken.isCardPresent()).thenThrow(new CardException("SCARD_E_READER_UNAVAILABLE"));
        assertEquals(List.of(new ReaderInfo("Broken", false)), PcscReaders.list(() -> List.of(broken)));
    }

    @Test
    void noReadersIsAnEmptyList() throws Exception {
        assertTrue(PcscReaders.list(List::of).isEmpty());
        assertTrue(PcscReaders.list(() -> {
            throw new CardException("list() failed", new Exception("SCARD_E_NO_READERS_AVAILABLE"));
        }).isEmpty());
    }

    @Test
    void stoppedServiceIsServiceUnavailable() {
        CardTransportException e = assertThrows(CardTransportException.class, () -> PcscReaders.list(() -> {
            throw new CardException("list() failed", new Exception("SCARD_E_SERVICE_STOPPED"));
        }));
        assertEquals(Reason.SERVICE_UNAVAILABLE, e.reason());
    }

    @Test
    void selectorsValidateAndDescribeThemselves() {
        assertThrows(IllegalArgumentException.class, () -> ReaderSelector.index(-1));
        assertThrows(IllegalArgumentException.class, () -> ReaderSelector.nameContains(" "));
        assertThrows(NullPointerException.class, () -> ReaderSelector.nameContains(null));
        assertEquals("reader #2", ReaderSelector.index(2).toString());
        assertEquals("reader named \"*PaSoRi*\"", ReaderSelector.nameContains("PaSoRi").toString());
        assertEquals("first reader with a JPKI card", ReaderSelector.firstJpkiCard().toString());
    }
}
