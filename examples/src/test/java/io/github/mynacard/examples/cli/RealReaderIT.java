package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The safe self-test against a card in a real reader: opt-in, only when the system property
 * {@code mynacard.reader} names the reader (skipped otherwise). It sends no PIN: card type, the
 * four PIN counters (spending nothing), the authentication and CA certificates and their validity.
 *
 * <pre>
 * mvn -B -pl examples -am verify -Dmynacard.reader="Reader name" -Dtest=RealReaderIT -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "mynacard.reader", matches = ".+",
        disabledReason = "opt-in: set -Dmynacard.reader=\"Reader name\" to run the safe checks against a real card")
class RealReaderIT extends CliTestBase {

    @Test
    void theSafeChecksPassWithoutSendingAPin() {
        String reader = System.getProperty("mynacard.reader");
        Result r = run("", Map.of(), null, "self-test", "--reader", reader, "--wait", "10");
        System.out.println(r.out());
        System.err.println(r.err());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS  card type"), r.out());
        assertTrue(r.out().contains("(no PIN is sent)"), r.out());
        assertTrue(r.out().contains("PASS  authentication certificate signed by the card's CA"), r.out());
        assertTrue(r.out().matches("(?s).*--allow-list\\): [0-9a-f]{64}.*"), r.out());
    }
}
