package io.github.mynacard.pcsc;

import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/** Lists the PC/SC readers; an interface so tests can supply mocked terminals. */
@FunctionalInterface
interface Terminals {

    /**
     * @return the readers in PC/SC order, possibly empty
     * @throws CardException when PC/SC cannot list them
     */
    List<CardTerminal> list() throws CardException;

    /** @return the readers of the system's PC/SC service through the JDK's default factory */
    static Terminals system() {
        return () -> systemCardTerminals().list();
    }

    /**
     * @return a new {@code CardTerminals} of the system's PC/SC service, with its own record of the
     *     readers' states for {@code waitForChange} (the JDK's PC/SC context itself is one per process)
     * @throws CardException when the JDK could not load the PC/SC library
     */
    static CardTerminals systemCardTerminals() throws CardException {
        PcscLibrary.ensureConfigured();
        TerminalFactory factory = TerminalFactory.getDefault();
        if ("None".equals(factory.getType())) {
            // the JDK could not load the PC/SC library at all
            throw new CardException("PC/SC library not available (" + PcscLibrary.LIBRARY_PROPERTY + "="
                    + System.getProperty(PcscLibrary.LIBRARY_PROPERTY) + "): SCARD_E_NO_SERVICE");
        }
        return factory.terminals();
    }
}
