package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A small reference model of the card's rules, written from the rules as the project states them
 * (README, emulator Javadoc), not from the emulator's code. It answers the status word the card
 * must answer for each command: typed operations for the model-based test, and any raw command
 * APDU ({@link #answer}) for the fuzz test, which puts the model in the card's state before each
 * command ({@link #inState}).
 *
 * <p>PIN rules: 5 attempts for the signing password (EF 001B), 3 for the other PINs, 10 for each
 * verification number (照合番号A and B of the card-info and card-face applications, each with its own
 * counter; they cannot be changed or reset: 6A81); the attempt is
 * spent before the comparison; success restores the counter; the exhausting attempt answers 63C0
 * and every later VERIFY with data 6984; an empty VERIFY answers 63Cx and spends nothing; a wrong
 * PIN drops that PIN's verified state; selecting an application or a card reset drops verified
 * PINs, terminal role, challenge and current EF; a change needs the PIN verified (blocked 6984,
 * then not verified 6982, then the new PIN's format 6A80) and leaves it verified; a reset needs an
 * authenticated terminal (a kiosk only for one JPKI PIN after the other one was verified); a
 * malformed new PIN answers 6A80 and changes nothing.
 *
 * <p>Command rules ({@link #answer}): the checks run in the order CLA (secure-messaging bits 6882,
 * other classes 6E00), INS (6D00), APDU encoding (6700), P1/P2 (6A86), case and lengths (6700),
 * then the command's rules on the state. The commands and their forms:
 * <table>
 *   <caption>the card's commands</caption>
 *   <tr><th>command</th><th>CLA INS</th><th>P1 P2</th><th>data and Le</th></tr>
 *   <tr><td>SELECT</td><td>00 A4</td><td>04 (AID) or 02 (FID); 0C or 00</td>
 *       <td>AID 1..16 bytes or FID 2 bytes; no Le with P2 0C</td></tr>
 *   <tr><td>READ BINARY</td><td>00 B0</td><td>offset (P1 &lt; 80) or 80|SFI with offset in P2</td>
 *       <td>no data; Le short or extended</td></tr>
 *   <tr><td>VERIFY</td><td>00 20</td><td>00; 80 (current EF) or 80|SFI</td>
 *       <td>the PIN, or none for the status query; no Le</td></tr>
 *   <tr><td>CHANGE REFERENCE DATA</td><td>00 24</td><td>01; 80 or 80|SFI</td><td>the new PIN; no Le</td></tr>
 *   <tr><td>CHANGE KEY (resident-registry PIN only)</td><td>80 32</td><td>00; 80 or 80|SFI</td>
 *       <td>the new PIN; no Le</td></tr>
 *   <tr><td>COMPUTE DIGITAL SIGNATURE</td><td>80 2A</td><td>00; 80 or 80|SFI of a key EF</td>
 *       <td>1..245 bytes; Le 00 (256) or extended</td></tr>
 *   <tr><td>GET CHALLENGE</td><td>00 84</td><td>00 00</td><td>no data; short Le</td></tr>
 *   <tr><td>EXTERNAL AUTHENTICATE</td><td>00 82</td><td>00; 80|key reference (above 80)</td>
 *       <td>the terminal's signature; no Le</td></tr>
 *   <tr><td>RESET RETRY COUNTER</td><td>00 2C</td><td>02; 80 or 80|SFI</td><td>the new PIN; no Le</td></tr>
 * </table>
 * A short EF identifier (SFI) is 1..30, and an EF's SFI is its file ID. The card trusts the
 * terminal keys {@link #TRUSTED_TERMINALS}.
 */
final class CardModel {

    /** The card's applications, by AID. */
    enum App {
        /** 公的個人認証AP. */
        JPKI("D392F000260100000001"),
        /** 券面事項入力補助AP (card-info input support). */
        TEXT("D3921000310001010408"),
        /** 券面事項確認AP (card face). */
        FACE("D3921000310001010402"),
        /** 共通カードAP: only the resident-registry PIN. */
        COMMON("D3921000310001010100");

        final String aid;

        App(String aid) {
            this.aid = aid;
        }

        /** @return the application with this AID (upper-case hex), or null: the card has no other */
        static App byAid(String aid) {
            for (App a : values()) {
                if (a.aid.equals(aid)) {
                    return a;
                }
            }
            return null;
        }
    }

    enum Type { BINARY, PIN, KEY }

    /** Size of a binary EF whose length depends on its content (certificates, holder data). */
    static final int SIZE_OF_CONTENT = -1;

    /**
     * One EF: its type, the PIN it is (PIN EF) or that guards it (key EF), the PINs any one of which
     * opens it (binary EF; empty for a free file), the key it holds, and for a binary EF of fixed
     * length its size.
     */
    record Ef(int fid, Type type, PinKind pin, Set<PinKind> anyOf, JpkiKey key, int size) {
    }

    private static Ef binary(int fid, PinKind guard, int size) {
        return new Ef(fid, Type.BINARY, null, guard == null ? Set.of() : Set.of(guard), null, size);
    }

    private static Ef binaryAnyOf(int fid, int size, PinKind... guards) {
        return new Ef(fid, Type.BINARY, null, Set.of(guards), null, size);
    }

    private static Ef pinEf(int fid, PinKind pin) {
        return new Ef(fid, Type.PIN, pin, Set.of(), null, 0);
    }

    private static Ef keyEf(int fid, JpkiKey key, PinKind guard) {
        return new Ef(fid, Type.KEY, guard, Set.of(), key, 0);
    }

    /** The verification numbers: made from what is printed on the card, never changed or reset. */
    static final Set<PinKind> NUMBERS = Set.of(PinKind.CARD_INFO_NUMBER_A, PinKind.CARD_INFO_NUMBER_B,
            PinKind.CARD_FACE_NUMBER_A, PinKind.CARD_FACE_NUMBER_B);

    /** Every EF of every application: the card has no other. */
    static final Map<App, Map<Integer, Ef>> FILES = new EnumMap<>(App.class);

    static {
        FILES.put(App.JPKI, Map.of(
                0x01, binary(0x01, PinKind.SIGNING, SIZE_OF_CONTENT), // signing certificate
                0x02, binary(0x02, null, SIZE_OF_CONTENT), // signing CA certificate
                0x06, binary(0x06, null, 160), // token, label JPKIAPICCTOKEN2
                0x08, binary(0x08, null, 3), // 8F 8F 00
                0x0A, binary(0x0A, null, SIZE_OF_CONTENT), // authentication certificate
                0x0B, binary(0x0B, null, SIZE_OF_CONTENT), // authentication CA certificate
                0x17, keyEf(0x17, JpkiKey.AUTHENTICATION, PinKind.USER_AUTH),
                0x1A, keyEf(0x1A, JpkiKey.SIGNING, PinKind.SIGNING),
                0x18, pinEf(0x18, PinKind.USER_AUTH),
                0x1B, pinEf(0x1B, PinKind.SIGNING)));
        FILES.put(App.TEXT, Map.of(
                0x01, binaryAnyOf(0x01, 17, PinKind.CARD_INFO_INPUT, PinKind.CARD_INFO_NUMBER_A), // My Number
                0x02, binaryAnyOf(0x02, SIZE_OF_CONTENT, PinKind.CARD_INFO_INPUT, PinKind.CARD_INFO_NUMBER_B), // basic four
                0x03, binaryAnyOf(0x03, SIZE_OF_CONTENT, PinKind.CARD_INFO_INPUT, PinKind.CARD_INFO_NUMBER_A,
                        PinKind.CARD_INFO_NUMBER_B), // integrity record
                0x04, binary(0x04, null, SIZE_OF_CONTENT), // the card-info key's card-verifiable certificate
                0x05, binary(0x05, null, 256), // AP basic information
                0x11, pinEf(0x11, PinKind.CARD_INFO_INPUT),
                0x14, pinEf(0x14, PinKind.CARD_INFO_NUMBER_A),
                0x15, pinEf(0x15, PinKind.CARD_INFO_NUMBER_B)));
        FILES.put(App.FACE, Map.of(
                0x02, binaryAnyOf(0x02, SIZE_OF_CONTENT, PinKind.CARD_FACE_NUMBER_A, PinKind.CARD_FACE_NUMBER_B), // card face
                0x03, binary(0x03, null, SIZE_OF_CONTENT), // AP basic information
                0x04, binary(0x04, null, SIZE_OF_CONTENT), // the face key's card-verifiable certificate
                0x05, binaryAnyOf(0x05, SIZE_OF_CONTENT, PinKind.CARD_FACE_NUMBER_A), // My Number image
                0x12, pinEf(0x12, PinKind.CARD_FACE_NUMBER_B),
                0x13, pinEf(0x13, PinKind.CARD_FACE_NUMBER_A)));
        FILES.put(App.COMMON, Map.of(0x1C, pinEf(0x1C, PinKind.RESIDENT_REGISTRY)));
    }

    static int fid(PinKind k) {
        switch (k) {
            case SIGNING: return 0x1B;
            case USER_AUTH: return 0x18;
            case CARD_INFO_INPUT: return 0x11;
            case CARD_INFO_NUMBER_A: return 0x14;
            case CARD_INFO_NUMBER_B: return 0x15;
            case CARD_FACE_NUMBER_A: return 0x13;
            case CARD_FACE_NUMBER_B: return 0x12;
            default: return 0x1C;
        }
    }

    static App app(PinKind k) {
        switch (k) {
            case SIGNING:
            case USER_AUTH:
                return App.JPKI;
            case CARD_INFO_INPUT:
            case CARD_INFO_NUMBER_A:
            case CARD_INFO_NUMBER_B:
                return App.TEXT;
            case CARD_FACE_NUMBER_A:
            case CARD_FACE_NUMBER_B:
                return App.FACE;
            default:
                return App.COMMON;
        }
    }

    /** A terminal of the reset model, as the card trusts it. */
    enum Role { KIOSK, OFFICE }

    /** The terminal keys a default card trusts, by key reference: TestTerminals.kiosk() and municipalOffice(). */
    static final Map<Integer, Role> TRUSTED_TERMINALS = Map.of(1, Role.KIOSK, 2, Role.OFFICE);

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
        for (PinKind k : PinKind.holderPins()) {
            remaining.put(k, k.maxAttempts());
        }
    }

    /**
     * A model in a given state, to check a card command by command from the state it is in.
     *
     * @param pins every PIN's value (the four PINs, and the verification numbers when the model is
     *     to know them)
     * @param counters every PIN's attempts left
     * @param app the selected application, or null
     * @param efApp the application of the current EF, or null when no EF is current
     * @param efId the current EF's file ID, or -1
     * @param verified the PINs verified in this session
     * @param role the role of the terminal authenticated in this session, or null
     * @param challengePending whether a challenge waits for its EXTERNAL AUTHENTICATE
     * @return the model in that state
     * @throws IllegalArgumentException for a state the rules do not allow: an EF the card does not
     *     have, a current EF outside the selected application, a counter out of range
     */
    static CardModel inState(Map<PinKind, String> pins, Map<PinKind, Integer> counters, App app, App efApp, int efId,
            Set<PinKind> verified, Role role, boolean challengePending) {
        CardModel m = new CardModel();
        for (PinKind k : pins.keySet()) {
            int left = counters.get(k);
            if (left < 0 || left > k.maxAttempts()) {
                throw new IllegalArgumentException(k + " has " + left + " attempts left, the card allows 0.." + k.maxAttempts());
            }
            m.pin.put(k, pins.get(k));
            m.remaining.put(k, left);
        }
        m.app = app;
        if (efApp != null || efId != -1) {
            Ef e = efApp == null ? null : FILES.get(efApp).get(efId);
            if (e == null) {
                throw new IllegalArgumentException("the card has no EF " + Integer.toHexString(efId) + " in " + efApp);
            }
            if (efApp != app) {
                throw new IllegalArgumentException("current EF " + Integer.toHexString(efId) + " of " + efApp
                        + " while " + app + " is selected");
            }
            m.ef = e;
        }
        m.verified.addAll(verified);
        m.role = role;
        m.challengePending = challengePending;
        return m;
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

    /** Whether a P1 or P2 byte is 80|SFI with a short EF identifier 1..30. */
    static boolean shortEfId(int b) {
        int sfi = b & 0x1F;
        return (b & 0xE0) == 0x80 && sfi >= 1 && sfi <= 30;
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
        return readSfi(sfi, 0);
    }

    /** READ BINARY by short EF identifier (P1 80|SFI), at an offset (P2). */
    int readSfi(int sfi, int offset) {
        Ef e = app == null ? null : FILES.get(app).get(sfi);
        if (e == null) {
            return 0x6A82;
        }
        ef = e; // an SFI read makes the EF current even when refused
        return read(e, offset);
    }

    /** READ BINARY of the current EF at an offset (P1 P2). */
    int readCurrent(int offset) {
        return ef == null ? 0x6986 : read(ef, offset);
    }

    private int read(Ef e, int offset) {
        if (e.type != Type.BINARY) {
            return 0x6981;
        }
        if (!e.anyOf.isEmpty() && e.anyOf.stream().noneMatch(verified::contains)) {
            return 0x6982;
        }
        return e.size != SIZE_OF_CONTENT && offset >= e.size ? 0x6B00 : 0x9000;
    }

    /** The PIN a command addresses: P2 80 = the current EF, P2 80|SFI = that EF. */
    PinKind target(int p2) {
        if (p2 == 0x80) {
            require(ef != null, 0x6986);
            require(ef.type == Type.PIN, 0x6981);
            return ef.pin;
        }
        require(shortEfId(p2), 0x6A86); // neither 80 nor 80|SFI
        Ef e = app == null ? null : FILES.get(app).get(p2 & 0x1F);
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
            require(!NUMBERS.contains(k) && changeKey == (k == PinKind.RESIDENT_REGISTRY), 0x6A81);
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
            Ef e;
            if (p2 == 0x80) {
                require(ef != null, 0x6986);
                require(ef.type == Type.KEY, 0x6981);
                e = ef;
            } else {
                require(shortEfId(p2), 0x6A86);
                e = app == null ? null : FILES.get(app).get(p2 & 0x1F);
                require(e != null && e.type == Type.KEY, 0x6A88);
            }
            return verified.contains(e.pin) ? 0x9000 : 0x6982;
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
            require(!NUMBERS.contains(k), 0x6A81);
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

    // ------------------------------------------------------------------ raw commands

    /** The card's commands, by CLA and INS; the card knows no other. */
    enum Command {
        SELECT(0x00, 0xA4), READ_BINARY(0x00, 0xB0), VERIFY(0x00, 0x20), CHANGE_REFERENCE_DATA(0x00, 0x24),
        RESET_RETRY_COUNTER(0x00, 0x2C), GET_CHALLENGE(0x00, 0x84), EXTERNAL_AUTHENTICATE(0x00, 0x82),
        COMPUTE_DIGITAL_SIGNATURE(0x80, 0x2A), CHANGE_KEY(0x80, 0x32);

        final int cla;
        final int ins;

        Command(int cla, int ins) {
            this.cla = cla;
            this.ins = ins;
        }

        /** @return the command, or null when the card has none with this CLA and INS */
        static Command of(int cla, int ins) {
            for (Command c : values()) {
                if (c.cla == cla && c.ins == ins) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * The answer for a command the rules refuse without saying with which status word: any status
     * word but 9000 agrees with it.
     */
    static final int REFUSED = -1;

    /** Whether a terminal signed the pending challenge: the model cannot check an RSA signature itself. */
    interface Signatures {
        /**
         * @param keyReference a trusted terminal's key reference (a key of {@link #TRUSTED_TERMINALS})
         * @param signature what the terminal sent
         * @return whether it is that terminal's SHA256withRSA signature over the pending challenge
         */
        boolean good(int keyReference, byte[] signature);
    }

    /**
     * Answers a raw command APDU as the rules say the card must, and changes the model's state as
     * the card's must change.
     *
     * @param apdu the bytes sent
     * @param signatures checks an EXTERNAL AUTHENTICATE's signature (asked only when a challenge is
     *     pending and the key reference is trusted)
     * @return the status word, or {@link #REFUSED}
     */
    int answer(byte[] apdu, Signatures signatures) {
        if (apdu == null || apdu.length < 4) {
            return 0x6700; // not even a header
        }
        int cla = apdu[0] & 0xFF;
        if (cla != 0x00 && cla != 0x80) {
            int base = cla & ~0x0C;
            return base == 0x00 || base == 0x80 ? 0x6882 : 0x6E00; // secure messaging, or a class the card has not
        }
        Command command = Command.of(cla, apdu[1] & 0xFF);
        if (command == null) {
            return 0x6D00;
        }
        RawCommand c = RawCommand.decode(apdu);
        if (c == null) {
            return 0x6700;
        }
        try {
            return run(command, c, signatures);
        } catch (Refused r) {
            return r.sw;
        }
    }

    /** Whether P2 addresses a PIN or key EF: 80 (the current EF) or 80|SFI. */
    private static boolean efByP2(int p2) {
        return p2 == 0x80 || shortEfId(p2);
    }

    private int run(Command command, RawCommand c, Signatures signatures) {
        int p1 = c.p1();
        int p2 = c.p2();
        byte[] data = c.data();
        switch (command) {
            case SELECT: {
                require(p1 == 0x04 || p1 == 0x02, 0x6A86);
                require(p2 == 0x0C || p2 == 0x00, 0x6A86);
                require(c.nc() > 0 && !(p2 == 0x0C && c.hasLe()), 0x6700);
                if (p1 == 0x04) {
                    require(c.nc() <= 16, 0x6700);
                    return selectApp(App.byAid(HexFormat.of().withUpperCase().formatHex(data)));
                }
                require(c.nc() == 2, 0x6700);
                return selectEf(((data[0] & 0xFF) << 8) | (data[1] & 0xFF));
            }
            case READ_BINARY: {
                boolean bySfi = (p1 & 0x80) != 0;
                require(!bySfi || shortEfId(p1), 0x6A86);
                require(c.nc() == 0 && c.hasLe(), 0x6700);
                return bySfi ? readSfi(p1 & 0x1F, p2) : readCurrent((p1 << 8) | p2);
            }
            case VERIFY:
                require(p1 == 0x00 && efByP2(p2), 0x6A86);
                require(!c.hasLe(), 0x6700);
                return verify(p2, data);
            case CHANGE_REFERENCE_DATA:
            case CHANGE_KEY:
                require(p1 == (command == Command.CHANGE_KEY ? 0x00 : 0x01) && efByP2(p2), 0x6A86);
                require(c.nc() > 0 && !c.hasLe(), 0x6700);
                return change(p2, command == Command.CHANGE_KEY, data);
            case RESET_RETRY_COUNTER:
                require(p1 == 0x02 && efByP2(p2), 0x6A86);
                require(c.nc() > 0 && !c.hasLe(), 0x6700);
                return resetRetryCounter(p2, data);
            case COMPUTE_DIGITAL_SIGNATURE:
                require(p1 == 0x00 && efByP2(p2), 0x6A86);
                require(c.nc() >= 1 && c.nc() <= 245 && c.ne() >= 256, 0x6700);
                return sign(p2);
            case GET_CHALLENGE:
                require(p1 == 0x00 && p2 == 0x00, 0x6A86);
                require(c.nc() == 0 && c.hasLe(), 0x6700);
                require(!c.extended(), REFUSED); // short Le only
                return getChallenge();
            case EXTERNAL_AUTHENTICATE: {
                require(p1 == 0x00 && p2 > 0x80, 0x6A86);
                require(c.nc() > 0 && !c.hasLe(), 0x6700);
                int keyReference = p2 & 0x7F;
                Role trusted = TRUSTED_TERMINALS.get(keyReference);
                boolean good = challengePending && trusted != null && signatures.good(keyReference, data);
                return externalAuthenticate(trusted != null, trusted, good);
            }
            default:
                throw new IllegalStateException("no rules for " + command);
        }
    }

    /**
     * @param other another model
     * @return null when both are in the same state, else what differs (PIN values are not shown)
     */
    String differenceFrom(CardModel other) {
        List<String> d = new ArrayList<>();
        for (PinKind k : pin.keySet()) {
            if (!pin.get(k).equals(other.pin.get(k))) {
                d.add("value of " + k);
            }
        }
        if (!remaining.equals(other.remaining)) {
            d.add("counters " + remaining + " vs " + other.remaining);
        }
        if (app != other.app) {
            d.add("application " + app + " vs " + other.app);
        }
        if (!Objects.equals(ef, other.ef)) {
            d.add("current EF " + efName(ef) + " vs " + efName(other.ef));
        }
        if (!verified.equals(other.verified)) {
            d.add("verified " + verified + " vs " + other.verified);
        }
        if (role != other.role) {
            d.add("role " + role + " vs " + other.role);
        }
        if (challengePending != other.challengePending) {
            d.add("challenge pending " + challengePending + " vs " + other.challengePending);
        }
        return d.isEmpty() ? null : String.join(", ", d);
    }

    private static String efName(Ef e) {
        return e == null ? "none" : String.format("%04X", e.fid);
    }

    @Override
    public String toString() {
        return "CardModel[app=" + app + ", ef=" + (ef == null ? null : Integer.toHexString(ef.fid)) + ", verified="
                + verified + ", role=" + role + ", challengePending=" + challengePending + ", remaining=" + remaining + "]";
    }
}
