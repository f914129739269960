package io.github.mynacard.cert;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A chain that validated.
 *
 * @param chain the certificates from the end entity up to, not including, the anchor
 * @param anchor the trust anchor the chain ends at (found by key, see {@link ChainValidator})
 */
public record ChainValidation(List<X509Certificate> chain, X509Certificate anchor) {

    /**
     * @param chain the certificates from the end entity up
     * @param anchor the anchor
     * @throws NullPointerException when an argument is null
     */
    public ChainValidation {
        chain = List.copyOf(chain);
        Objects.requireNonNull(anchor, "anchor");
    }

    /** @return the end-entity certificate */
    public X509Certificate endEntity() {
        return chain.get(0);
    }
}
