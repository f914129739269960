package io.github.mynacard.pcsc;

import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
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
        return () -> {
            PcscLibrary.ensureConfigured();
            TerminalFactory factory = TerminalFactory.getDefault();
            if ("None".equals(factory.getType())) {
                // the JDK could not load the PC/SC library at all
                throw new CardException("PC/SC library not available (" + PcscLibrary.LIBRARY_PROPERTY + "="
                        + System.getProperty(PcscLibrary.LIBRARY_PROPERTY) + "): SCARD_E_NO_SERVICE");
            }
            return factory.terminals().list();
        };
    }
}
