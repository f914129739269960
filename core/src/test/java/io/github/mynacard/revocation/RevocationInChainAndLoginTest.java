package io.github.mynacard.revocation;

import static io.github.mynacard.revocation.TestPki.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.cert.ChainValidation;
import io.github.mynacard.cert.ChainValidationException;
import io.github.mynacard.cert.ChainValidator;
import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.login.LoginOrigin;
import io.github.mynacard.login.LoginResponse;
import io.github.mynacard.login.LoginResult;
import io.github.mynacard.login.LoginVerifier;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RevocationInChainAndLoginTest {

    static TestPki pki;
    static final Instant REVOKED_AT = NOW.minus(Duration.ofDays(2));

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki();
    }

    private static RevocationChecker checker(X509CRL crl) throws Exception {
        return RevocationChecker.of(CrlSource.fromEvidence(List.of(new RevocationEvidence(RevocationEvidence.Kind.CRL,
                crl.getEncoded(), "ca.crl"))).withClock(TestPki.at(NOW)));
    }

    private static X509CRL revoking() throws Exception {
        return pki.crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), pki.caKey,
                pki.ee.getSerialNumber(), REVOKED_AT, CRLReason.keyCompromise);
    }

    private static ChainValidator validator(RevocationChecker c) {
        return ChainValidator.of(TrustAnchors.of(pki.ca)).withClock(TestPki.at(NOW)).withRevocation(c);
    }

    @Test
    void withoutCheckerRevocationIsNotChecked() throws Exception {
        ChainValidation v = ChainValidator.of(TrustAnchors.of(pki.ca)).withClock(TestPki.at(NOW)).validate(pki.ee);
        assertEquals(RevocationStatus.Status.NOT_CHECKED, v.revocation().status());
    }

    @Test
    void goodCrlGivesGoodStatus() throws Exception {
        ChainValidation v = validator(checker(pki.goodCrl())).validate(pki.ee);
        assertEquals(RevocationStatus.Status.GOOD, v.revocation().status());
    }

    @Test
    void revokedCertificateFailsTheChain() throws Exception {
        ChainValidationException e = assertThrows(ChainValidationException.class, () -> validator(checker(revoking())).validate(pki.ee));
        assertEquals(ChainValidationException.Reason.REVOKED, e.reason());
        assertTrue(e.getMessage().contains(REVOKED_AT.toString()) && e.getMessage().contains("key-compromise"), e.getMessage());
        assertEquals(RevocationReason.KEY_COMPROMISE, e.revocation().reason());
    }

    @Test
    void revokedAfterTheValidationTimeLeavesTheChainValid() throws Exception {
        ChainValidation v = validator(checker(revoking())).withClock(TestPki.at(REVOKED_AT.minus(Duration.ofDays(1)))).validate(pki.ee);
        assertEquals(RevocationStatus.Status.REVOKED, v.revocation().status());
    }

    @Test
    void unknownIsUndetermined() throws Exception {
        X509CRL stale = pki.crl(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1)), pki.caKey);
        ChainValidationException e = assertThrows(ChainValidationException.class, () -> validator(checker(stale)).validate(pki.ee));
        assertEquals(ChainValidationException.Reason.UNDETERMINED_REVOCATION_STATUS, e.reason());
        assertTrue(e.getMessage().contains("stale"), e.getMessage());
    }

    private static final LoginOrigin ORIGIN = LoginOrigin.of("https://service.example");

    private static LoginVerifier verifier() {
        return LoginVerifier.of(TrustAnchors.of(pki.ca), ORIGIN).withClock(TestPki.at(NOW));
    }

    private static LoginResponse respond(byte[] nonce) throws Exception {
        Signature s = Signature.getInstance(LoginResponse.ALGORITHM);
        s.initSign(pki.eeKey.getPrivate());
        s.update(LoginResponse.signedMessage(ORIGIN, nonce));
        return LoginResponse.of(ORIGIN, nonce, s.sign(), pki.ee);
    }

    @Test
    void loginWithRevokedCertificateIsRefused() throws Exception {
        LoginVerifier v = verifier().withRevocation(checker(revoking()));
        byte[] nonce = v.newNonce();
        LoginResult r = v.verify(respond(nonce), nonce);
        assertEquals(LoginResult.Status.CERTIFICATE_REVOKED, r.status(), r.detail());
        assertEquals(RevocationStatus.Status.REVOKED, r.revocation().status());
    }

    @Test
    void loginWithUnknownStatusIsRefused() throws Exception {
        X509CRL stale = pki.crl(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1)), pki.caKey);
        LoginVerifier v = verifier().withRevocation(checker(stale));
        byte[] nonce = v.newNonce();
        LoginResult r = v.verify(respond(nonce), nonce);
        assertEquals(LoginResult.Status.REVOCATION_UNKNOWN, r.status(), r.detail());
    }

    @Test
    void verifiedLoginSaysWhetherRevocationWasChecked() throws Exception {
        LoginVerifier plain = verifier();
        byte[] nonce = plain.newNonce();
        LoginResult off = plain.verify(respond(nonce), nonce);
        assertEquals(LoginResult.Status.VERIFIED, off.status(), off.detail());
        assertTrue(off.detail().contains("revocation not checked"), off.detail());
        LoginVerifier checking = plain.withRevocation(checker(pki.goodCrl()));
        byte[] nonce2 = checking.newNonce();
        LoginResult on = checking.verify(respond(nonce2), nonce2);
        assertEquals(LoginResult.Status.VERIFIED, on.status(), on.detail());
        assertTrue(on.detail().contains("revocation checked (ca.crl"), on.detail());
        assertSame(RevocationStatus.Status.GOOD, on.revocation().status());
    }
}
