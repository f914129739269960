package io.github.mynacard.pcsc;

import java.util.Objects;

/**
 * One PC/SC reader as seen when it was listed.
 *
 * @param name the reader's PC/SC name, for example {@code "Virtual PCD 00 00"}
 * @param cardPresent whether the reader reported a card in it when listed (any card, not
 *     necessarily a My Number Card)
 */
public record ReaderInfo(String name, boolean cardPresent) {

    /**
     * @param name the reader's PC/SC name
     * @param cardPresent whether a card was present
     * @throws NullPointerException if {@code name} is null
     */
    public ReaderInfo {
        Objects.requireNonNull(name, "name");
    }
}
