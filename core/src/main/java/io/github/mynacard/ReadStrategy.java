package io.github.mynacard;

/**
 * How the library addresses files and PINs on the card.
 */
public enum ReadStrategy {
    /**
     * The default: short EF identifiers in READ BINARY and VERIFY (no SELECT of the file) and one
     * extended-length READ BINARY per file, as public implementations use on real cards. The first
     * time the card refuses either (an answer of {@code 6700}, {@code 6A81}, {@code 6A86},
     * {@code 6A88} or {@code 6986} to such a command), the library falls back for the rest of the
     * session to the compatible form, so the operation still succeeds.
     */
    FAST,
    /**
     * SELECT of each file, then short READ BINARY of at most 256 bytes, as OpenSC and most public
     * readers do. Works with every reader, including those without extended-length support.
     */
    COMPATIBLE
}
