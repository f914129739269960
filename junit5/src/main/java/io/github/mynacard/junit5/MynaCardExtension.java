package io.github.mynacard.junit5;

import io.github.mynacard.mock.MynaCardEmulator;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands every test method parameter of type {@link MynaCardEmulator} a
 * fresh card, so no test sees PINs spent or verified by another. It lives in its own artifact,
 * {@code mynacard-junit5}, whose JUnit dependency is {@code provided}: the JUnit 5 version of the
 * build that uses it is the one that runs (the extension uses only {@code ParameterResolver}, in
 * every JUnit Jupiter 5 release).
 *
 * <p>Default cards:
 * <pre>{@code
 * @ExtendWith(MynaCardExtension.class)
 * class MyTest {
 *     @Test
 *     void readsTheToken(MynaCardEmulator card) throws IOException {
 *         byte[] answer = card.transmit(HexFormat.of().parseHex("00A4040C0AD392F000260100000001"));
 *     }
 * }
 * }</pre>
 *
 * <p>Customised cards:
 * <pre>{@code
 * @RegisterExtension
 * static MynaCardExtension card = MynaCardExtension.with(b -> b.userPin("1111"));
 * }</pre>
 * Each parameter gets a card built from a new {@link MynaCardEmulator#builder()} passed through the
 * customiser. Building a card takes milliseconds: its keys are made from a shipped pool of test
 * primes.
 *
 * <p>Two holders in one test: every card is another card (its own keys and certificates, from a
 * random seed), and a parameter annotated with {@link Holder} gets a card with that holder's data
 * and, when given, seed. Or a customiser that also sees the parameter's index:
 * <pre>{@code
 * @RegisterExtension
 * static MynaCardExtension cards = MynaCardExtension.withEach((index, b) -> b.seed(100 + index));
 * }</pre>
 */
public final class MynaCardExtension implements ParameterResolver {

    private final BiConsumer<Integer, MynaCardEmulator.Builder> customizer;

    /** An extension that supplies default cards; used by {@code @ExtendWith(MynaCardExtension.class)}. */
    public MynaCardExtension() {
        this((i, b) -> { });
    }

    private MynaCardExtension(BiConsumer<Integer, MynaCardEmulator.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * An extension whose cards are customised, for {@code @RegisterExtension}.
     *
     * @param customizer applied to a fresh builder for every card
     * @return the extension
     */
    public static MynaCardExtension with(Consumer<MynaCardEmulator.Builder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        return new MynaCardExtension((i, b) -> customizer.accept(b));
    }

    /**
     * An extension whose cards are customised by the index of the test method's parameter they are
     * for (0 for the first parameter), for {@code @RegisterExtension}: for example a holder per
     * parameter, or a fixed seed per parameter for reproducible cards.
     *
     * @param customizer applied to a fresh builder for every card, with the parameter's index
     * @return the extension
     */
    public static MynaCardExtension withEach(BiConsumer<Integer, MynaCardEmulator.Builder> customizer) {
        return new MynaCardExtension(Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * A fresh card built with this extension's customiser (for parameter index 0).
     *
     * @return the card
     */
    public MynaCardEmulator newCard() {
        return newCard(0, null);
    }

    private MynaCardEmulator newCard(int index, Holder holder) {
        MynaCardEmulator.Builder b = MynaCardEmulator.builder();
        customizer.accept(index, b);
        if (holder != null) {
            apply(holder, b);
        }
        return b.build();
    }

    private static void apply(Holder h, MynaCardEmulator.Builder b) {
        if (!h.name().isEmpty()) {
            b.name(h.name());
        }
        if (!h.address().isEmpty()) {
            b.address(h.address());
        }
        if (!h.myNumber().isEmpty()) {
            b.myNumber(h.myNumber());
        }
        if (!h.birthDate().isEmpty()) {
            b.birthDate(LocalDate.parse(h.birthDate()));
        }
        if (!h.securityCode().isEmpty()) {
            b.securityCode(h.securityCode());
        }
        if (h.seed() != Holder.RANDOM_SEED) {
            b.seed(h.seed());
        }
    }

    /**
     * @param parameterContext the parameter
     * @param extensionContext the test
     * @return true for parameters of type {@link MynaCardEmulator}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MynaCardEmulator.class;
    }

    /**
     * @param parameterContext the parameter
     * @param extensionContext the test
     * @return a fresh card, for the holder of the parameter's {@link Holder} annotation if it has one
     * @throws IllegalArgumentException (from the builder) when a {@link Holder} value is malformed
     * @throws java.time.format.DateTimeParseException when {@link Holder#birthDate()} is not an ISO date
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return newCard(parameterContext.getIndex(), parameterContext.findAnnotation(Holder.class).orElse(null));
    }
}
