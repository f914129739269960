package io.github.mynacard;

import java.security.PublicKey;
import java.util.Objects;

/**
 * How a read operation opens its application: with the card-info input support PIN, with
 * 照合番号A (the 12-digit My Number) or with 照合番号B (the Japanese-era birth date {@code YYMMDD},
 * the card's expiry year and the security code: see {@link VerificationNumbers#numberB}); the
 * last-attempt rule for that secret; and the authority key to check the data's authenticity with
 * (none by default). Immutable.
 *
 * <pre>{@code
 * CardFields f = card.readCardFields(Unlock.withNumberB(numberB).trusting(authorityKey));
 * CardFace face = card.readCardFace(Unlock.withNumberA(myNumber));
 * }</pre>
 *
 * <p>It holds the caller's array, not a copy, for the one call it is made for; the library keeps
 * nothing of it after the call and wipes what it derives from it, and the caller wipes the array.
 */
public final class Unlock {

    /** The secret that opens the application. */
    public enum Method {
        /** The card-info input support PIN (4 digits): opens the My Number and the basic four information. */
        PIN,
        /** 照合番号A, the My Number: opens the My Number (card-info AP) and the card face with the My Number image. */
        NUMBER_A,
        /** 照合番号B: opens the basic four information (card-info AP) and the card face. */
        NUMBER_B
    }

    private final Method method;
    private final char[] secret;
    private final LastAttempt lastAttempt;
    private final PublicKey trustedAuthority;

    private Unlock(Method method, char[] secret, LastAttempt lastAttempt, PublicKey trustedAuthority) {
        this.method = Objects.requireNonNull(method, "method");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.lastAttempt = Objects.requireNonNull(lastAttempt, "lastAttempt");
        this.trustedAuthority = trustedAuthority;
    }

    /**
     * @param pin the card-info input support PIN (not copied)
     * @return an unlock with the PIN, refusing its last attempt, checking nothing
     */
    public static Unlock withPin(char[] pin) {
        return new Unlock(Method.PIN, pin, LastAttempt.REFUSE, null);
    }

    /**
     * @param myNumber 照合番号A, the 12-digit My Number (not copied)
     * @return an unlock with 照合番号A, refusing its last attempt, checking nothing
     */
    public static Unlock withNumberA(char[] myNumber) {
        return new Unlock(Method.NUMBER_A, myNumber, LastAttempt.REFUSE, null);
    }

    /**
     * @param numberB 照合番号B, 14 digits (not copied)
     * @return an unlock with 照合番号B, refusing its last attempt, checking nothing
     */
    public static Unlock withNumberB(char[] numberB) {
        return new Unlock(Method.NUMBER_B, numberB, LastAttempt.REFUSE, null);
    }

    /**
     * @param rule whether the secret's last attempt may be spent
     * @return the same unlock with that rule
     */
    public Unlock lastAttempt(LastAttempt rule) {
        return new Unlock(method, secret, rule, trustedAuthority);
    }

    /**
     * @param authority the key of the authority that certifies the application's signing key, or
     *     null to check nothing
     * @return the same unlock, checking the data's authenticity against that key
     */
    public Unlock trusting(PublicKey authority) {
        return new Unlock(method, secret, lastAttempt, authority);
    }

    /** @return the secret that opens the application */
    public Method method() {
        return method;
    }

    /** @return the last-attempt rule */
    public LastAttempt lastAttempt() {
        return lastAttempt;
    }

    /** @return the authority key to check authenticity with, or null */
    public PublicKey trustedAuthority() {
        return trustedAuthority;
    }

    /** The caller's array, for the library only. */
    char[] secret() {
        return secret;
    }

    /**
     * @param numberA the kind to use for 照合番号A in the application
     * @param numberB the kind to use for 照合番号B
     * @param pin the kind to use for the PIN, or null when the application has no PIN
     * @return the PIN kind this unlock verifies
     * @throws IllegalArgumentException when the application cannot be opened this way
     */
    PinKind kind(PinKind numberA, PinKind numberB, PinKind pin) {
        return switch (method) {
            case NUMBER_A -> numberA;
            case NUMBER_B -> numberB;
            case PIN -> {
                if (pin == null) {
                    throw new IllegalArgumentException("this application opens with 照合番号A or 照合番号B, not with a PIN");
                }
                yield pin;
            }
        };
    }

    /** @return the method and rule, never the secret */
    @Override
    public String toString() {
        return "Unlock[" + method + ", lastAttempt=" + lastAttempt + (trustedAuthority != null ? ", checking authenticity" : "")
                + "]";
    }
}
