package io.github.mynacard.cert;

import io.github.mynacard.revocation.RevocationStatus;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A chain that validated.
 *
 * @param chain the certificates from the end entity up to, not including, the anchor
 * @param anchor the trust anchor the chain ends at (found by key, see {@link ChainValidator})
 * @param revocation what the revocation checker said about the end entity ({@link
 *     RevocationStatus.Status#NOT_CHECKED} without one; a revocation after the validation time can
 *     be {@link RevocationStatus.Status#REVOKED} here)
 */
public record ChainValidation(List<X509Certificate> chain, X509Certificate anchor, RevocationStatus revocation) {

    /**
     * @param chain the certificates from the end entity up
     * @param anchor the anchor
     * @param revocation the end entity's revocation status
     * @throws NullPointerException when an argument is null
     */
    public ChainValidation {
        chain = List.copyOf(chain);
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(revocation, "revocation");
    }

    /**
     * A chain validated without revocation checking.
     *
     * @param chain the certificates from the end entity up
     * @param anchor the anchor
     */
    public ChainValidation(List<X509Certificate> chain, X509Certificate anchor) {
        this(chain, anchor, RevocationStatus.notChecked());
    }

    /** @return the end-entity certificate */
    public X509Certificate endEntity() {
        return chain.get(0);
    }
}
