package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mynacard.ReadStrategy;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompatibleOptionTest extends CliTestBase {

    private static ReadStrategy strategy(Map<String, String> env, String... args) {
        StatusCommand status = new StatusCommand();
        new CommandLine(status).parseArgs(args);
        return status.target.strategy(new CliContext(new ByteArrayInputStream(new byte[0]), env, null, Path.of("/tmp")));
    }

    @Test
    void theFastPathUnlessAskedForTheCompatibleOne() {
        assertEquals(ReadStrategy.FAST, strategy(Map.of()));
        assertEquals(ReadStrategy.COMPATIBLE, strategy(Map.of(), "--compatible"));
        assertEquals(ReadStrategy.COMPATIBLE, strategy(Map.of("MYNACARD_COMPATIBLE", "1")));
        assertEquals(ReadStrategy.COMPATIBLE, strategy(Map.of("MYNACARD_COMPATIBLE", "true")));
        assertEquals(ReadStrategy.FAST, strategy(Map.of("MYNACARD_COMPATIBLE", "0")));
    }

    @Test
    void fieldsReadOnTheCompatiblePath() {
        newCard().close();
        Result r = stdin("7364\n", "fields", "--compatible", "--pin-stdin", "--card", card.toString(), "--json");
        assertEquals(0, r.code(), r.err());
    }
}
