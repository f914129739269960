package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.apdu.StatusWords;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * The project's PIN-reset model (the card-level procedure of real cards is not public): a terminal
 * proves itself by challenge-response, GET CHALLENGE ({@code 00 84 00 00 Le}, short Le only: an
 * extended one answers {@code 6985}) then EXTERNAL AUTHENTICATE ({@code 00 82 00 80|ref}) with its
 * SHA256withRSA signature over the challenge under the key reference the card trusts; the role it
 * gains rules RESET RETRY COUNTER ({@link #mayReset}). Both commands also work with no application
 * selected, but the next SELECT drops the role. A challenge is used once. A failed EXTERNAL
 * AUTHENTICATE ({@code 6300}) drops any role already granted; malformed ones ({@code 6700},
 * {@code 6A86}) keep the pending challenge; none pending {@code 6985}; an unknown key reference
 * {@code 6A88}.
 */
final class TerminalAuthentication {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TerminalAuthentication() {
    }

    static byte[] getChallenge(Session session, CommandApdu c) {
        Refusal.check(c.p1() == 0 && c.p2() == 0, StatusWords.WRONG_P1P2);
        Refusal.check(c.nc() == 0 && c.ne() > 0, StatusWords.WRONG_LENGTH);
        Refusal.check(!c.isExtended(), StatusWords.CONDITIONS_NOT_SATISFIED);
        byte[] ch = new byte[c.ne()];
        RANDOM.nextBytes(ch);
        session.challenge = ch.clone();
        return CardOs.ok(ch);
    }

    static byte[] externalAuthenticate(Session session, CardIdentity card, CommandApdu c) {
        Refusal.check(c.p1() == 0x00 && c.p2() > 0x80, StatusWords.WRONG_P1P2);
        Refusal.check(c.nc() > 0 && c.ne() == 0, StatusWords.WRONG_LENGTH);
        byte[] ch = session.challenge;
        Refusal.check(ch != null, StatusWords.CONDITIONS_NOT_SATISFIED);
        session.challenge = null;
        StateCodec.Terminal t = card.terminals.get(c.p2() & 0x7F);
        Refusal.check(t != null, StatusWords.REFERENCED_DATA_NOT_FOUND);
        boolean good;
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(t.key());
            s.update(ch);
            good = s.verify(c.data());
        } catch (GeneralSecurityException | RuntimeException e) {
            good = false;
        }
        if (!good) {
            session.role = null;
            return CardOs.sw(StatusWords.VERIFY_FAILED_NO_COUNTER);
        }
        session.role = t.role();
        return CardOs.sw(StatusWords.SUCCESS);
    }

    /**
     * Whether the terminal authenticated in this session may reset a PIN: a municipal office any
     * PIN with no PIN verified; a kiosk the signing password after the user-authentication PIN was
     * verified in the same session, and the user-authentication PIN after the signing password;
     * nobody else anything.
     */
    static boolean mayReset(Session session, PinKind pin) {
        if (session.role == null) {
            return false;
        }
        if (session.role == TerminalRole.KIOSK) {
            return (pin == PinKind.SIGNING && session.verified.contains(PinKind.USER_AUTH))
                    || (pin == PinKind.USER_AUTH && session.verified.contains(PinKind.SIGNING));
        }
        return true;
    }
}
