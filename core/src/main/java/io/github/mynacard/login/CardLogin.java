package io.github.mynacard.login;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The holder's side of a login: the card signs the service's origin and nonce with its
 * user-authentication key, in login format 2 ({@link LoginResponse}).
 *
 * <p>The origin must be the one the holder's program itself connected to (the address bar, the URL
 * it was configured with), never one the service's page or message names: a relaying site would
 * name the genuine service.
 */
public final class CardLogin {

    private CardLogin() {
    }

    /**
     * Signs a nonce with the user-authentication key (the PIN is verified under the lockout guard)
     * and reads the authentication certificate (no PIN).
     *
     * @param card the card
     * @param origin the origin of the service the holder's program is talking to
     * @param nonce the service's nonce, as it was sent
     * @param userPin the user-authentication PIN (4 digits); not modified, not kept
     * @param lastAttempt whether the PIN's last attempt may be spent
     * @return the response to send back
     * @throws io.github.mynacard.WrongPinException when the PIN is wrong (one attempt spent)
     * @throws MynaCardException for any other refusal, or a malformed PIN (nothing sent)
     * @throws IOException when the link fails
     */
    public static LoginResponse respond(MynaCard card, LoginOrigin origin, byte[] nonce, char[] userPin, LastAttempt lastAttempt)
            throws IOException, MynaCardException {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length == 0 || nonce.length > 1024) {
            throw new IllegalArgumentException("a nonce has 1 to 1024 bytes");
        }
        byte[] digest = LoginResponse.sha256(LoginResponse.signedMessage(origin, nonce));
        byte[] signature = card.signDigest(JpkiKey.AUTHENTICATION, DigestAlgorithm.SHA256, digest, userPin, lastAttempt);
        X509Certificate cert = card.readCertificate(JpkiCertificate.AUTHENTICATION);
        return LoginResponse.of(origin, nonce, signature, cert);
    }
}
