/**
 * Logging in with the card's user-authentication key by challenge and response. The service makes
 * a nonce and records it ({@link io.github.mynacard.login.LoginVerifier#newNonce}, kept in a
 * {@link io.github.mynacard.login.NonceStore}); the holder's program signs the service's origin and
 * the nonce on the card ({@link io.github.mynacard.login.CardLogin}, with the
 * {@link io.github.mynacard.login.LoginOrigin} it connected to) and returns a
 * {@link io.github.mynacard.login.LoginResponse} (login format 2); the service checks it
 * ({@link io.github.mynacard.login.LoginVerifier}): the origin, the signature, the nonce's freshness
 * and single use, the certificate's validity and its chain to the JPKI roots it trusts, and its
 * revocation status when given a source.
 *
 * <p>Everything here but {@code CardLogin} is the service's side and touches no card.
 */
package io.github.mynacard.login;
