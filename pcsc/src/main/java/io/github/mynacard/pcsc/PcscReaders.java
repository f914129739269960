package io.github.mynacard.pcsc;

import io.github.mynacard.transport.CardTransportException;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/** Lists the PC/SC readers attached to this computer. */
public final class PcscReaders {

    private PcscReaders() {
    }

    /**
     * Lists all readers with whether each holds a card. Talks to the PC/SC service but not to any card.
     *
     * @return the readers in PC/SC order; empty when none is attached
     * @throws CardTransportException {@code SERVICE_UNAVAILABLE} when pcscd is not running or the
     *     PC/SC library is missing; another reason for other PC/SC failures
     */
    public static List<ReaderInfo> list() throws CardTransportException {
        return list(Terminals.system());
    }

    static List<ReaderInfo> list(Terminals terminals) throws CardTransportException {
        List<CardTerminal> found = PcscTransport.listTerminals(terminals);
        List<ReaderInfo> result = new ArrayList<>(found.size());
        for (CardTerminal terminal : found) {
            boolean present;
            try {
                present = terminal.isCardPresent();
            } catch (CardException e) {
                present = false; // a reader that cannot report its state is listed as empty
            }
            result.add(new ReaderInfo(terminal.getName(), present));
        }
        return List.copyOf(result);
    }
}
