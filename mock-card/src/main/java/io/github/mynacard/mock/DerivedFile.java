package io.github.mynacard.mock;

import java.util.function.Supplier;

/**
 * The content of a card-info or card-face file that costs a signature or an image: made from the
 * card when first read and kept ({@link CardIdentity#derived}). One class for all of them rather
 * than a lambda each: every load of a card makes these suppliers, and a lambda's class is spun at
 * every cold start.
 */
final class DerivedFile implements Supplier<byte[]> {

    private final CardIdentity card;
    private final String name;
    private final byte[] numberFile;
    private final byte[] basicFile;

    /**
     * @param card the card
     * @param name which file: {@code card-info 0004}, {@code card-info 0005} or {@code card-face 0002} to {@code 0005}
     */
    DerivedFile(CardIdentity card, String name) {
        this(card, name, null, null);
    }

    /**
     * @param card the card
     * @param name which file ({@code card-info 0003}, the integrity record, is made from two files as issued)
     * @param numberFile the card-info My Number file as issued
     * @param basicFile the card-info basic four file as issued
     */
    DerivedFile(CardIdentity card, String name, byte[] numberFile, byte[] basicFile) {
        this.card = card;
        this.name = name;
        this.numberFile = numberFile;
        this.basicFile = basicFile;
    }

    @Override
    public byte[] get() {
        return card.derived(name, this::make);
    }

    private byte[] make() {
        return switch (name) {
            case "card-info 0003" -> CardInfoIntegrity.integrityRecord(numberFile, basicFile, card.keys.cardInfo().getPrivate());
            case "card-info 0004" -> CardInfoIntegrity.cvc(card);
            case "card-info 0005" -> CardInfoIntegrity.basicInformation(card);
            case "card-face 0002" -> CardFaceFiles.cardFace(card);
            case "card-face 0003" -> CardFaceFiles.basicInformation(card);
            case "card-face 0004" -> CardFaceFiles.cvc(card);
            case "card-face 0005" -> CardFaceFiles.myNumberImage(card);
            default -> throw new IllegalArgumentException("no derived file " + name);
        };
    }
}
