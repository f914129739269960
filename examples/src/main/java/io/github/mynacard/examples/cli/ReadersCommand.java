package io.github.mynacard.examples.cli;

import io.github.mynacard.pcsc.PcscReaders;
import io.github.mynacard.pcsc.ReaderInfo;
import io.github.mynacard.pcsc.ReaderSelector;
import io.github.mynacard.transport.CardTransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code mynacard readers}: the PC/SC readers, each with the index {@code --reader} takes, its
 * name, whether it holds a card and whether it is a virtual reader. Talks to the PC/SC service
 * only, never to a card.
 */
@Command(name = "readers", header = "List the PC/SC card readers (index, name, card present, virtual or not).",
        mixinStandardHelpOptions = true,
        description = {"List the card readers the PC/SC service (pcscd) knows, in its order: the index that "
            + "'--reader INDEX' takes, the name ('--reader NAME' takes any part of it, ignoring case), whether a card is in "
            + "the reader (any card, not necessarily a My Number Card) and whether it is a virtual reader. No card is "
            + "talked to and no PIN is needed.",
            "'--reader auto' takes the first reader whose card answers as a My Number Card, and skips virtual readers "
                + "(such as vsmartcard's 'Virtual PCD'), where any program on the machine can put a card: to use one, "
                + "name it or give its index.",
            "No reader, or no PC/SC service: a sentence on standard error and exit code " + ExitCodes.NO_READER_OR_CARD
                + "."})
public final class ReadersCommand extends BaseCommand {

    static final String NO_SERVICE = "no PC/SC service: pcscd is not running (or the PC/SC library is not installed), "
            + "so no reader can be listed; start it (for example 'sudo systemctl start pcscd.socket') and run again";

    static final String NO_READER = "the PC/SC service lists no card reader: plug one in (and check that its driver "
            + "is installed), then run again";

    @Override
    protected int execute() {
        List<ReaderInfo> readers;
        try {
            readers = PcscReaders.list();
        } catch (CardTransportException e) {
            boolean noService = e.reason() == CardTransportException.Reason.SERVICE_UNAVAILABLE;
            return failure(noService ? ExitCodes.NO_READER_OR_CARD : ExitCodes.CARD_ERROR, noService ? NO_SERVICE
                    : "the PC/SC service could not list the readers; run again, or restart pcscd if it keeps failing");
        }
        if (readers.isEmpty()) {
            return failure(ExitCodes.NO_READER_OR_CARD, NO_READER);
        }
        if (json()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < readers.size(); i++) {
                ReaderInfo r = readers.get(i);
                Map<String, Object> o = Json.object();
                o.put("index", i);
                o.put("name", r.name());
                o.put("cardPresent", r.cardPresent());
                o.put("virtual", ReaderSelector.isVirtualReader(r.name()));
                o.put("option", "--reader " + i);
                list.add(o);
            }
            Map<String, Object> o = Json.object();
            o.put("readers", list);
            printJson(o);
            return ExitCodes.OK;
        }
        int width = readers.stream().mapToInt(r -> r.name().length()).max().orElse(4);
        out().println(readers.size() == 1 ? "1 card reader:" : readers.size() + " card readers:");
        String firstVirtual = null;
        for (int i = 0; i < readers.size(); i++) {
            ReaderInfo r = readers.get(i);
            boolean virtual = ReaderSelector.isVirtualReader(r.name());
            if (virtual && firstVirtual == null) {
                firstVirtual = r.name();
            }
            out().println(String.format("  %2d  %-" + width + "s  %-12s%s", i, r.name(),
                    r.cardPresent() ? "card present" : "no card", virtual ? "  virtual reader" : ""));
        }
        out().println();
        out().println("Pick one with --reader INDEX (e.g. --reader 0) or --reader NAME (any part of its name); "
                + "--reader auto takes the first reader holding a My Number Card.");
        if (firstVirtual != null) {
            out().println("--reader auto skips virtual readers, where any program can put a card; to use one, name it: "
                    + "--reader '" + firstVirtual + "'.");
        }
        return ExitCodes.OK;
    }

    /** A run that found no reader to list: the line on standard error, and with --json the failure object. */
    private int failure(int code, String line) {
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("readers", List.of());
            printJson(o, code, line);
        } else {
            failed(line);
        }
        return code;
    }
}
