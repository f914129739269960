package io.github.mynacard;

import java.util.Objects;

/**
 * Whether data read from a card is genuine: for the card-info input support AP, the result of
 * checking its integrity record (EF {@code 0003}, hashes of the My Number and basic four files
 * signed by the AP's issuer key) and the issuer key's card-verifiable certificate (EF {@code 0004})
 * against an authority key the caller trusts; for the card face AP, its signature over the card
 * face and the certificate of the key that made it (EF {@code 0004}), likewise.
 *
 * @param status the outcome
 * @param detail why the check failed, or a short confirmation; never personal data
 */
public record Authenticity(Status status, String detail) {

    /** The outcome of the check. */
    public enum Status {
        /** No trusted key was given, so nothing was checked. */
        NOT_CHECKED,
        /** The certificate, the signature and the hashes of what was read match. */
        GENUINE,
        /** Something did not match, or the authenticity files are missing or malformed. */
        FAILED
    }

    /** The value when no check was asked for. */
    public static final Authenticity NOT_CHECKED = new Authenticity(Status.NOT_CHECKED, "not checked");

    /**
     * @param status the outcome
     * @param detail why the check failed, or a short confirmation
     * @throws NullPointerException when a component is null
     */
    public Authenticity {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return whether the data was checked and found genuine */
    public boolean genuine() {
        return status == Status.GENUINE;
    }
}
