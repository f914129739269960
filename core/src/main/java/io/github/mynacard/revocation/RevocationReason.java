package io.github.mynacard.revocation;

import java.util.Locale;

/**
 * The reason a certificate was revoked: RFC 5280's {@code CRLReason}, with its code. JPKI revokes
 * a signing certificate on every change of the holder's name or address ({@link
 * #AFFILIATION_CHANGED} or {@link #SUPERSEDED} when a new one is issued), and both certificates
 * when the card is reported lost ({@link #KEY_COMPROMISE}) or given back ({@link
 * #CESSATION_OF_OPERATION}).
 */
public enum RevocationReason {
    /** 0: no reason given. */
    UNSPECIFIED(0),
    /** 1: the private key may be known to someone else (a lost or stolen card). */
    KEY_COMPROMISE(1),
    /** 2: the CA's key was compromised. */
    CA_COMPROMISE(2),
    /** 3: the certified data changed (name, address). */
    AFFILIATION_CHANGED(3),
    /** 4: replaced by a new certificate. */
    SUPERSEDED(4),
    /** 5: no longer used (the card was given back, the holder died). */
    CESSATION_OF_OPERATION(5),
    /** 6: suspended. */
    CERTIFICATE_HOLD(6),
    /** 8: taken off a CRL (delta CRLs only). */
    REMOVE_FROM_CRL(8),
    /** 9: a privilege was withdrawn. */
    PRIVILEGE_WITHDRAWN(9),
    /** 10: an attribute authority's key was compromised. */
    AA_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** @return RFC 5280's code of the reason */
    public int code() {
        return code;
    }

    /**
     * @param code an RFC 5280 reason code
     * @return the reason
     * @throws IllegalArgumentException for a code RFC 5280 does not define (7, or out of 0–10)
     */
    public static RevocationReason ofCode(int code) {
        for (RevocationReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no revocation reason has the code " + code);
    }

    /** @return the reason's name as the command line writes it: {@code key-compromise} */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param label a name as {@link #label()} writes it (case and {@code _} or {@code -} ignored)
     * @return the reason
     * @throws IllegalArgumentException for an unknown name
     */
    public static RevocationReason ofLabel(String label) {
        String n = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RevocationReason r : values()) {
            if (r.name().equals(n)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown revocation reason (one of: key-compromise, affiliation-changed, superseded,"
                + " cessation-of-operation, certificate-hold, unspecified, …)");
    }
}
