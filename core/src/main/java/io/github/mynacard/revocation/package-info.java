/**
 * Whether a certificate was revoked, as a relying party asks it: {@link
 * io.github.mynacard.revocation.RevocationSource}s that answer for one certificate (CRLs from files
 * or URLs, the certificate's own pointers when they can be fetched, OCSP in {@code
 * mynacard-signing}), a {@link io.github.mynacard.revocation.RevocationChecker} that asks them in
 * order, and typed answers ({@link io.github.mynacard.revocation.RevocationStatus}) that carry the
 * evidence a long-term signature embeds.
 *
 * <p>Nothing here touches the network unless a source with a URL was configured.
 */
package io.github.mynacard.revocation;
