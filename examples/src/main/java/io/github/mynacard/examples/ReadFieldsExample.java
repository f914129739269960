package io.github.mynacard.examples;

import io.github.mynacard.CardFields;
import io.github.mynacard.MyNumber;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.mock.MynaCardEmulator;
import java.util.Arrays;

/**
 * Example: reads the card fields (the My Number and the basic four information) of an emulated
 * card, after checking the card-info PIN's counter without spending an attempt.
 *
 * <p>Run with {@code java -cp examples/target/mynacard.jar io.github.mynacard.examples.ReadFieldsExample}.
 * With a real card, open a {@code PcscTransport} instead of the emulator.
 */
public final class ReadFieldsExample {

    private ReadFieldsExample() {
    }

    /**
     * @param args ignored
     * @throws Exception when the card refuses
     */
    public static void main(String[] args) throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        // a test PIN; a real program reads it from the holder (e.g. Console.readPassword) as char[]
        char[] pin = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();
        try (MynaCard card = MynaCard.open(emulator)) {
            PinStatus status = card.pinStatus(PinKind.CARD_INFO_INPUT);
            System.out.println("card-info PIN attempts left: " + status.remaining() + "/" + status.maxAttempts());
            CardFields fields = card.readCardFields(pin);
            System.out.println("My Number:  " + MyNumber.mask(fields.myNumber()));
            System.out.println("Name:       " + fields.name());
            System.out.println("Address:    " + fields.address());
            System.out.println("Birth date: " + fields.birthDate());
            System.out.println("Sex:        " + fields.sex());
        } finally {
            Arrays.fill(pin, '\0');
        }
    }
}
