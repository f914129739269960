package io.github.mynacard.pcsc;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which PC/SC reader {@link PcscTransport#open(ReaderSelector, java.time.Duration)} uses.
 *
 * <p>The default, {@link #firstJpkiCard()}, finds the card by what it answers, not by its ATR:
 * contactless readers synthesise ATRs, and card generations differ, so only a successful SELECT of
 * the JPKI application identifies a My Number Card reliably. It never picks a virtual reader (see
 * {@link #isVirtualReader(String)}); {@link #nameContains(String)} and {@link #index(int)} reach
 * every reader, virtual ones included.
 */
public final class ReaderSelector {

    enum Kind { JPKI_CARD, NAME, EXACT_NAME, INDEX }

    /**
     * What the name of a virtual reader contains (ignoring case): {@code "Virtual PCD"}, the name
     * vsmartcard's virtual reader driver (vpcd) gives its readers ({@code "Virtual PCD 00 00"} with
     * pcsc-lite). Any program that can reach vpcd's port puts a card into such a reader, so a card
     * there proves nothing about a card in someone's hand.
     */
    static final List<String> VIRTUAL_READER_MARKERS = List.of("virtual pcd");

    private final Kind kind;
    private final String nameFragment;
    private final int index;

    private ReaderSelector(Kind kind, String nameFragment, int index) {
        this.kind = kind;
        this.nameFragment = nameFragment;
        this.index = index;
    }

    /**
     * The first reader, in PC/SC list order, whose card answers {@code SELECT} of the JPKI AID
     * ({@code D3 92 F0 00 26 01 00 00 00 01}) with {@code 90 00}. Readers whose card answers
     * anything else (for example {@code 6A 82}) or that hold no card are skipped, and so are virtual
     * readers ({@link #isVirtualReader(String)}), without any command sent to their card: a program
     * could have put a fake card there. When nothing else is found, the failure names the virtual
     * readers it skipped; to use one, name it with {@link #nameContains(String)} or {@link #index(int)}.
     *
     * @return the selector
     */
    public static ReaderSelector firstJpkiCard() {
        return new ReaderSelector(Kind.JPKI_CARD, null, -1);
    }

    /**
     * The reader named {@code fragment} (ignoring case) when there is one, else the first reader
     * whose name contains {@code fragment}, ignoring case. The card in it is not checked.
     *
     * @param fragment part of the reader name, for example {@code "PaSoRi"} or {@code "Virtual PCD 00 00"}
     * @return the selector
     * @throws IllegalArgumentException if {@code fragment} is blank
     */
    public static ReaderSelector nameContains(String fragment) {
        Objects.requireNonNull(fragment, "fragment");
        if (fragment.isBlank()) {
            throw new IllegalArgumentException("reader name fragment must not be blank");
        }
        return new ReaderSelector(Kind.NAME, fragment, -1);
    }

    /**
     * The reader whose PC/SC name is {@code name}, exactly (case included), as
     * {@link PcscReaders#list()} and {@link ReaderEvent#reader()} give it: with several readers of
     * similar names (one name a part of another), the one meant and no other. The card in it is not
     * checked.
     *
     * @param name the reader's full PC/SC name, for example {@code "Virtual PCD 00 01"}
     * @return the selector
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static ReaderSelector exactName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("reader name must not be blank");
        }
        return new ReaderSelector(Kind.EXACT_NAME, name, -1);
    }

    /**
     * The reader at {@code index} (0-based) in the PC/SC list, as {@link PcscReaders#list()}
     * returns it. The card in it is not checked.
     *
     * @param index the 0-based position
     * @return the selector
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public static ReaderSelector index(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("reader index must not be negative: " + index);
        }
        return new ReaderSelector(Kind.INDEX, null, index);
    }

    /**
     * Whether automatic reader choice ({@link #firstJpkiCard()}) skips the reader of this name: a
     * virtual reader, whose name contains {@code "Virtual PCD"} ignoring case (vsmartcard's vpcd,
     * for example {@code "Virtual PCD 00 00"}). Naming the reader still reaches it.
     *
     * @param readerName a reader's PC/SC name
     * @return true for a virtual reader
     */
    public static boolean isVirtualReader(String readerName) {
        String name = Objects.requireNonNull(readerName, "readerName").toLowerCase(Locale.ROOT);
        return VIRTUAL_READER_MARKERS.stream().anyMatch(name::contains);
    }

    Kind kind() {
        return kind;
    }

    String nameFragment() {
        return nameFragment;
    }

    int indexValue() {
        return index;
    }

    /** @return a description for messages, for example {@code reader named "*PaSoRi*"} */
    @Override
    public String toString() {
        switch (kind) {
            case NAME:
                return "reader named \"*" + nameFragment + "*\"";
            case EXACT_NAME:
                return "reader named \"" + nameFragment + "\"";
            case INDEX:
                return "reader #" + index;
            default:
                return "first reader with a JPKI card";
        }
    }
}
