package io.github.mynacard.login;

import io.github.mynacard.revocation.RevocationStatus;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * What a {@link LoginVerifier} found.
 *
 * @param status the outcome
 * @param detail a sentence for logs: why it failed, or what was verified; no personal data
 * @param certificate the holder's authentication certificate when the signature verified, else null
 * @param revocation what the verifier's revocation checker said about the certificate ({@link
 *     RevocationStatus.Status#NOT_CHECKED} when it has none or the check was not reached)
 */
public record LoginResult(Status status, String detail, X509Certificate certificate, RevocationStatus revocation) {

    /** The outcome of a login check, one reason per failure. */
    public enum Status {
        /**
         * Origin, signature, nonce, certificate validity and chain all verified, and the nonce was
         * issued by the store and used now for the first time; and, with a revocation
         * checker ({@link LoginVerifier#withRevocation}), a source vouched that the certificate is
         * not revoked. The detail says whether revocation was checked and by which source.
         */
        VERIFIED,
        /** The response is not one this verifier reads (algorithm, sizes). */
        MALFORMED,
        /**
         * The response is in login format 1, which names no service (an answer made for one site can
         * be passed on to another); refused unless the verifier was made {@link
         * LoginVerifier#acceptingFormat1()}.
         */
        FORMAT_1_REFUSED,
        /**
         * The response names another origin than this service's: the holder's program was talking to
         * another site, which may have relayed this service's nonce to it.
         */
        ORIGIN_MISMATCH,
        /** The response is for another nonce than the one the service sent. */
        NONCE_MISMATCH,
        /** The nonce is older than the verifier's maximum age. */
        NONCE_STALE,
        /** The nonce claims a moment later than the verifier's clock allows. */
        NONCE_FROM_THE_FUTURE,
        /** This nonce was already used for a login (by any verifier on the same nonce store). */
        NONCE_REPLAYED,
        /**
         * The nonce store has no record of the nonce: the service did not issue it (or issued it on
         * another store), or forgot it after its expiry.
         */
        NONCE_NOT_ISSUED,
        /** The nonce store could not be read or written, so a replay could not be ruled out: refused. */
        NONCE_STORE_FAILED,
        /** The signature does not verify with the certificate's key. */
        BAD_SIGNATURE,
        /**
         * The certificate is not a user-authentication certificate: its key usage lacks
         * digitalSignature, or it is a signing certificate (nonRepudiation, subjectAltName).
         */
        NOT_AN_AUTHENTICATION_CERTIFICATE,
        /** The certificate is not valid yet. */
        CERTIFICATE_NOT_YET_VALID,
        /** The certificate has expired. */
        CERTIFICATE_EXPIRED,
        /** The certificate does not chain to a trusted root. */
        UNTRUSTED,
        /**
         * The verifier's revocation checker says the certificate was revoked (its time and reason
         * are in the detail and in {@link LoginResult#revocation()}): the card was reported lost,
         * given back, or its holder's data changed.
         */
        CERTIFICATE_REVOKED,
        /**
         * The verifier has a revocation checker and none of its sources could say whether the
         * certificate was revoked (unreachable, hung, stale, wrongly signed or not covering it):
         * the login is refused rather than accepted unchecked.
         */
        REVOCATION_UNKNOWN
    }

    /**
     * @param status the outcome
     * @param detail the sentence
     * @param certificate the certificate, or null
     * @param revocation the certificate's revocation status
     */
    public LoginResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(revocation, "revocation");
    }

    /**
     * A result without a revocation answer ({@link RevocationStatus.Status#NOT_CHECKED}).
     *
     * @param status the outcome
     * @param detail the sentence
     * @param certificate the certificate, or null
     */
    public LoginResult(Status status, String detail, X509Certificate certificate) {
        this(status, detail, certificate, RevocationStatus.notChecked());
    }

    /** @return whether the login verified */
    public boolean verified() {
        return status == Status.VERIFIED;
    }
}
