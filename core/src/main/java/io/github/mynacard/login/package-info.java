/**
 * Logging in with the card's user-authentication key by challenge and response: the service sends
 * a fresh nonce ({@link io.github.mynacard.login.LoginChallenge}), the holder's program signs it on
 * the card ({@link io.github.mynacard.login.CardLogin}) and returns a
 * {@link io.github.mynacard.login.LoginResponse}, and the service checks it
 * ({@link io.github.mynacard.login.LoginVerifier}): the signature, the nonce's freshness, the
 * certificate's validity at that moment and its chain to the JPKI roots it trusts. Revocation is
 * not checked: that needs the platform operator's (J-LIS) service, which is not public.
 */
package io.github.mynacard.login;
