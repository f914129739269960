package io.github.mynacard.login;

import io.github.mynacard.cert.ChainValidationException;
import io.github.mynacard.cert.ChainValidator;
import io.github.mynacard.cert.ChainValidation;
import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationStatus;
import java.io.IOException;
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
import java.util.Objects;

/**
 * The service's side of a login: checks a {@link LoginResponse} for the origin the service is at
 * and the nonce it sent. In order, and stopping at the first failure: the response's form and
 * format (format 1, which names no service, is refused unless {@link #acceptingFormat1()}); that it
 * names this service's origin; that it answers that nonce; the nonce's age (made by
 * {@link LoginChallenge#newNonce}, at most {@link #maxAge} old, and not from the future beyond a
 * minute of clock skew); the signature, over this service's origin and the nonce, with the
 * certificate's key; that the certificate is one for authentication and valid now; its chain to a
 * trusted root, matched by key (the JPKI root generations share one name), with its revocation
 * status when a checker is given; and, last, that the {@link NonceStore} issued the nonce and has
 * not seen it used, which uses it up.
 *
 * <pre>{@code
 * LoginVerifier verifier = LoginVerifier.of(anchors, LoginOrigin.of("https://service.example"))
 *         .withNonceStore(FileNonceStore.open(Path.of("/var/lib/service/nonces")));
 * byte[] nonce = verifier.newNonce();            // send it to the holder's program
 * LoginResult r = verifier.verify(response, nonce);
 * }</pre>
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
 * <p><b>Replays.</b> By default the nonces live in this verifier's memory ({@link
 * NonceStore#inMemory()}), which every verifier derived from it with a {@code with...} method
 * shares. A service on several processes gives them one store ({@link FileNonceStore}, or its own
 * on a database): then an answer used on one is refused on every other.
 *
 * <p>This class, the {@code cert} and {@code revocation} packages and the rest of this package
 * except {@link CardLogin} never touch a card: a service that only verifies logins needs this
 * artifact and nothing else (no PC/SC, no Bouncy Castle).
 *
 * <p>Thread-safe.
 */
public final class LoginVerifier {

    /** The default maximum age of a nonce. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofMinutes(1);

    private final TrustAnchors anchors;
    private final LoginOrigin origin;
    private final ChainValidator chains;
    private final Clock clock;
    private final Duration maxAge;
    private final RevocationChecker revocation;
    private final NonceStore nonces;
    private final boolean format1;

    private LoginVerifier(TrustAnchors anchors, LoginOrigin origin, Clock clock, Duration maxAge, RevocationChecker revocation,
            NonceStore nonces, boolean format1) {
        this.anchors = anchors;
        this.origin = origin;
        this.clock = clock;
        this.maxAge = maxAge;
        this.revocation = revocation;
        this.nonces = nonces;
        this.format1 = format1;
        this.chains = ChainValidator.of(anchors).withClock(clock).withRevocation(revocation);
    }

    /**
     * @param anchors the JPKI user-authentication roots the service trusts
     * @param origin this service's origin, as its users' programs reach it
     * @return a verifier with the system clock, the default maximum age, nonces in memory and no
     *     revocation checking
     */
    public static LoginVerifier of(TrustAnchors anchors, LoginOrigin origin) {
        return new LoginVerifier(Objects.requireNonNull(anchors, "anchors"), Objects.requireNonNull(origin, "origin"),
                Clock.systemUTC(), DEFAULT_MAX_AGE, RevocationChecker.none(), NonceStore.inMemory(), false);
    }

    /**
     * @param c the clock (for tests, or a service's own)
     * @return a verifier that uses it (same store)
     */
    public LoginVerifier withClock(Clock c) {
        return new LoginVerifier(anchors, origin, Objects.requireNonNull(c, "clock"), maxAge, revocation, nonces, format1);
    }

    /**
     * @param age how old a nonce may be (positive)
     * @return a verifier with that maximum (same store)
     */
    public LoginVerifier withMaxAge(Duration age) {
        if (age == null || age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("the maximum age must be positive");
        }
        return new LoginVerifier(anchors, origin, clock, age, revocation, nonces, format1);
    }

    /**
     * @param checker the sources that say whether the certificate was revoked ({@link
     *     RevocationChecker#none()}: not checked, the default)
     * @return a verifier that checks revocation with them (same store)
     */
    public LoginVerifier withRevocation(RevocationChecker checker) {
        return new LoginVerifier(anchors, origin, clock, maxAge, Objects.requireNonNull(checker, "checker"), nonces, format1);
    }

    /**
     * @param store where issued and used nonces are kept, shared by all the service's verifiers
     * @return a verifier that uses it
     */
    public LoginVerifier withNonceStore(NonceStore store) {
        return new LoginVerifier(anchors, origin, clock, maxAge, revocation, Objects.requireNonNull(store, "store"), format1);
    }

    /**
     * For a service whose holders' programs still send login format 1 while they move to format 2:
     * such a response is checked without an origin (it names none, and can be relayed by another
     * site), and its result's detail says so. Format 2 is checked as always.
     *
     * @return a verifier that accepts format 1 too (same store)
     */
    public LoginVerifier acceptingFormat1() {
        return new LoginVerifier(anchors, origin, clock, maxAge, revocation, nonces, true);
    }

    /** @return the maximum age of a nonce */
    public Duration maxAge() {
        return maxAge;
    }

    /** @return the origin this verifier expects */
    public LoginOrigin origin() {
        return origin;
    }

    /** @return the store of nonces */
    public NonceStore nonceStore() {
        return nonces;
    }

    /**
     * Makes a nonce ({@link LoginChallenge#newNonce}) and records it in the store as issued, valid
     * for {@link #maxAge}.
     *
     * @return the nonce to send to the holder's program
     * @throws IOException when the store cannot record it (then no login can use it)
     */
    public byte[] newNonce() throws IOException {
        byte[] nonce = LoginChallenge.newNonce(clock);
        nonces.issue(nonce, LoginChallenge.issuedAt(nonce).plus(maxAge));
        return nonce;
    }

    /**
     * Checks a response against the nonce the service sent, and uses the nonce up when everything
     * else verified.
     *
     * @param response the holder's response
     * @param expectedNonce the nonce the service sent for this login
     * @return the outcome; never throws for a bad response or a failing store
     */
    public LoginResult verify(LoginResponse response, byte[] expectedNonce) {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(expectedNonce, "expectedNonce");
        if (!LoginResponse.ALGORITHM.equals(response.algorithm()) || response.signature().length == 0) {
            return fail(LoginResult.Status.MALFORMED, "the response's algorithm is not " + LoginResponse.ALGORITHM);
        }
        if (response.version() == 1 && !format1) {
            return fail(LoginResult.Status.FORMAT_1_REFUSED, "the response is in login format 1, which names no service and "
                    + "can be relayed by another site; the holder's program must answer in format 2, which signs the origin");
        }
        if (response.version() == 2 && !origin.equals(response.origin())) {
            return fail(LoginResult.Status.ORIGIN_MISMATCH, "the response was made for " + response.origin()
                    + ", not for this service (" + origin + "): another site may have passed this service's nonce on");
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
            s.update(response.version() == 1 ? LoginResponse.signedMessageVersion1(nonce) : LoginResponse.signedMessage(origin, nonce));
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
        NonceStore.Use use;
        try {
            use = nonces.consume(nonce, now);
        } catch (IOException | RuntimeException e) {
            return fail(LoginResult.Status.NONCE_STORE_FAILED, "the nonce store could not be used, so a replay could not be "
                    + "ruled out: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
        switch (use) {
            case ALREADY_USED:
                return fail(LoginResult.Status.NONCE_REPLAYED, "this nonce was already used for a login");
            case NOT_ISSUED:
                return fail(LoginResult.Status.NONCE_NOT_ISSUED, "the nonce store has no record of this nonce: this service "
                        + "did not issue it, or forgot it after it expired");
            case EXPIRED:
                return fail(LoginResult.Status.NONCE_STALE, "the nonce store says this nonce expired");
            default:
                break;
        }
        RevocationStatus rs = chain.revocation();
        String checked = rs.status() == RevocationStatus.Status.NOT_CHECKED ? "revocation not checked"
                : "revocation checked (" + rs.detail() + ")";
        String what = response.version() == 1 ? "format 1 (the origin is not signed: this answer could have been relayed); "
                + "signature, nonce, validity and chain verified; " : "origin, signature, nonce, validity and chain verified; ";
        return new LoginResult(LoginResult.Status.VERIFIED, what + checked, cert, rs);
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

    private static LoginResult fail(LoginResult.Status status, String detail) {
        return new LoginResult(status, detail, null);
    }

    @Override
    public String toString() {
        return "LoginVerifier[" + origin + ", maxAge=" + maxAge + ", " + revocation + ", " + nonces + (format1 ? ", accepting format 1" : "") + "]";
    }
}
