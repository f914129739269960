package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import java.io.InputStream;
import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every source of a PIN reads at most {@link Secret#MAX_CHARS} characters (and the line's end): a
 * longer entry, an endless stream or a huge environment variable is refused as bad input, quickly,
 * without quoting any of it and without spending an attempt; several PINs on standard input, one a
 * line, still work.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PinInputIsBoundedTest extends CliTestBase {

    private static final String TOKEN = "Z9Q7X4";

    @BeforeEach
    void makeCard() {
        newCard().close();
    }

    /** An input that never ends, giving {@code fill} forever and counting what was taken. */
    private static final class Endless extends InputStream {
        final AtomicLong taken = new AtomicLong();
        private final byte fill;

        Endless(byte fill) {
            this.fill = fill;
        }

        @Override
        public int read() {
            taken.incrementAndGet();
            return fill;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, fill);
            taken.addAndGet(len);
            return len;
        }
    }

    private Result withStdin(InputStream in, String... args) {
        return run(new CliContext(in, Map.of(), null, home), args);
    }

    private void assertRefusedAsTooLong(Result r, String... unshown) throws Exception {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("longer than " + Secret.MAX_CHARS + " characters"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertNotShown(r, unshown);
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), loadCard().remainingAttempts(k), k.name());
        }
    }

    @Test
    void anEndlessStreamOfNulIsRefusedAfterTheBound() throws Exception {
        Endless zeros = new Endless((byte) 0);
        Result r = withStdin(zeros, "verify", "--pin", "signing", "--pin-stdin", "--card", card.toString());
        assertRefusedAsTooLong(r, "\0");
        // the reader's own buffer is all that is read ahead
        assertTrue(zeros.taken.get() <= 64 * 1024, "read " + zeros.taken.get() + " bytes");
    }

    @Test
    void aHugeLineIsRefusedWithoutReadingItToTheEnd() throws Exception {
        Endless letters = new Endless((byte) 'Q');
        Result r = withStdin(letters, "verify", "--pin", "user", "--pin-stdin", "--card", card.toString(), "--json");
        assertRefusedAsTooLong(r, "QQ");
        assertTrue(r.out().startsWith("{\"ok\":false,\"command\":\"verify\",\"exitCode\":2,"), r.out());
        assertTrue(letters.taken.get() <= 64 * 1024, "read " + letters.taken.get() + " bytes");
    }

    @Test
    void aLineJustOverTheBoundIsRefusedAndOneAtTheBoundIsJudgedAsAPin() throws Exception {
        String atBound = TOKEN.repeat(20).substring(0, Secret.MAX_CHARS);
        Result over = stdin(atBound + "X\n", "verify", "--pin", "signing", "--pin-stdin", "--card", card.toString());
        assertRefusedAsTooLong(over, TOKEN);
        Result at = stdin(atBound + "\r\n", "verify", "--pin", "signing", "--pin-stdin", "--card", card.toString());
        assertEquals(ExitCodes.BAD_INPUT, at.code(), at.err());
        assertFalse(at.err().contains("longer than " + Secret.MAX_CHARS), "64 characters are read as an entry: " + at.err());
        assertNotShown(at, TOKEN);
        assertEquals(5, loadCard().remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void severalPinsOnStandardInputStillComeOneALine() throws Exception {
        Result r = stdin("4821\n1357\n", "change-pin", "--pin", "user", "--pin-stdin", "--card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(0, stdin("1357\r\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString()).code());
        Result second = stdin("1357\n" + "7".repeat(100) + "\n", "change-pin", "--pin", "user", "--pin-stdin", "--card",
                card.toString());
        assertRefusedAsTooLong(second, "7777");
        assertEquals(0, stdin("1357\n", "verify", "--pin", "user", "--pin-stdin", "--card", card.toString()).code(),
                "the PIN was not changed");
    }

    @Test
    void aHugeEnvironmentVariableIsRefused() throws Exception {
        Result r = run("", Map.of("MY_PIN", TOKEN.repeat(200_000)), null, "verify", "--pin", "signing", "--pin-env",
                "MY_PIN", "--card", card.toString());
        assertRefusedAsTooLong(r, TOKEN);
        assertTrue(r.err().contains("--pin-env"), r.err());
    }

    @Test
    void aLongEntryAtThePromptIsRefused() throws Exception {
        FakeTerminal t = new FakeTerminal(TOKEN.repeat(11));
        Result r = run("", Map.of(), t, "verify", "--pin", "signing", "--card", card.toString());
        assertRefusedAsTooLong(r, TOKEN);
        assertTrue(r.err().contains("prompt"), r.err());
    }

    @Test
    void readLineStopsAfterTheBound() throws Exception {
        String over = "A".repeat(Secret.MAX_CHARS + 10) + "\nNEXT\n";
        StringReader in = new StringReader(over);
        char[] first = Secret.readLine(in);
        assertEquals(Secret.MAX_CHARS + 1, first.length);
        assertEquals('A', (char) in.read(), "the rest of the long line was left unread");
        StringReader lines = new StringReader("1234\r\nABC\n\n");
        assertArrayEquals("1234".toCharArray(), Secret.readLine(lines));
        assertArrayEquals("ABC".toCharArray(), Secret.readLine(lines));
        assertArrayEquals(new char[0], Secret.readLine(lines));
        assertNull(Secret.readLine(lines));
        char[] exact = ("B".repeat(Secret.MAX_CHARS - 1) + "\r").toCharArray();
        assertEquals(Secret.MAX_CHARS - 1, Secret.readLine(new StringReader(new String(exact) + "\n")).length);
        assertEquals(Secret.MAX_CHARS, Secret.readLine(new StringReader("C".repeat(Secret.MAX_CHARS) + "\r\n")).length);
        assertEquals(Secret.MAX_CHARS + 1, Secret.readLine(new StringReader("C".repeat(Secret.MAX_CHARS) + "\rD")).length);
    }
}
