package io.github.mynacard.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes the holder of the card a {@link io.github.mynacard.mock.MynaCardEmulator} parameter
 * gets from {@link MynaCardExtension}, so that one test can have two different holders:
 * <pre>{@code
 * @Test
 * void twoHolders(@Holder(name = "山田　太郎", myNumber = "537686677188", seed = 1) MynaCardEmulator taro,
 *                 @Holder(name = "番号　花子", seed = 2) MynaCardEmulator hanako) { ... }
 * }</pre>
 * Each value left at its default keeps what the extension's customiser (or the emulator) sets; the
 * values given here are applied after the customiser. Every card has its own keys and certificates
 * (a random seed unless {@link #seed()} is given); the same seed gives byte-identical keys and
 * certificates.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Holder {

    /** The value of {@link #seed()} that means "a random seed". */
    long RANDOM_SEED = Long.MIN_VALUE;

    /**
     * @return the holder's name, family and given name separated by U+3000; empty for the default
     */
    String name() default "";

    /** @return the holder's address; empty for the default */
    String address() default "";

    /** @return the 12-digit My Number with a valid check digit; empty for the default */
    String myNumber() default "";

    /** @return the birth date, ISO {@code YYYY-MM-DD}; empty for the default */
    String birthDate() default "";

    /** @return the 4-digit security code printed on the card; empty for one drawn from the seed */
    String securityCode() default "";

    /**
     * @return the card's seed, which its keys, certificate serials and identifiers are drawn from;
     *     {@link #RANDOM_SEED} (the default) for a random one
     */
    long seed() default RANDOM_SEED;
}
