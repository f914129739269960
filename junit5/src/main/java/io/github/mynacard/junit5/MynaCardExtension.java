package io.github.mynacard.junit5;

import io.github.mynacard.mock.MynaCardEmulator;
import java.util.Objects;
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
 * customiser. Building a card takes a few milliseconds (the keys are pre-generated test keys).
 */
public final class MynaCardExtension implements ParameterResolver {

    private final Consumer<MynaCardEmulator.Builder> customizer;

    /** An extension that supplies default cards; used by {@code @ExtendWith(MynaCardExtension.class)}. */
    public MynaCardExtension() {
        this(b -> { });
    }

    private MynaCardExtension(Consumer<MynaCardEmulator.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * An extension whose cards are customised, for {@code @RegisterExtension}.
     *
     * @param customizer applied to a fresh builder for every card
     * @return the extension
     */
    public static MynaCardExtension with(Consumer<MynaCardEmulator.Builder> customizer) {
        return new MynaCardExtension(Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * A fresh card built with this extension's customiser.
     *
     * @return the card
     */
    public MynaCardEmulator newCard() {
        MynaCardEmulator.Builder b = MynaCardEmulator.builder();
        customizer.accept(b);
        return b.build();
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
     * @return a fresh card
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return newCard();
    }
}
