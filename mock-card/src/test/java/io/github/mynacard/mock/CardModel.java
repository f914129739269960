package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A small reference model of the card's PIN rules, written from the rules as the project states
 * them (README, emulator Javadoc), not from the emulator's code. It answers the status word the
 * card must answer for each command the model-based test sends.
 *
 * <p>Rules: 5 attempts for the signing password (EF 001B), 3 for the others; the attempt is spent
 * before the comparison; success restores the counter; the exhausting attempt answers 63C0 and every
 * later VERIFY with data 6984; an empty VERIFY answers 63Cx and spends nothing; selecting an
 * application or a card reset drops verified PINs, terminal role, challenge and current EF; a change
 * needs the PIN verified; a reset needs an authenticated terminal (a kiosk only for one JPKI PIN
 * after the other one was verified); a malformed new PIN answers 6A80 and changes nothing.
 */
final class CardModel {

    enum App { JPKI, TEXT, COMMON }

    enum Type { BINARY, PIN, KEY }

    /** One EF: its type, the PIN it is or guards, the key it holds. */
    record Ef(int fid, Type type, PinKind pin, JpkiKey key) {
    }

    static final Map<App, Map<Integer, Ef>> FILES = new EnumMap<>(App.class);

    static {
        FILES.put(App.JPKI, Map.of(
                0x01, new Ef(0x01, Type.BINARY, PinKind.SIGNING, null),
                0x02, new Ef(0x02, Type.BINARY, null, null),
                0x06, new Ef(0x06, Type.BINARY, null, null),
                0x08, new Ef(0x08, Type.BINARY, null, null),
                0x0A, new Ef(0x0A, Type.BINARY, null, null),
                0x0B, new Ef(0x0B, Type.BINARY, null, null),
                0x17, new Ef(0x17, Type.KEY, null, JpkiKey.AUTHENTICATION),
                0x1A, new Ef(0x1A, Type.KEY, null, JpkiKey.SIGNING),
                0x18, new Ef(0x18, Type.PIN, PinKind.USER_AUTH, null),
                0x1B, new Ef(0x1B, Type.PIN, PinKind.SIGNING, null)));
        FILES.put(App.TEXT, Map.of(
                0x01, new Ef(0x01, Type.BINARY, PinKind.CARD_INFO_INPUT, null),
                0x02, new Ef(0x02, Type.BINARY, PinKind.CARD_INFO_INPUT, null),
                0x11, new Ef(0x11, Type.PIN, PinKind.CARD_INFO_INPUT, null)));
        FILES.put(App.COMMON, Map.of(0x1C, new Ef(0x1C, Type.PIN, PinKind.RESIDENT_REGISTRY, null)));
    }

    static int fid(PinKind k) {
        switch (k) {
            case SIGNING: return 0x1B;
            case USER_AUTH: return 0x18;
            case CARD_INFO_INPUT: return 0x11;
            default: return 0x1C;
        }
    }

    static App app(PinKind k) {
        switch (k) {
            case SIGNING:
            case USER_AUTH:
                return App.JPKI;
            case CARD_INFO_INPUT:
                return App.TEXT;
            default:
                return App.COMMON;
        }
    }

    /** A terminal of the reset model, as the card trusts it. */
    enum Role { KIOSK, OFFICE }

    // the card
    final Map<PinKind, String> pin = new EnumMap<>(PinKind.class);
    final Map<PinKind, Integer> remaining = new EnumMap<>(PinKind.class);
    // the session
    App app;
    Ef ef;
    final Set<PinKind> verified = EnumSet.noneOf(PinKind.class);
    Role role;
    boolean challengePending;

    CardModel() {
        pin.put(PinKind.SIGNING, MynaCardEmulator.DEFAULT_SIGNING_PIN);
        pin.put(PinKind.USER_AUTH, MynaCardEmulator.DEFAULT_USER_PIN);
        pin.put(PinKind.RESIDENT_REGISTRY, MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN);
        pin.put(PinKind.CARD_INFO_INPUT, MynaCardEmulator.DEFAULT_CARD_INFO_PIN);
        for (PinKind k : PinKind.values()) {
            remaining.put(k, k.maxAttempts());
        }
    }

    /** The answer is a status word; a refusal of one check is thrown so the rules read in order. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int sw;

        Refused(int sw) {
            super(null, null, false, false);
            this.sw = sw;
        }
    }

    private static void require(boolean ok, int sw) {
        if (!ok) {
            throw new Refused(sw);
        }
    }

    /** Power cycle, or a load from a state file: the session is gone, the card stays. */
    void reset() {
        app = null;
        dropSession();
    }

    private void dropSession() {
        ef = null;
        verified.clear();
        role = null;
        challengePending = false;
    }

    int selectApp(App a) {
        if (a == null) {
            return 0x6A82;
        }
        dropSession();
        app = a;
        return 0x9000;
    }

    int selectEf(int fid) {
        Ef e = app == null ? null : FILES.get(app).get(fid);
        if (e == null) {
            return 0x6A82;
        }
        ef = e;
        return 0x9000;
    }

    /** READ BINARY 1 byte at offset 0 of the EF with this short identifier. */
    int readSfi(int sfi) {
        Ef e = app == null ? null : FILES.get(app).get(sfi);
        if (e == null) {
            return 0x6A82;
        }
        ef = e; // an SFI read makes the EF current even when refused
        if (e.type != Type.BINARY) {
            return 0x6981;
        }
        return e.pin == null || verified.contains(e.pin) ? 0x9000 : 0x6982;
    }

    /** The PIN a command addresses: P2 80 = the current EF, P2 80|SFI = that EF. */
    PinKind target(int p2) {
        if (p2 == 0x80) {
            require(ef != null, 0x6986);
            require(ef.type == Type.PIN, 0x6981);
            return ef.pin;
        }
        int sfi = p2 & 0x1F;
        require((p2 & 0xE0) == 0x80 && sfi >= 1 && sfi <= 30, 0x6A86); // neither 80 nor 80|SFI
        Ef e = app == null ? null : FILES.get(app).get(sfi);
        require(e != null && e.type == Type.PIN, 0x6A88);
        return e.pin;
    }

    /** The PIN a well-formed VERIFY with this P2 would address, or null when it would be refused before. */
    PinKind targetOrNull(int p2) {
        try {
            return target(p2);
        } catch (Refused r) {
            return null;
        }
    }

    int verify(int p2, byte[] offered) {
        try {
            PinKind k = target(p2);
            int left = remaining.get(k);
            if (offered.length == 0) {
                return 0x63C0 | left;
            }
            require(left > 0, 0x6984);
            left--; // spent before the comparison
            remaining.put(k, left);
            verified.remove(k);
            if (!Arrays.equals(offered, pin.get(k).getBytes(StandardCharsets.US_ASCII))) {
                return 0x63C0 | left;
            }
            remaining.put(k, k.maxAttempts());
            verified.add(k);
            return 0x9000;
        } catch (Refused r) {
            return r.sw;
        }
    }

    static boolean wellFormed(PinKind k, byte[] v) {
        if (v.length < k.minLength() || v.length > k.maxLength()) {
            return false;
        }
        for (byte b : v) {
            boolean ok = (b >= '0' && b <= '9') || (!k.digitsOnly() && b >= 'A' && b <= 'Z');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** CHANGE REFERENCE DATA (changeKey false) or CHANGE KEY (true). */
    int change(int p2, boolean changeKey, byte[] newPin) {
        try {
            PinKind k = target(p2);
            require(changeKey == (k == PinKind.RESIDENT_REGISTRY), 0x6A81);
            require(remaining.get(k) > 0, 0x6984);
            require(verified.contains(k), 0x6982);
            require(wellFormed(k, newPin), 0x6A80);
            set(k, newPin);
            return 0x9000;
        } catch (Refused r) {
            return r.sw;
        }
    }

    private void set(PinKind k, byte[] value) {
        pin.put(k, new String(value, StandardCharsets.US_ASCII));
        remaining.put(k, k.maxAttempts());
    }

    int sign(int p2) {
        try {
            JpkiKey key;
            if (p2 == 0x80) {
                require(ef != null, 0x6986);
                require(ef.type == Type.KEY, 0x6981);
                key = ef.key;
            } else {
                Ef e = app == null ? null : FILES.get(app).get(p2 & 0x1F);
                require(e != null && e.type == Type.KEY, 0x6A88);
                key = e.key;
            }
            return verified.contains(key.pin()) ? 0x9000 : 0x6982;
        } catch (Refused r) {
            return r.sw;
        }
    }

    int getChallenge() {
        challengePending = true;
        return 0x9000;
    }

    /**
     * EXTERNAL AUTHENTICATE.
     *
     * @param trusted the role the card trusts under the key reference, null for an unknown reference
     * @param signatureGood whether the terminal signed the pending challenge with that key
     */
    int externalAuthenticate(boolean knownReference, Role trusted, boolean signatureGood) {
        if (!challengePending) {
            return 0x6985;
        }
        challengePending = false; // a challenge is used once
        if (!knownReference) {
            return 0x6A88;
        }
        if (!signatureGood) {
            role = null;
            return 0x6300;
        }
        role = trusted;
        return 0x9000;
    }

    int resetRetryCounter(int p2, byte[] newPin) {
        try {
            PinKind k = target(p2);
            require(role != null, 0x6982);
            if (role == Role.KIOSK) {
                boolean allowed = (k == PinKind.SIGNING && verified.contains(PinKind.USER_AUTH))
                        || (k == PinKind.USER_AUTH && verified.contains(PinKind.SIGNING));
                require(allowed, 0x6982);
            }
            require(wellFormed(k, newPin), 0x6A80);
            set(k, newPin);
            return 0x9000;
        } catch (Refused r) {
            return r.sw;
        }
    }

    // ---- another session on the same card (another process on the same state file)

    /**
     * Another session sends a wrong VERIFY of a PIN. It spends an attempt as any wrong VERIFY does
     * (nothing when blocked: 6984), and this session's verification of that PIN is dropped, as its
     * own wrong VERIFY would drop it.
     *
     * @return the other session's status word
     */
    int otherSessionWrongPin(PinKind k) {
        int left = remaining.get(k);
        if (left == 0) {
            return 0x6984;
        }
        remaining.put(k, left - 1);
        verified.remove(k);
        return 0x63C0 | (left - 1);
    }

    /**
     * Another session verifies a PIN with its right value and changes it. A blocked PIN refuses the
     * VERIFY (6984) and nothing happens. Otherwise the counter is full again and the PIN has a new
     * value, which this session has not verified: its verification of that PIN is dropped.
     *
     * @return the other session's status word for the change
     */
    int otherSessionChangesPin(PinKind k, byte[] newValue) {
        if (remaining.get(k) == 0) {
            return 0x6984;
        }
        set(k, newValue);
        verified.remove(k);
        return 0x9000;
    }

    @Override
    public String toString() {
        return "CardModel[app=" + app + ", ef=" + (ef == null ? null : Integer.toHexString(ef.fid)) + ", verified="
                + verified + ", role=" + role + ", remaining=" + remaining + "]";
    }
}
