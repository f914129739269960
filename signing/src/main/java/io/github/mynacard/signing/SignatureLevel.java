package io.github.mynacard.signing;

import java.util.Locale;

/**
 * The ETSI baseline levels a signature is made at (EN 319 122-1 for CAdES, EN 319 142-1 for
 * PAdES).
 */
public enum SignatureLevel {
    /** B-B: the signature with its signer certificate. */
    B_B,
    /** B-T: B-B with a signature time-stamp, a trusted time the signature existed at. */
    B_T,
    /** B-LT: B-T with the certificates and revocation data to validate it later. */
    B_LT,
    /** B-LTA: B-LT with a time-stamp over all of it (for PDF: a document time-stamp). */
    B_LTA;

    /** @return the level as the command line writes it: {@code b-b}, {@code b-t}, {@code b-lt}, {@code b-lta} */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param label a label as {@link #label()} writes it (case, {@code _} or {@code -} ignored)
     * @return the level
     * @throws IllegalArgumentException for an unknown label
     */
    public static SignatureLevel ofLabel(String label) {
        String n = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (SignatureLevel l : values()) {
            if (l.name().equals(n)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown signature level (one of: b-b, b-t, b-lt, b-lta)");
    }

    /** @return whether the level has a signature time-stamp */
    public boolean timestamped() {
        return this != B_B;
    }

    /** @return whether the level embeds validation data (B-LT and B-LTA) */
    public boolean longTerm() {
        return this == B_LT || this == B_LTA;
    }
}
