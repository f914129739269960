package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.login.CardLogin;
import io.github.mynacard.login.LoginChallenge;
import io.github.mynacard.login.LoginOrigin;
import io.github.mynacard.login.LoginResponse;
import io.github.mynacard.login.LoginResult;
import io.github.mynacard.login.LoginVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The challenge-response login: the card's side with the emulator, the service's side in core. */
class LoginFlowTest {

    private static final Instant NOW = Instant.parse("2027-03-01T01:00:00Z");
    private static final LoginOrigin ORIGIN = LoginOrigin.of("https://service.example");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private MynaCardEmulator emulator;
    private MynaCard card;
    private LoginVerifier verifier;

    @BeforeEach
    void open() throws Exception {
        emulator = MynaCardEmulator.createDefault();
        card = MynaCard.open(emulator);
        verifier = LoginVerifier.of(TrustAnchors.of(card.readCertificate(JpkiCertificate.AUTHENTICATION_CA)), ORIGIN).withClock(clock);
    }

    @AfterEach
    void close() throws Exception {
        card.close();
    }

    private LoginResponse respond(byte[] nonce) throws Exception {
        return CardLogin.respond(card, ORIGIN, nonce, MynaCardEmulator.DEFAULT_USER_PIN.toCharArray(), LastAttempt.REFUSE);
    }

    @Test
    void aSignedNonceVerifiesOnceThroughItsTextForm() throws Exception {
        byte[] nonce = verifier.newNonce();
        String text = respond(nonce).encode();
        LoginResult r = verifier.verify(LoginResponse.parse(text), nonce);
        assertEquals(LoginResult.Status.VERIFIED, r.status(), r.detail());
        assertEquals(card.readCertificate(JpkiCertificate.AUTHENTICATION), r.certificate());
        assertTrue(r.detail().contains("revocation not checked"), r.detail());
        assertEquals(LoginResult.Status.NONCE_REPLAYED, verifier.verify(LoginResponse.parse(text), nonce).status());
        assertEquals(3, emulator.remainingAttempts(PinKind.USER_AUTH));
        assertEquals(5, emulator.remainingAttempts(PinKind.SIGNING));
    }

    @Test
    void oneChangedByteOfTheSignatureFails() throws Exception {
        byte[] nonce = verifier.newNonce();
        LoginResponse good = respond(nonce);
        for (int i : new int[] {0, 100, 255}) {
            byte[] sig = good.signature();
            sig[i] ^= 0x01;
            LoginResponse bad = LoginResponse.of(ORIGIN, nonce, sig, good.certificate());
            assertEquals(LoginResult.Status.BAD_SIGNATURE, verifier.verify(bad, nonce).status(), "byte " + i);
        }
        assertEquals(LoginResult.Status.VERIFIED, verifier.verify(good, nonce).status());
    }

    @Test
    void aResponseForAnotherNonceFails() throws Exception {
        byte[] nonce = verifier.newNonce();
        LoginResponse good = respond(nonce);
        byte[] other = nonce.clone();
        other[31] ^= 0x01;
        assertEquals(LoginResult.Status.NONCE_MISMATCH, verifier.verify(good, other).status());
        // a response that claims the other nonce with this nonce's signature
        LoginResponse swapped = LoginResponse.of(ORIGIN, other, good.signature(), good.certificate());
        assertEquals(LoginResult.Status.BAD_SIGNATURE, verifier.verify(swapped, other).status());
    }

    @Test
    void aStaleOrFutureNonceFails() throws Exception {
        byte[] old = LoginChallenge.newNonce(Clock.fixed(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1), ZoneOffset.UTC));
        assertEquals(LoginResult.Status.NONCE_STALE, verifier.verify(respond(old), old).status());
        byte[] justInTime = LoginChallenge.newNonce(Clock.fixed(NOW.minus(Duration.ofMinutes(5)), ZoneOffset.UTC));
        verifier.nonceStore().issue(justInTime, NOW);
        assertEquals(LoginResult.Status.VERIFIED, verifier.verify(respond(justInTime), justInTime).status());
        byte[] future = LoginChallenge.newNonce(Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC));
        assertEquals(LoginResult.Status.NONCE_FROM_THE_FUTURE, verifier.verify(respond(future), future).status());
        byte[] fresh = verifier.newNonce();
        LoginResponse r = respond(fresh);
        assertEquals(LoginResult.Status.NONCE_STALE, verifier.withMaxAge(Duration.ofSeconds(30))
                .withClock(Clock.fixed(NOW.plusSeconds(31), ZoneOffset.UTC)).verify(r, fresh).status());
    }

    @Test
    void aCertificateFromAnotherRootIsUntrusted() throws Exception {
        byte[] nonce = verifier.newNonce();
        LoginVerifier signingRoots = LoginVerifier.of(TrustAnchors.of(emulator.signingRootCertificate()), ORIGIN).withClock(clock);
        assertEquals(LoginResult.Status.UNTRUSTED, signingRoots.verify(respond(nonce), nonce).status());
    }

    @Test
    void aResponseSignedWithTheSigningKeyIsRefusedEvenWhenItsCaIsTrusted() throws Exception {
        byte[] nonce = verifier.newNonce();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(LoginResponse.signedMessage(ORIGIN, nonce));
        byte[] signature = card.signDigest(io.github.mynacard.JpkiKey.SIGNING, io.github.mynacard.DigestAlgorithm.SHA256,
                digest, MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray(), LastAttempt.REFUSE);
        LoginResponse signed = LoginResponse.of(ORIGIN, nonce, signature,
                card.readSigningCertificate(MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray()));
        LoginVerifier both = LoginVerifier.of(TrustAnchors.of(card.readCertificate(JpkiCertificate.AUTHENTICATION_CA),
                emulator.signingRootCertificate()), ORIGIN).withClock(clock).withNonceStore(verifier.nonceStore());
        LoginResult r = both.verify(signed, nonce);
        assertEquals(LoginResult.Status.NOT_AN_AUTHENTICATION_CERTIFICATE, r.status(), r.detail());
        assertTrue(r.detail().contains("signing certificate"), r.detail());
        assertEquals(LoginResult.Status.VERIFIED, both.verify(respond(nonce), nonce).status());
    }

    @Test
    void anExpiredCertificateFails() throws Exception {
        LoginVerifier later = verifier.withClock(Clock.fixed(Instant.parse("2040-01-01T00:00:10Z"), ZoneOffset.UTC));
        byte[] nonce = later.newNonce();
        LoginResult r = later.verify(respond(nonce), nonce);
        assertEquals(LoginResult.Status.CERTIFICATE_EXPIRED, r.status(), r.detail());
    }

    @Test
    void theTextFormIsReadStrictly() throws Exception {
        byte[] nonce = verifier.newNonce();
        String text = respond(nonce).encode();
        assertEquals(respond(nonce).certificate(), LoginResponse.parse(text.replace("\n", "\r\n")).certificate());
        assertThrows(IllegalArgumentException.class, () -> LoginResponse.parse(text.replace("mynacard-login: 2", "mynacard-login: 3")));
        assertThrows(IllegalArgumentException.class, () -> LoginResponse.parse(text.replace("mynacard-login: 2", "mynacard-login: 1")));
        assertThrows(IllegalArgumentException.class, () -> LoginResponse.parse(text.replace("origin: https://service.example",
                "origin: https://SERVICE.example")));
        assertThrows(IllegalArgumentException.class, () -> LoginResponse.parse(text.replace("nonce:", "none:")));
        assertThrows(IllegalArgumentException.class, () -> LoginResponse.parse(text + "extra: 1\n"));
        assertThrows(IllegalArgumentException.class, () -> LoginResponse.parse(text.replaceFirst("certificate: M", "certificate: !")));
        LoginResponse parsed = LoginResponse.parse(text);
        assertArrayEquals(nonce, parsed.nonce());
        assertFalse(parsed.toString().contains(Base64.getEncoder().encodeToString(parsed.signature()).substring(0, 16)));
    }

    @Test
    void aWrongPinSpendsOneAttemptAndAMalformedOneNone() throws Exception {
        byte[] nonce = verifier.newNonce();
        WrongPinException wrong = assertThrows(WrongPinException.class,
                () -> CardLogin.respond(card, ORIGIN, nonce, "0000".toCharArray(), LastAttempt.REFUSE));
        assertEquals(2, wrong.attemptsRemaining());
        assertThrows(PinFormatException.class, () -> CardLogin.respond(card, ORIGIN, nonce, "12a4".toCharArray(), LastAttempt.REFUSE));
        assertEquals(2, emulator.remainingAttempts(PinKind.USER_AUTH));
    }

    @Test
    void anAnswerRelayedFromAnotherSiteIsRefusedForItsOrigin() throws Exception {
        // the genuine service issues a nonce; a phishing site passes it to the holder, whose program signs for the site it sees
        byte[] nonce = verifier.newNonce();
        LoginOrigin phishing = LoginOrigin.of("https://service-example.test");
        LoginResponse relayed = CardLogin.respond(card, phishing, nonce, MynaCardEmulator.DEFAULT_USER_PIN.toCharArray(), LastAttempt.REFUSE);
        LoginResult r = verifier.verify(LoginResponse.parse(relayed.encode()), nonce);
        assertEquals(LoginResult.Status.ORIGIN_MISMATCH, r.status(), r.detail());
        assertTrue(r.detail().contains("https://service-example.test") && r.detail().contains("https://service.example"), r.detail());
        // the site rewrites the origin line: the signature is over the origin it saw, so it fails
        LoginResponse rewritten = LoginResponse.of(ORIGIN, nonce, relayed.signature(), relayed.certificate());
        assertEquals(LoginResult.Status.BAD_SIGNATURE, verifier.verify(rewritten, nonce).status());
        // neither used the nonce up: the holder's own answer still logs in
        assertEquals(LoginResult.Status.VERIFIED, verifier.verify(respond(nonce), nonce).status());
    }

    @Test
    void formatOneIsRefusedUnlessAcceptedAndThenSaysItIsUnbound() throws Exception {
        byte[] nonce = verifier.newNonce();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(LoginResponse.signedMessageVersion1(nonce));
        byte[] signature = card.signDigest(io.github.mynacard.JpkiKey.AUTHENTICATION, io.github.mynacard.DigestAlgorithm.SHA256,
                digest, MynaCardEmulator.DEFAULT_USER_PIN.toCharArray(), LastAttempt.REFUSE);
        LoginResponse old = new LoginResponse(1, null, nonce, LoginResponse.ALGORITHM, signature,
                card.readCertificate(JpkiCertificate.AUTHENTICATION));
        String text = old.encode();
        assertTrue(text.startsWith("mynacard-login: 1\nnonce: "), text);
        LoginResult refused = verifier.verify(LoginResponse.parse(text), nonce);
        assertEquals(LoginResult.Status.FORMAT_1_REFUSED, refused.status());
        assertTrue(refused.detail().contains("format 2"), refused.detail());
        LoginResult accepted = verifier.acceptingFormat1().verify(LoginResponse.parse(text), nonce);
        assertEquals(LoginResult.Status.VERIFIED, accepted.status(), accepted.detail());
        assertTrue(accepted.detail().contains("could have been relayed"), accepted.detail());
        assertEquals(LoginResult.Status.NONCE_REPLAYED, verifier.acceptingFormat1().verify(old, nonce).status());
    }

    @Test
    void aNonceTheStoreDidNotIssueIsRefusedAndTwoVerifiersOnOneStoreRefuseAReplay() throws Exception {
        byte[] unissued = LoginChallenge.newNonce(clock);
        LoginResult r = verifier.verify(respond(unissued), unissued);
        assertEquals(LoginResult.Status.NONCE_NOT_ISSUED, r.status(), r.detail());
        io.github.mynacard.login.NonceStore shared = io.github.mynacard.login.NonceStore.inMemory();
        LoginVerifier nodeA = verifier.withNonceStore(shared);
        LoginVerifier nodeB = LoginVerifier.of(TrustAnchors.of(card.readCertificate(JpkiCertificate.AUTHENTICATION_CA)), ORIGIN)
                .withClock(clock).withNonceStore(shared);
        byte[] nonce = nodeA.newNonce();
        LoginResponse answer = respond(nonce);
        assertEquals(LoginResult.Status.VERIFIED, nodeB.verify(answer, nonce).status());
        assertEquals(LoginResult.Status.NONCE_REPLAYED, nodeA.verify(answer, nonce).status());
    }
}
