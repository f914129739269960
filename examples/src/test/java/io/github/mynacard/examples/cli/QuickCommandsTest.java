package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link QuickCommands} reads {@code status}'s options exactly as picocli does, and leaves every
 * argument it is not sure of to picocli.
 */
class QuickCommandsTest {

    private static StatusCommand picocli(String... args) {
        CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]), Map.of(), null, Path.of("/nonexistent"));
        CommandLine.ParseResult r = MynacardCli.newCommandLine(ctx).parseArgs(args);
        return (StatusCommand) r.subcommand().commandSpec().userObject();
    }

    private static String options(StatusCommand c) {
        TargetOptions t = c.target;
        return "json=" + c.json + " verbose=" + c.verbose + " showNumbers=" + c.showNumbers + " card=" + t.card + " fresh="
                + t.fresh + " force=" + t.force + " reader=" + t.reader + " wait=" + t.waitSeconds + " compatible="
                + t.compatible + " trace=" + t.trace;
    }

    @Test
    void theOptionsItTakesAreThoseOfPicocli() {
        List<String[]> runs = List.of(
                new String[] {"status"},
                new String[] {"status", "--json"},
                new String[] {"status", "--card", "/tmp/x.state"},
                new String[] {"status", "--card=/tmp/x.state", "--json", "-v"},
                new String[] {"status", "--verbose", "--trace", "--compatible", "--show-numbers", "--card", "rel/a b.state"},
                new String[] {"status", "--fresh", "--force", "--card", "c=d.state"},
                new String[] {"status", "--card=a=b", "--fresh"},
                new String[] {"status", "--reader", "auto"},
                new String[] {"status", "--reader=ACS ACR1252 0", "--json"},
                new String[] {"status", "--card", "status"},
                new String[] {"status", "--card", "1234"});
        for (String[] args : runs) {
            BaseCommand quick = QuickCommands.parse(args);
            assertNotNull(quick, Arrays.toString(args));
            assertEquals(options(picocli(args)), options((StatusCommand) quick), Arrays.toString(args));
        }
    }

    @Test
    void whatItIsNotSureOfIsLeftToPicocli() {
        List<String[]> runs = List.of(
                new String[] {},
                new String[] {"cert", "show", "auth"},
                new String[] {"--json", "status"}, // the caller moves common options first
                new String[] {"status", "--help"},
                new String[] {"status", "-h"},
                new String[] {"status", "--version"},
                new String[] {"status", "-V"},
                new String[] {"status", "--json", "--json"},
                new String[] {"status", "-v", "--verbose"},
                new String[] {"status", "--card", "a", "--card", "b"},
                new String[] {"status", "--card"},
                new String[] {"status", "--card", "--json"},
                new String[] {"status", "--card", ""},
                new String[] {"status", "--card="},
                new String[] {"status", "--card", "@args.txt"},
                new String[] {"status", "@args.txt"},
                new String[] {"status", "--json=true"},
                new String[] {"status", "--wait", "5", "--reader", "auto"},
                new String[] {"status", "--"},
                new String[] {"status", "extra"},
                new String[] {"status", "--jsn"},
                new String[] {"status", "-vx"},
                new String[] {"status", "--card", "a\u0000b"},
                new String[] {"status", "--pin", "1234"});
        for (String[] args : runs) {
            assertNull(QuickCommands.parse(args), Arrays.toString(args));
        }
    }
}
