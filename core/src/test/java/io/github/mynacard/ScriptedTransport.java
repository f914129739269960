package io.github.mynacard;

import io.github.mynacard.transport.CardTransport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/** A strict fake card for unit tests: expected command → response pairs in order; records what was sent. */
final class ScriptedTransport implements CardTransport {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final Deque<String[]> script = new ArrayDeque<>();
    final List<String> sent = new ArrayList<>();

    /** Expect {@code commandHex} (spaces ignored) and answer {@code responseHex}. */
    ScriptedTransport expect(String commandHex, String responseHex) {
        script.add(new String[] {commandHex.replace(" ", "").toUpperCase(), responseHex.replace(" ", "")});
        return this;
    }

    /** Answer {@code responseHex} to whatever comes. */
    ScriptedTransport any(String responseHex) {
        script.add(new String[] {null, responseHex.replace(" ", "")});
        return this;
    }

    @Override
    public byte[] transmit(byte[] command) throws IOException {
        String c = HEX.formatHex(command);
        sent.add(c);
        String[] next = script.poll();
        if (next == null) {
            throw new AssertionError("unexpected command after the script ended: " + c);
        }
        if (next[0] != null && !next[0].equals(c)) {
            throw new AssertionError("expected " + next[0] + " but got " + c);
        }
        return HEX.parseHex(next[1]);
    }

    boolean finished() {
        return script.isEmpty();
    }
}
