package io.github.mynacard.login;

import io.github.mynacard.cert.ChainValidationException;
import io.github.mynacard.cert.ChainValidator;
import io.github.mynacard.cert.ChainValidation;
import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationStatus;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The service's side of a login: checks a {@link LoginResponse} for the nonce the service sent.
 * In order, and stopping at the first failure: the response's form; that it answers that nonce;
 * the nonce's age (made by {@link LoginChallenge#newNonce}, at most {@link #maxAge} old, and not
 * from the future beyond a minute of clock skew); the signature with the certificate's key; that
 * the certificate is one for authentication and valid now; its chain
 * to a trusted root, matched by key (the JPKI root generations share one name); and, last, that
 * the nonce was not accepted before (the verifier remembers accepted nonces until they are stale).
 *
 * <p><b>Which certificate logs in.</b> JPKI issues each card two holder certificates under two
 * separate CAs. The user-authentication certificate has key usage digitalSignature alone and no
 * subjectAltName; the signing certificate has key usage digitalSignature and nonRepudiation and
 * carries the holder's name and address as subjectAltName otherNames under arc
 * {@code 1.2.392.200149.8.5.5}. A login is accepted only from a certificate of the first kind,
 * even when a signing CA is among the trusted roots: a response signed with the signing key is
 * {@link LoginResult.Status#NOT_AN_AUTHENTICATION_CERTIFICATE}.
 *
 * <p><b>Revocation is not checked unless asked for.</b> A JPKI certificate is revoked when its
 * card is lost, returned or its holder's data changes; only the platform operator's service
 * (J-LIS, for accredited providers) can tell, and it is not public. A service that has a source
 * (a CRL it fetched, an OCSP responder) gives it with {@link #withRevocation}: then a revoked
 * certificate is {@link LoginResult.Status#CERTIFICATE_REVOKED} and one no source can answer for
 * is {@link LoginResult.Status#REVOCATION_UNKNOWN}, checked as part of the chain.
 *
 * <p>Thread-safe.
 */
public final class LoginVerifier {

    /** The default maximum age of a nonce. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofMinutes(1);

    private final TrustAnchors anchors;
    private final ChainValidator chains;
    private final Clock clock;
    private final Duration maxAge;
    private final RevocationChecker revocation;
    private final Map<String, Instant> accepted = new LinkedHashMap<>();

    private LoginVerifier(TrustAnchors anchors, Clock clock, Duration maxAge, RevocationChecker revocation) {
        this.anchors = anchors;
        this.clock = clock;
        this.maxAge = maxAge;
        this.revocation = revocation;
        this.chains = ChainValidator.of(anchors).withClock(clock).withRevocation(revocation);
    }

    /**
     * @param anchors the JPKI user-authentication roots the service trusts
     * @return a verifier with the system clock and the default maximum age
     */
    public static LoginVerifier of(TrustAnchors anchors) {
        return new LoginVerifier(Objects.requireNonNull(anchors, "anchors"), Clock.systemUTC(), DEFAULT_MAX_AGE, RevocationChecker.none());
    }

    /**
     * @param c the clock (for tests, or a service's own)
     * @return a verifier that uses it
     */
    public LoginVerifier withClock(Clock c) {
        return new LoginVerifier(anchors, Objects.requireNonNull(c, "clock"), maxAge, revocation);
    }

    /**
     * @param age how old a nonce may be (positive)
     * @return a verifier with that maximum
     */
    public LoginVerifier withMaxAge(Duration age) {
        if (age == null || age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("the maximum age must be positive");
        }
        return new LoginVerifier(anchors, clock, age, revocation);
    }

    /**
     * @param checker the sources that say whether the certificate was revoked ({@link
     *     RevocationChecker#none()}: not checked, the default)
     * @return a verifier that checks revocation with them (a new one: it does not share the
     *     accepted nonces of this one)
     */
    public LoginVerifier withRevocation(RevocationChecker checker) {
        return new LoginVerifier(anchors, clock, maxAge, Objects.requireNonNull(checker, "checker"));
    }

    /** @return the maximum age of a nonce */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * Checks a response against the nonce the service sent.
     *
     * @param response the holder's response
     * @param expectedNonce the nonce the service sent for this login
     * @return the outcome; never throws for a bad response
     */
    public LoginResult verify(LoginResponse response, byte[] expectedNonce) {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(expectedNonce, "expectedNonce");
        if (!LoginResponse.ALGORITHM.equals(response.algorithm()) || response.signature().length == 0) {
            return fail(LoginResult.Status.MALFORMED, "the response's algorithm is not " + LoginResponse.ALGORITHM);
        }
        byte[] nonce = response.nonce();
        if (!MessageDigest.isEqual(nonce, expectedNonce)) {
            return fail(LoginResult.Status.NONCE_MISMATCH, "the response answers another nonce");
        }
        Instant now = clock.instant();
        Instant issued;
        try {
            issued = LoginChallenge.issuedAt(nonce);
        } catch (IllegalArgumentException e) {
            return fail(LoginResult.Status.MALFORMED, "the nonce is not a login nonce of this protocol");
        }
        if (issued.isAfter(now.plus(SKEW))) {
            return fail(LoginResult.Status.NONCE_FROM_THE_FUTURE, "the nonce was made after now");
        }
        if (issued.plus(maxAge).isBefore(now)) {
            return fail(LoginResult.Status.NONCE_STALE, "the nonce is older than " + maxAge.toSeconds() + " s");
        }
        X509Certificate cert = response.certificate();
        try {
            Signature s = Signature.getInstance(LoginResponse.ALGORITHM);
            s.initVerify(cert.getPublicKey());
            s.update(LoginResponse.signedMessage(nonce));
            if (!s.verify(response.signature())) {
                return fail(LoginResult.Status.BAD_SIGNATURE, "the signature does not verify with the certificate's key");
            }
        } catch (GeneralSecurityException e) {
            return fail(LoginResult.Status.BAD_SIGNATURE, "the signature could not be checked: " + e.getClass().getSimpleName());
        }
        String notForLogin = notAnAuthenticationCertificate(cert);
        if (notForLogin != null) {
            return fail(LoginResult.Status.NOT_AN_AUTHENTICATION_CERTIFICATE, notForLogin);
        }
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateNotYetValidException e) {
            return fail(LoginResult.Status.CERTIFICATE_NOT_YET_VALID, "the certificate is not valid before " + cert.getNotBefore().toInstant());
        } catch (CertificateExpiredException e) {
            return fail(LoginResult.Status.CERTIFICATE_EXPIRED, "the certificate expired at " + cert.getNotAfter().toInstant());
        }
        ChainValidation chain;
        try {
            chain = chains.validate(cert);
        } catch (ChainValidationException e) {
            if (e.reason() == ChainValidationException.Reason.REVOKED) {
                return new LoginResult(LoginResult.Status.CERTIFICATE_REVOKED, e.getMessage(), null, e.revocation());
            }
            if (e.reason() == ChainValidationException.Reason.UNDETERMINED_REVOCATION_STATUS) {
                return new LoginResult(LoginResult.Status.REVOCATION_UNKNOWN, e.getMessage(), null, e.revocation());
            }
            return fail(LoginResult.Status.UNTRUSTED, "the certificate does not chain to a trusted root: " + e.getMessage());
        }
        if (!remember(nonce, issued.plus(maxAge), now)) {
            return fail(LoginResult.Status.NONCE_REPLAYED, "this nonce was already used for a login");
        }
        RevocationStatus rs = chain.revocation();
        String checked = rs.status() == RevocationStatus.Status.NOT_CHECKED ? "revocation not checked"
                : "revocation checked (" + rs.detail() + ")";
        return new LoginResult(LoginResult.Status.VERIFIED, "signature, nonce, validity and chain verified; " + checked, cert, rs);
    }

    /**
     * Why a certificate is not a JPKI user-authentication certificate, or null when it is one.
     * The key usage must be digitalSignature and not nonRepudiation, and no subjectAltName may carry
     * the holder's identity (both mark the signing certificate).
     */
    private static String notAnAuthenticationCertificate(X509Certificate cert) {
        boolean[] usage = cert.getKeyUsage();
        if (usage == null || !usage[0]) {
            return "the certificate's key usage lacks digitalSignature";
        }
        if (usage.length > 1 && usage[1]) {
            return "the certificate is a signing certificate (key usage nonRepudiation), not one for authentication";
        }
        if (cert.getExtensionValue("2.5.29.17") != null) {
            return "the certificate carries a subjectAltName, as a signing certificate does, not one for authentication";
        }
        return null;
    }

    /** Remembers an accepted nonce until it is stale; false when it was accepted before. */
    private synchronized boolean remember(byte[] nonce, Instant staleAt, Instant now) {
        for (Iterator<Instant> it = accepted.values().iterator(); it.hasNext();) {
            if (it.next().isBefore(now)) {
                it.remove();
            }
        }
        return accepted.putIfAbsent(HexFormat.of().formatHex(nonce), staleAt) == null;
    }

    private static LoginResult fail(LoginResult.Status status, String detail) {
        return new LoginResult(status, detail, null);
    }

    @Override
    public String toString() {
        return "LoginVerifier[maxAge=" + maxAge + ", " + revocation + "]";
    }
}
