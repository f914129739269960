package io.github.mynacard.examples.cli;

import io.github.mynacard.examples.bench.ApduEconomy;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mynacard bench apdus}: the APDU-economy report of {@link ApduEconomy}. */
@Command(name = "apdus", header = "APDUs and bytes per operation, fast and fallback paths (no card needed).",
        mixinStandardHelpOptions = true,
        description = {"The APDU-economy report: each typed operation in a new session on in-process emulated cards, once on "
            + "the fast path (short EF identifiers, extended-length reads) and once on the fallback path (a cautious card), "
            + "with the APDUs and bytes each way, the minimum for the operation and the time on two modelled links "
            + "(contactless 212 kbit/s, contact T=1 at 9600 baud). Uses no card, no reader and no state file.",
            "With --json: the rows in the array operations."})
public final class BenchApdusCommand extends BaseCommand {

    @Override
    protected int execute() throws Exception {
        List<ApduEconomy.Row> rows = ApduEconomy.measure();
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("operations", new Json.Raw(ApduEconomy.json(rows)));
            printJson(o);
        } else {
            out().print(ApduEconomy.table(rows));
        }
        return ExitCodes.OK;
    }
}
