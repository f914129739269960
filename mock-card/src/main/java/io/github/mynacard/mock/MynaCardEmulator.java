package io.github.mynacard.mock;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MyNumber;
import io.github.mynacard.PinKind;
import io.github.mynacard.Sex;
import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.apdu.StatusWords;
import io.github.mynacard.transport.CardTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A strict software My Number Card (個人番号カード) that answers raw APDUs like the real card, as far
 * as public implementations (OpenSC's JPKI driver among them) document it, for tests of code that
 * talks to the card.
 *
 * <h2>Applications and files</h2>
 * <ul>
 *   <li>JPKI AP {@value #JPKI_AID}: certificates in EF 0001 (signing; needs the signing password),
 *       0002 (signing CA), 000A (authentication), 000B (authentication CA), each DER followed by
 *       {@code FF} filler to the next multiple of 32 bytes; token EF 0006 (160 bytes, label
 *       {@code JPKIAPICCTOKEN2}); EF 0008 {@code 8F 8F 00}; keys 0017 (authentication) and 001A
 *       (signing); PIN EFs 0018 (user authentication, 3 attempts) and 001B (signing, 5).</li>
 *   <li>Card-info input support AP {@value #CARD_INFO_AID}: EF 0001 (My Number, 17 bytes), EF 0002
 *       (basic four: name, address, birth date, sex) and EF 0003 (the integrity record: their
 *       hashes, signed by the AP's test issuer key), all behind PIN EF 0011 (3 attempts); EF 0004
 *       (the issuer key's card-verifiable certificate, by the authority whose key
 *       {@link #cardInfoCvcAuthorityKey()} returns), free.</li>
 *   <li>共通カードAP {@value #COMMON_AID}: only the resident-registry PIN EF 001C (3 attempts). It
 *       lives under this AP because the public readers that query the 住基 PIN (TRET's
 *       {@code lookupRemainingPIN(.individualNumber)}, myna-go's tool) select this AP and EF 001C.
 *       The 券面事項確認AP (…0402) and the AP …0401 are not emulated: selecting them answers
 *       {@code 6A82}.</li>
 * </ul>
 *
 * <h2>Commands</h2>
 * SELECT ({@code 00 A4}), READ BINARY ({@code 00 B0}, offset and SFI forms, short and extended Le),
 * VERIFY ({@code 00 20}, empty form = status query), CHANGE REFERENCE DATA ({@code 00 24 01}),
 * CHANGE KEY ({@code 80 32 00}, resident-registry PIN only), COMPUTE DIGITAL SIGNATURE
 * ({@code 80 2A 00}, PKCS#1 v1.5 type 1 over the data as given), and the project's PIN-reset model:
 * GET CHALLENGE ({@code 00 84}), EXTERNAL AUTHENTICATE ({@code 00 82}) with a trusted terminal key,
 * RESET RETRY COUNTER ({@code 00 2C 02}). A wrong PIN spends its attempt <em>before</em> it is
 * compared; a blocked PIN refuses even the right value with {@code 6984}; success restores the
 * counter. Selecting an application (even the current one) or {@link #reset()} drops every
 * verified PIN, the terminal role, the pending challenge and the current EF.
 *
 * <p>Choices where public sources are silent:
 * <ul>
 *   <li>A command shorter than 4 bytes answers {@code 6700}. Otherwise checks run in the order CLA
 *       ({@code 6882}, {@code 6E00}), INS ({@code 6D00}), APDU encoding ({@code 6700}), then the
 *       command's fixed parameters (a P1, or SELECT's P2: {@code 6A86}), its case and lengths
 *       ({@code 6700}), then the file a P2 {@code 80|SFI} addresses ({@code 6A86}, {@code 6A88}),
 *       then the command's state-dependent rules. GET CHALLENGE with an extended Le answers
 *       {@code 6985}.</li>
 *   <li>A failed SELECT leaves the current application and EF as they were. SELECT with P2
 *       {@code 0C} and an Le, or an AID longer than 16 bytes, answers {@code 6700}.</li>
 *   <li>An SFI READ BINARY makes the EF current as soon as it is found, even when the read is
 *       then refused ({@code 6981}, {@code 6982}, {@code 6B00}).</li>
 *   <li>A wrong PIN also drops that PIN's verified state. The empty VERIFY answers {@code 63Cx}
 *       even when the PIN is verified.</li>
 *   <li>CHANGE REFERENCE DATA checks blocked ({@code 6984}) before verified ({@code 6982}) before
 *       the new PIN's format ({@code 6A80}); the PIN stays verified after a change. CHANGE KEY on
 *       a PIN other than 001C answers {@code 6A81}, like CHANGE REFERENCE DATA on 001C.</li>
 *   <li>COMPUTE DIGITAL SIGNATURE needs an Le of at least 256 ({@code 00} or extended), else
 *       {@code 6700}; P2 {@code 80|SFI} of an EF that is not a key answers {@code 6A88}.</li>
 *   <li>GET CHALLENGE and EXTERNAL AUTHENTICATE also work with no application selected, but the
 *       next SELECT drops the role. A failed EXTERNAL AUTHENTICATE ({@code 6300}) drops any role
 *       already granted; malformed ones ({@code 6700}, {@code 6A86}) keep the pending
 *       challenge.</li>
 *   <li>When the save of a restored counter fails, the VERIFY answers {@code 6581}, the PIN is not
 *       verified and the counter stays spent; when the save of a PIN change or reset fails, the
 *       old PIN and counter stay.</li>
 * </ul>
 *
 * <h2>Robustness</h2>
 * {@link #transmit} is synchronized and never throws for any input: malformed commands get a status
 * word ({@code 6700} for bad lengths, {@code 6F00} for an internal error), and the answer to
 * malformed input never changes state. {@link #close()} ends a session like taking the card out of
 * the reader (security state and selection dropped); the card stays usable for the next session.
 *
 * <h2>Persistence</h2>
 * {@link #save(Path)} and {@link #load(Path)} keep the whole card (not its security state). With
 * {@link Builder#stateFile(Path)}, or after {@link #load(Path)}, every change of a counter or PIN
 * is saved atomically before the answer is returned; when that save fails the command answers
 * {@code 6581} (memory failure) and a spent attempt stays spent.
 *
 * <p>The emulator prints nothing and never puts a PIN in an exception message or
 * {@code toString()}. Its keys are public test keys; nothing it signs proves anything.
 */
public final class MynaCardEmulator implements CardTransport {

    /** AID of the JPKI application (公的個人認証AP). */
    public static final String JPKI_AID = "D392F000260100000001";
    /** AID of the card-info input support application (券面事項入力補助AP). */
    public static final String CARD_INFO_AID = "D3921000310001010408";
    /** AID of the 共通カードAP, which holds the resident-registry PIN EF 001C. */
    public static final String COMMON_AID = "D3921000310001010100";

    /** Default signing password (EF 001B). */
    public static final String DEFAULT_SIGNING_PIN = "MYNA2026";
    /** Default user-authentication PIN (EF 0018). */
    public static final String DEFAULT_USER_PIN = "4821";
    /** Default resident-registry PIN (EF 001C). */
    public static final String DEFAULT_RESIDENT_REGISTRY_PIN = "5930";
    /** Default card-info input support PIN (EF 0011). */
    public static final String DEFAULT_CARD_INFO_PIN = "7364";
    /** Default My Number: a fictional number with a valid check digit. */
    public static final String DEFAULT_MY_NUMBER = "314159265352";
    /** Default holder name: family and given name separated by U+3000. */
    public static final String DEFAULT_NAME = "番号\u3000花子";
    /** Default address, with full-width digits. */
    public static final String DEFAULT_ADDRESS = "東京都千代田区霞が関２丁目１番２号";
    /** Default birth date. */
    public static final LocalDate DEFAULT_BIRTH_DATE = LocalDate.of(1990, 4, 1);
    /** Default sex. */
    public static final Sex DEFAULT_SEX = Sex.FEMALE;

    /** Status word the emulator answers when saving its state file failed. */
    public static final int SW_MEMORY_FAILURE = 0x6581;
    /** Status word for a CLA with secure-messaging bits. */
    public static final int SW_SECURE_MESSAGING_NOT_SUPPORTED = 0x6882;

    private enum Kind { BINARY, PIN, KEY }

    /** One elementary file. */
    private static final class Ef {
        final String aid;
        final int fid;
        final Kind kind;
        private byte[] content;
        private java.util.function.Supplier<byte[]> lazy;
        final PinKind access;
        final PinKind pin;
        final JpkiKey key;

        Ef(String aid, int fid, Kind kind, byte[] content, PinKind access, PinKind pin, JpkiKey key) {
            this.aid = aid;
            this.fid = fid;
            this.kind = kind;
            this.content = content;
            this.access = access;
            this.pin = pin;
            this.key = key;
        }

        /** A binary file whose content is made when it is first read (it costs an RSA signature). */
        static Ef lazy(String aid, int fid, java.util.function.Supplier<byte[]> content, PinKind access) {
            Ef ef = new Ef(aid, fid, Kind.BINARY, null, access, null, null);
            ef.lazy = content;
            return ef;
        }

        byte[] content() {
            if (content == null && lazy != null) {
                content = lazy.get();
                lazy = null;
            }
            return content;
        }

        void content(byte[] bytes) {
            content = bytes;
            lazy = null;
        }
    }

    /** A PIN's value and counter. */
    private static final class PinState {
        byte[] value;
        int remaining;

        PinState(byte[] value, int remaining) {
            this.value = value;
            this.remaining = remaining;
        }
    }

    /** A status word answered by throwing, so that checks read top to bottom. */
    private static final class Sw extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int sw;

        Sw(int sw) {
            super(null, null, false, false);
            this.sw = sw;
        }
    }

    // the card (persistent): the image it was made from or last adopted, its PINs and files
    private StateCodec.Image identity;
    private final Map<PinKind, PinState> pins = new EnumMap<>(PinKind.class);
    private KeyPair authKey;
    private KeyPair signKey;
    private byte[] authCertDer;
    private byte[] signCertDer;
    private byte[] authCaDer;
    private byte[] signCaDer;
    private String myNumber;
    private String name;
    private String address;
    private LocalDate birthDate;
    private Sex sex;
    private LocalDate certificateIssueDate;
    private Map<Integer, StateCodec.Terminal> terminals;
    private final Map<String, byte[]> overrides = new TreeMap<>();
    private final Map<String, Map<Integer, Ef>> applications = new LinkedHashMap<>();
    /** The state file this card lives in, or null for a card in memory only. */
    private CardStore store;

    // the session
    private String currentAp;
    private Ef currentEf;
    private final Set<PinKind> verified = EnumSet.noneOf(PinKind.class);
    private TerminalRole role;
    private byte[] challenge;

    private final SecureRandom random = new SecureRandom();
    private boolean cautious;
    private boolean endOfFileWarning;
    private Consumer<Path> saveObserver;

    private MynaCardEmulator(StateCodec.Image img) {
        adoptCard(img);
    }

    /** Takes every persistent value from an image and builds the files from them. */
    private void adoptCard(StateCodec.Image img) {
        identity = img;
        pins.clear();
        for (Map.Entry<PinKind, StateCodec.Pin> e : img.pins().entrySet()) {
            pins.put(e.getKey(), new PinState(e.getValue().value().clone(), e.getValue().remaining()));
        }
        authKey = img.authKey();
        signKey = img.signKey();
        authCertDer = img.authCert();
        signCertDer = img.signCert();
        authCaDer = img.authCa();
        signCaDer = img.signCa();
        myNumber = img.myNumber();
        name = img.name();
        address = img.address();
        birthDate = img.birthDate();
        sex = img.sex();
        certificateIssueDate = img.certificateIssueDate();
        terminals = new TreeMap<>(img.terminals());
        rebuildFiles(img.overrides());
    }

    /** Builds the files anew with these overwritten ones, keeping the current EF by its ID. */
    private void rebuildFiles(Map<String, byte[]> newOverrides) {
        String currentEfAp = currentEf == null ? null : currentEf.aid;
        int currentEfId = currentEf == null ? -1 : currentEf.fid;
        applications.clear();
        overrides.clear();
        buildFiles();
        for (Map.Entry<String, byte[]> e : newOverrides.entrySet()) {
            String[] parts = e.getKey().split(":");
            applyOverride(parts[0], Integer.parseInt(parts[1], 16), e.getValue());
            overrides.put(e.getKey(), e.getValue().clone());
        }
        currentEf = currentEfAp == null ? null : applications.get(currentEfAp).get(currentEfId);
    }

    /** The persistent card as an image, for the state file. */
    private StateCodec.Image image() {
        Map<PinKind, StateCodec.Pin> p = new EnumMap<>(PinKind.class);
        for (Map.Entry<PinKind, PinState> e : pins.entrySet()) {
            p.put(e.getKey(), new StateCodec.Pin(e.getValue().value.clone(), e.getValue().remaining));
        }
        Map<String, byte[]> o = new TreeMap<>();
        overrides.forEach((k, v) -> o.put(k, v.clone()));
        return new StateCodec.Image(p, myNumber, name, address, birthDate, sex, certificateIssueDate, authKey, signKey,
                authCertDer, signCertDer, authCaDer, signCaDer, new TreeMap<>(terminals), o);
    }

    /**
     * Adopts what another process (or emulator object) wrote to the state file. The session
     * (selection, verified PINs, terminal role) stays, as another reader session's commands leave
     * this one's security state alone, except: a PIN whose value another session set, or whose
     * counter it lowered, is no longer verified here; and a different card in the file (other
     * holder, keys or certificates) ends the session, as a card swapped in the reader would.
     */
    private void adopt(StateCodec.Image img) {
        if (!img.sameCardAs(identity)) {
            adoptCard(img);
            reset();
            return;
        }
        for (Map.Entry<PinKind, StateCodec.Pin> e : img.pins().entrySet()) {
            PinKind k = e.getKey();
            PinState mine = pins.get(k);
            StateCodec.Pin theirs = e.getValue();
            if (!Arrays.equals(mine.value, theirs.value()) || theirs.remaining() < mine.remaining) {
                verified.remove(k);
            }
            Arrays.fill(mine.value, (byte) 0);
            mine.value = theirs.value().clone();
            mine.remaining = theirs.remaining();
        }
        if (!sameFiles(img.overrides())) {
            rebuildFiles(img.overrides());
        }
        identity = img;
    }

    private boolean sameFiles(Map<String, byte[]> other) {
        if (!overrides.keySet().equals(other.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : overrides.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts a card description with every value at its documented default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A card with every value at its default; same as {@code builder().build()}.
     *
     * @return a new emulated card
     */
    public static MynaCardEmulator createDefault() {
        return builder().build();
    }

    // ------------------------------------------------------------------ files

    private void buildFiles() {
        Map<Integer, Ef> jpki = new TreeMap<>();
        put(jpki, bin(JPKI_AID, 0x0001, padded(signCertDer), PinKind.SIGNING));
        put(jpki, bin(JPKI_AID, 0x0002, padded(signCaDer), null));
        put(jpki, bin(JPKI_AID, 0x0006, token(), null));
        put(jpki, bin(JPKI_AID, 0x0008, new byte[] {(byte) 0x8F, (byte) 0x8F, 0x00}, null));
        put(jpki, bin(JPKI_AID, 0x000A, padded(authCertDer), null));
        put(jpki, bin(JPKI_AID, 0x000B, padded(authCaDer), null));
        put(jpki, new Ef(JPKI_AID, 0x0017, Kind.KEY, null, null, null, JpkiKey.AUTHENTICATION));
        put(jpki, new Ef(JPKI_AID, 0x001A, Kind.KEY, null, null, null, JpkiKey.SIGNING));
        put(jpki, pinEf(JPKI_AID, 0x0018, PinKind.USER_AUTH));
        put(jpki, pinEf(JPKI_AID, 0x001B, PinKind.SIGNING));
        applications.put(JPKI_AID, jpki);

        Map<Integer, Ef> text = new TreeMap<>();
        byte[] numberFile = myNumberFile();
        byte[] basicFile = basicFourFile();
        put(text, bin(CARD_INFO_AID, 0x0001, numberFile, PinKind.CARD_INFO_INPUT));
        put(text, bin(CARD_INFO_AID, 0x0002, basicFile, PinKind.CARD_INFO_INPUT));
        // the integrity record is made from the data as built: a file overwritten later fails it
        put(text, Ef.lazy(CARD_INFO_AID, 0x0003, () -> CardInfoIntegrity.integrityRecord(numberFile, basicFile),
                PinKind.CARD_INFO_INPUT));
        put(text, Ef.lazy(CARD_INFO_AID, 0x0004, CardInfoIntegrity::cvc, null));
        put(text, pinEf(CARD_INFO_AID, 0x0011, PinKind.CARD_INFO_INPUT));
        applications.put(CARD_INFO_AID, text);

        Map<Integer, Ef> common = new TreeMap<>();
        put(common, pinEf(COMMON_AID, 0x001C, PinKind.RESIDENT_REGISTRY));
        applications.put(COMMON_AID, common);
    }

    private static void put(Map<Integer, Ef> ap, Ef ef) {
        ap.put(ef.fid, ef);
    }

    private static Ef bin(String aid, int fid, byte[] content, PinKind access) {
        return new Ef(aid, fid, Kind.BINARY, content, access, null, null);
    }

    private static Ef pinEf(String aid, int fid, PinKind pin) {
        return new Ef(aid, fid, Kind.PIN, null, null, pin, null);
    }

    /** The TLV followed by FF filler up to the next multiple of 32, at least one FF. */
    private static byte[] padded(byte[] tlv) {
        int pad = 32 - tlv.length % 32;
        byte[] out = Arrays.copyOf(tlv, tlv.length + pad);
        Arrays.fill(out, tlv.length, out.length, (byte) 0xFF);
        return out;
    }

    private static byte[] token() {
        byte[] t = new byte[160];
        Arrays.fill(t, 0, 96, (byte) 0x20);
        byte[] label = "JPKIAPICCTOKEN2".getBytes(StandardCharsets.US_ASCII);
        byte[] maker = "mynacard emulator".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, t, 0, label.length);
        System.arraycopy(maker, 0, t, 32, maker.length);
        return t;
    }

    private byte[] myNumberFile() {
        byte[] f = new byte[17];
        f[0] = (byte) 0xFF;
        f[1] = 0x10;
        f[2] = 0x0C;
        System.arraycopy(myNumber.getBytes(StandardCharsets.US_ASCII), 0, f, 3, 12);
        f[15] = (byte) 0xFF;
        f[16] = (byte) 0xFF;
        return f;
    }

    private byte[] basicFourFile() {
        byte[] n = tlv(0xDF22, name.getBytes(StandardCharsets.UTF_8));
        byte[] a = tlv(0xDF23, address.getBytes(StandardCharsets.UTF_8));
        byte[] d = tlv(0xDF24, birthDate.format(DateTimeFormatter.BASIC_ISO_DATE).getBytes(StandardCharsets.US_ASCII));
        byte[] s = tlv(0xDF25, new byte[] {(byte) sex.code()});
        int offsetsLen = 3 + 8;
        int innerLen = offsetsLen + n.length + a.length + d.length + s.length;
        byte[] header = concat(new byte[] {(byte) 0xFF, 0x20}, berLength(innerLen));
        int o1 = header.length + offsetsLen;
        int o2 = o1 + n.length;
        int o3 = o2 + a.length;
        int o4 = o3 + d.length;
        byte[] offsets = tlv(0xDF21, new byte[] {
            (byte) (o1 >> 8), (byte) o1, (byte) (o2 >> 8), (byte) o2,
            (byte) (o3 >> 8), (byte) o3, (byte) (o4 >> 8), (byte) o4});
        return padded(concat(header, offsets, n, a, d, s));
    }

    private static byte[] tlv(int tag, byte[] value) {
        return concat(new byte[] {(byte) (tag >> 8), (byte) tag}, berLength(value.length), value);
    }

    private static byte[] berLength(int len) {
        if (len < 0x80) {
            return new byte[] {(byte) len};
        }
        if (len < 0x100) {
            return new byte[] {(byte) 0x81, (byte) len};
        }
        return new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ transport

    /**
     * Processes one command APDU like the card would.
     *
     * <p>Never throws for any input, including null, empty, truncated, garbage or huge arrays: every
     * problem becomes a status word ({@code 6F00} for an internal error). Synchronized, so threads
     * sharing one emulator see one command at a time.
     *
     * <p>A card kept in a state file runs each command under the file's lock, on the card as the
     * file holds it at that moment (what another process wrote is adopted first), and writes every
     * change durably before the answer is returned; see {@link #load(Path)}.
     *
     * @param command the encoded command APDU; not modified or kept
     * @return the response data followed by SW1 SW2
     * @throws io.github.mynacard.transport.CardTransportException only for a card kept in a state
     *     file: {@code SHARING_VIOLATION} when another process holds the file for longer than the
     *     bounded wait (5 s by default), {@code CARD_REMOVED} when the file no longer exists; the
     *     command was not run
     * @throws CardStateException only for a card kept in a state file, when the file no longer holds
     *     a card (replaced by something else or corrupted); the command was not run
     * @throws IOException when the state file cannot be read; the command was not run
     */
    @Override
    public synchronized byte[] transmit(byte[] command) throws IOException {
        if (store == null) {
            return process(command);
        }
        try (CardStore.Lock lock = store.lock()) {
            refresh();
            return process(command);
        }
    }

    /** Adopts the state file's content when another process or emulator object changed it; the caller holds the lock. */
    private void refresh() throws IOException {
        byte[] now = store.readIfChanged();
        if (now != null) {
            adopt(StateCodec.decode(now));
        }
    }

    /** Runs {@link #refresh()} under the lock, for the test-support accessors. */
    private void sync() {
        if (store == null) {
            return;
        }
        try (CardStore.Lock lock = store.lock()) {
            refresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] process(byte[] command) {
        try {
            return dispatch(command);
        } catch (Sw s) {
            return sw(s.sw);
        } catch (Throwable t) { // the card never lets an exception escape
            return sw(StatusWords.NO_PRECISE_DIAGNOSIS);
        }
    }

    /**
     * Ends a session on the emulated card, as taking the card out of the reader would: every
     * verified PIN, the terminal role and the selection are dropped. The card itself (PINs,
     * counters, files) stays, and the emulator can serve the next session, as a real card can be
     * put back into a reader.
     */
    @Override
    public synchronized void close() {
        reset();
    }

    /**
     * A card reset (power cycle): drops every verified PIN, the terminal role, the pending
     * challenge, the current application and the current EF. Counters and PINs are kept.
     */
    public synchronized void reset() {
        dropSecurityState();
        currentAp = null;
    }

    private void dropSecurityState() {
        verified.clear();
        role = null;
        challenge = null;
        currentEf = null;
    }

    private byte[] dispatch(byte[] raw) {
        if (raw == null || raw.length < 4) {
            return sw(StatusWords.WRONG_LENGTH);
        }
        int cla = raw[0] & 0xFF;
        int ins = raw[1] & 0xFF;
        int base = cla & ~0x0C;
        if ((base == 0x00 || base == 0x80) && (cla & 0x0C) != 0) {
            return sw(SW_SECURE_MESSAGING_NOT_SUPPORTED);
        }
        if (cla != 0x00 && cla != 0x80) {
            return sw(StatusWords.CLA_NOT_SUPPORTED);
        }
        boolean known = cla == 0x00
                ? ins == 0xA4 || ins == 0xB0 || ins == 0x20 || ins == 0x24 || ins == 0x2C || ins == 0x84 || ins == 0x82
                : ins == 0x2A || ins == 0x32;
        if (!known) {
            return sw(StatusWords.INS_NOT_SUPPORTED);
        }
        CommandApdu c;
        try {
            c = CommandApdu.parse(raw);
        } catch (IllegalArgumentException e) {
            return sw(StatusWords.WRONG_LENGTH);
        }
        // EXTERNAL AUTHENTICATE of the reset model carries a 256-byte signature: it needs an
        // extended Lc by nature, and terminals are full readers, so it is exempt
        if (cautious && ((c.isExtended() && ins != 0x82) || usesShortEfId(c))) {
            return sw(c.isExtended() ? StatusWords.WRONG_LENGTH : StatusWords.WRONG_P1P2);
        }
        if (cla == 0x80) {
            return ins == 0x2A ? computeSignature(c) : changeReference(c, true);
        }
        switch (ins) {
            case 0xA4:
                return select(c);
            case 0xB0:
                return readBinary(c);
            case 0x20:
                return verify(c);
            case 0x24:
                return changeReference(c, false);
            case 0x2C:
                return resetRetryCounter(c);
            case 0x84:
                return getChallenge(c);
            default:
                return externalAuthenticate(c);
        }
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    private static byte[] ok(byte[] data) {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) 0x90;
        return out;
    }

    private static void check(boolean condition, int sw) {
        if (!condition) {
            throw new Sw(sw);
        }
    }

    private byte[] select(CommandApdu c) {
        int p1 = c.p1();
        int p2 = c.p2();
        check(p1 == 0x04 || p1 == 0x02, StatusWords.WRONG_P1P2);
        check(p2 == 0x0C || p2 == 0x00, StatusWords.WRONG_P1P2);
        check(c.nc() > 0 && !(p2 == 0x0C && c.ne() > 0), StatusWords.WRONG_LENGTH);
        if (p1 == 0x04) {
            check(c.nc() <= 16, StatusWords.WRONG_LENGTH);
            String aid = HexFormat.of().withUpperCase().formatHex(c.data());
            check(applications.containsKey(aid), StatusWords.FILE_NOT_FOUND);
            dropSecurityState();
            currentAp = aid;
            return sw(StatusWords.SUCCESS);
        }
        check(c.nc() == 2, StatusWords.WRONG_LENGTH);
        check(currentAp != null, StatusWords.FILE_NOT_FOUND);
        byte[] d = c.data();
        Ef ef = applications.get(currentAp).get(((d[0] & 0xFF) << 8) | (d[1] & 0xFF));
        check(ef != null, StatusWords.FILE_NOT_FOUND);
        currentEf = ef;
        return sw(StatusWords.SUCCESS);
    }

    private Ef bySfi(int sfi, int notFound) {
        check(currentAp != null, notFound);
        Ef ef = applications.get(currentAp).get(sfi);
        check(ef != null, notFound);
        return ef;
    }

    /** Whether a command addresses a file by short EF identifier (READ BINARY P1, or P2 of a PIN or key command). */
    private static boolean usesShortEfId(CommandApdu c) {
        if (c.ins() == 0xB0) {
            return (c.p1() & 0x80) != 0;
        }
        boolean p2Addresses = c.ins() == 0x20 || c.ins() == 0x24 || c.ins() == 0x2C || c.ins() == 0x2A || c.ins() == 0x32;
        return p2Addresses && (c.p2() & 0x80) != 0 && c.p2() != 0x80;
    }

    /**
     * Makes this card cautious, like a card (or a reader) without support for short EF identifiers
     * and extended lengths: any extended-length command answers {@code 6700} and any short EF
     * identifier (READ BINARY P1, or P2 of VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER,
     * CHANGE KEY and COMPUTE DIGITAL SIGNATURE) answers {@code 6A86}, with nothing changed. Lets
     * tests cover a client's fallback path. Not saved with the card's state. EXTERNAL AUTHENTICATE
     * of the reset model is exempt: a terminal's 256-byte signature needs an extended Lc.
     *
     * @param cautious true to refuse both forms, false (the default) to accept them
     */
    public synchronized void setCautious(boolean cautious) {
        this.cautious = cautious;
    }

    private byte[] readBinary(CommandApdu c) {
        int p1 = c.p1();
        int p2 = c.p2();
        boolean sfiForm = (p1 & 0x80) != 0;
        if (sfiForm) {
            int sfi = p1 & 0x1F;
            check((p1 & 0x60) == 0 && sfi >= 1 && sfi <= 30, StatusWords.WRONG_P1P2);
        }
        check(c.nc() == 0 && c.ne() > 0, StatusWords.WRONG_LENGTH);
        Ef ef;
        int offset;
        if (sfiForm) {
            ef = bySfi(p1 & 0x1F, StatusWords.FILE_NOT_FOUND);
            currentEf = ef;
            offset = p2;
        } else {
            check(currentEf != null, StatusWords.COMMAND_NOT_ALLOWED);
            ef = currentEf;
            offset = (p1 << 8) | p2;
        }
        check(ef.kind == Kind.BINARY, StatusWords.INCOMPATIBLE_FILE_STRUCTURE);
        check(ef.access == null || verified.contains(ef.access), StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        byte[] content = ef.content();
        check(offset < content.length, StatusWords.OFFSET_OUTSIDE_FILE);
        int n = Math.min(c.ne(), content.length - offset);
        byte[] data = ok(Arrays.copyOfRange(content, offset, offset + n));
        if (endOfFileWarning && n < c.ne()) {
            data[n] = (byte) (StatusWords.END_OF_FILE >> 8);
            data[n + 1] = (byte) StatusWords.END_OF_FILE;
        }
        return data;
    }

    /**
     * Makes this card answer a READ BINARY whose Le runs past the end of the file with the bytes
     * there are and {@code 6282} (end of file reached before Le bytes) instead of {@code 9000}, as
     * ISO 7816-4 lets a card do and some do. Lets tests cover a client's handling of that warning.
     * Not saved with the card's state.
     *
     * @param warn true to answer {@code 6282}, false (the default) for {@code 9000}
     */
    public synchronized void setEndOfFileWarning(boolean warn) {
        this.endOfFileWarning = warn;
    }

    /** P2 {@code 80} (current EF) or {@code 80|SFI}: the PIN EF a PIN command addresses. */
    private Ef pinByP2(int p2) {
        if (p2 == 0x80) {
            check(currentEf != null, StatusWords.COMMAND_NOT_ALLOWED);
            check(currentEf.kind == Kind.PIN, StatusWords.INCOMPATIBLE_FILE_STRUCTURE);
            return currentEf;
        }
        int sfi = p2 & 0x1F;
        check((p2 & 0xE0) == 0x80 && sfi >= 1 && sfi <= 30, StatusWords.WRONG_P1P2);
        Ef ef = bySfi(sfi, StatusWords.REFERENCED_DATA_NOT_FOUND);
        check(ef.kind == Kind.PIN, StatusWords.REFERENCED_DATA_NOT_FOUND);
        return ef;
    }

    private byte[] verify(CommandApdu c) {
        check(c.p1() == 0x00, StatusWords.WRONG_P1P2);
        check(c.ne() == 0, StatusWords.WRONG_LENGTH);
        Ef ef = pinByP2(c.p2());
        PinKind kind = ef.pin;
        PinState ps = pins.get(kind);
        if (c.nc() == 0) {
            return sw(0x63C0 | ps.remaining);
        }
        check(ps.remaining > 0, StatusWords.REFERENCE_DATA_BLOCKED);
        byte[] offered = c.data();
        try {
            // spend the attempt first, and make it durable, before looking at the value
            ps.remaining--;
            verified.remove(kind);
            persist();
            if (!constantTimeEquals(offered, ps.value)) {
                return sw(0x63C0 | ps.remaining);
            }
            int spent = ps.remaining;
            ps.remaining = EmulatedPins.maxAttempts(kind);
            try {
                persist();
            } catch (Sw s) {
                ps.remaining = spent;
                throw s;
            }
            verified.add(kind);
            return sw(StatusWords.SUCCESS);
        } finally {
            Arrays.fill(offered, (byte) 0);
        }
    }

    private static boolean constantTimeEquals(byte[] a, byte[] b) {
        int diff = a.length ^ b.length;
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            diff |= x ^ y;
        }
        return diff == 0;
    }

    /** Sets a PIN and its full counter, durably; on a failed save nothing changes and 6581 is thrown. */
    /** Sets the new PIN in the command's data when its format is right ({@code 6A80} and no change otherwise). */
    private byte[] storeNewPin(PinKind kind, CommandApdu c) {
        byte[] newPin = c.data();
        try {
            check(EmulatedPins.wellFormed(kind, newPin), StatusWords.WRONG_DATA);
            setPin(kind, newPin);
            return sw(StatusWords.SUCCESS);
        } finally {
            Arrays.fill(newPin, (byte) 0);
        }
    }

    private void setPin(PinKind kind, byte[] newValue) {
        PinState ps = pins.get(kind);
        byte[] oldValue = ps.value;
        int oldRemaining = ps.remaining;
        ps.value = newValue.clone();
        ps.remaining = EmulatedPins.maxAttempts(kind);
        try {
            persist();
        } catch (Sw s) {
            Arrays.fill(ps.value, (byte) 0);
            ps.value = oldValue;
            ps.remaining = oldRemaining;
            throw s;
        }
        Arrays.fill(oldValue, (byte) 0);
    }

    private byte[] changeReference(CommandApdu c, boolean changeKey) {
        check(c.p1() == (changeKey ? 0x00 : 0x01), StatusWords.WRONG_P1P2);
        check(c.nc() > 0 && c.ne() == 0, StatusWords.WRONG_LENGTH);
        Ef ef = pinByP2(c.p2());
        PinKind kind = ef.pin;
        check(changeKey == (kind == PinKind.RESIDENT_REGISTRY), StatusWords.FUNCTION_NOT_SUPPORTED);
        PinState ps = pins.get(kind);
        check(ps.remaining > 0, StatusWords.REFERENCE_DATA_BLOCKED);
        check(verified.contains(kind), StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        return storeNewPin(kind, c);
    }

    private byte[] computeSignature(CommandApdu c) {
        check(c.p1() == 0x00, StatusWords.WRONG_P1P2);
        int p2 = c.p2();
        Ef ef;
        if (p2 == 0x80) {
            check(c.nc() >= 1 && c.nc() <= 245 && c.ne() >= 256, StatusWords.WRONG_LENGTH);
            check(currentEf != null, StatusWords.COMMAND_NOT_ALLOWED);
            check(currentEf.kind == Kind.KEY, StatusWords.INCOMPATIBLE_FILE_STRUCTURE);
            ef = currentEf;
        } else {
            int sfi = p2 & 0x1F;
            check((p2 & 0xE0) == 0x80 && sfi >= 1 && sfi <= 30, StatusWords.WRONG_P1P2);
            check(c.nc() >= 1 && c.nc() <= 245 && c.ne() >= 256, StatusWords.WRONG_LENGTH);
            ef = bySfi(sfi, StatusWords.REFERENCED_DATA_NOT_FOUND);
            check(ef.kind == Kind.KEY, StatusWords.REFERENCED_DATA_NOT_FOUND);
        }
        JpkiKey key = ef.key;
        check(verified.contains(key.pin()), StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        try {
            Signature s = Signature.getInstance("NONEwithRSA");
            s.initSign((key == JpkiKey.AUTHENTICATION ? authKey : signKey).getPrivate());
            s.update(c.data());
            return ok(s.sign());
        } catch (GeneralSecurityException e) {
            return sw(StatusWords.NO_PRECISE_DIAGNOSIS);
        }
    }

    private byte[] getChallenge(CommandApdu c) {
        check(c.p1() == 0 && c.p2() == 0, StatusWords.WRONG_P1P2);
        check(c.nc() == 0 && c.ne() > 0, StatusWords.WRONG_LENGTH);
        check(!c.isExtended(), StatusWords.CONDITIONS_NOT_SATISFIED);
        byte[] ch = new byte[c.ne()];
        random.nextBytes(ch);
        challenge = ch.clone();
        return ok(ch);
    }

    private byte[] externalAuthenticate(CommandApdu c) {
        check(c.p1() == 0x00 && c.p2() > 0x80, StatusWords.WRONG_P1P2);
        check(c.nc() > 0 && c.ne() == 0, StatusWords.WRONG_LENGTH);
        byte[] ch = challenge;
        check(ch != null, StatusWords.CONDITIONS_NOT_SATISFIED);
        challenge = null;
        StateCodec.Terminal t = terminals.get(c.p2() & 0x7F);
        check(t != null, StatusWords.REFERENCED_DATA_NOT_FOUND);
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
            role = null;
            return sw(StatusWords.VERIFY_FAILED_NO_COUNTER);
        }
        role = t.role();
        return sw(StatusWords.SUCCESS);
    }

    private byte[] resetRetryCounter(CommandApdu c) {
        check(c.p1() == 0x02, StatusWords.WRONG_P1P2);
        check(c.nc() > 0 && c.ne() == 0, StatusWords.WRONG_LENGTH);
        Ef ef = pinByP2(c.p2());
        PinKind kind = ef.pin;
        check(role != null, StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        if (role == TerminalRole.KIOSK) {
            boolean allowed = (kind == PinKind.SIGNING && verified.contains(PinKind.USER_AUTH))
                    || (kind == PinKind.USER_AUTH && verified.contains(PinKind.SIGNING));
            check(allowed, StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        }
        return storeNewPin(kind, c);
    }

    // ------------------------------------------------------------------ test support

    /**
     * Test support: the attempts left for a PIN, without spending one. For a card kept in a state
     * file, as the file holds it now.
     *
     * @param pin which PIN
     * @return 0 (blocked) up to the PIN's attempt limit
     * @throws UncheckedIOException when the state file cannot be read
     */
    public synchronized int remainingAttempts(PinKind pin) {
        Objects.requireNonNull(pin, "pin");
        sync();
        return pins.get(pin).remaining;
    }

    /**
     * Test support: whether a PIN is blocked (no attempts left).
     *
     * @param pin which PIN
     * @return true when the card refuses every VERIFY of it with {@code 6984}
     */
    public synchronized boolean isBlocked(PinKind pin) {
        return remainingAttempts(pin) == 0;
    }

    /**
     * Test support: one of the card's certificates as issued (a file overwritten with
     * {@link #overwriteFile} does not change it).
     *
     * @param which the certificate
     * @return the parsed certificate
     */
    public synchronized X509Certificate certificate(JpkiCertificate which) {
        byte[] der;
        switch (Objects.requireNonNull(which, "which")) {
            case AUTHENTICATION:
                der = authCertDer;
                break;
            case AUTHENTICATION_CA:
                der = authCaDer;
                break;
            case SIGNING:
                der = signCertDer;
                break;
            default:
                der = signCaDer;
                break;
        }
        try {
            return CardCertificates.parse(der);
        } catch (CertificateException e) {
            throw new IllegalStateException("stored certificate does not parse", e);
        }
    }

    /**
     * Test support: the holder's birth date as the card holds it (in the card-info AP and the
     * signing certificate), for callers that check a new PIN against it as a card holder's tool
     * would after reading the card.
     *
     * @return the birth date
     */
    public synchronized LocalDate holderBirthDate() {
        sync();
        return birthDate;
    }

    /**
     * Test support: the public half of one of the holder's keys.
     *
     * @param key which key
     * @return its RSA public key
     */
    public synchronized PublicKey publicKey(JpkiKey key) {
        return (Objects.requireNonNull(key, "key") == JpkiKey.AUTHENTICATION ? authKey : signKey).getPublic();
    }

    /**
     * The public key of the test authority that certifies the card-info AP's issuer key (EF 0004).
     * Pass it to {@code MynaCard.readCardFields(pin, lastAttempt, trustedKey)} to check that the
     * card's data is genuine. Test support: a public test key, the same for every emulated card.
     *
     * @return the authority's RSA public key
     */
    public PublicKey cardInfoCvcAuthorityKey() {
        return CardInfoIntegrity.cvcAuthority().getPublic();
    }

    /**
     * Test support: the test root of the user-authentication hierarchy (same as the certificate in
     * EF 000B).
     *
     * @return the self-signed test CA certificate
     */
    public X509Certificate authenticationRootCertificate() {
        return certificate(JpkiCertificate.AUTHENTICATION_CA);
    }

    /**
     * Test support: the test root of the digital-signature hierarchy (same as the certificate in
     * EF 0002).
     *
     * @return the self-signed test CA certificate
     */
    public X509Certificate signingRootCertificate() {
        return certificate(JpkiCertificate.SIGNING_CA);
    }

    /**
     * Test support: replaces the bytes of a binary EF, to simulate a corrupted or unusual card. The
     * access rule of the file is kept. The change is part of the saved state (and autosaved when a
     * state file is set).
     *
     * @param aidHex the application's AID in hex (case-insensitive), e.g. {@value #JPKI_AID}
     * @param fileId the EF's file ID
     * @param content the new bytes (copied); at least one byte
     * @throws IllegalArgumentException when the application or a binary EF with that ID does not
     *     exist (PIN and key EFs cannot be overwritten) or the content is empty
     * @throws UncheckedIOException when the state file cannot be read or the autosave fails
     */
    public synchronized void overwriteFile(String aidHex, int fileId, byte[] content) {
        Objects.requireNonNull(aidHex, "aidHex");
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("content must not be empty");
        }
        String aid = aidHex.toUpperCase(Locale.ROOT);
        if (store == null) {
            applyOverride(aid, fileId, content);
            overrides.put(overrideKey(aid, fileId), content.clone());
            return;
        }
        try (CardStore.Lock lock = store.lock()) {
            refresh();
            applyOverride(aid, fileId, content);
            overrides.put(overrideKey(aid, fileId), content.clone());
            store.write(StateCodec.encode(image()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String overrideKey(String aid, int fid) {
        return aid + ":" + String.format(Locale.ROOT, "%04X", fid);
    }

    private void applyOverride(String aid, int fid, byte[] content) {
        Map<Integer, Ef> ap = applications.get(aid);
        Ef ef = ap == null ? null : ap.get(fid);
        if (ef == null || ef.kind != Kind.BINARY) {
            throw new IllegalArgumentException("no binary EF with that ID in that application");
        }
        ef.content(content.clone());
    }

    /**
     * Test hook: a copy of this card (PINs, counters, overwritten files; keys, certificates and
     * trusted terminals shared, they never change) with no state file, as after {@link #reset()}.
     * Much cheaper than building a card, for tests that need thousands of fresh cards.
     */
    synchronized MynaCardEmulator copyForTest() {
        sync();
        MynaCardEmulator c = new MynaCardEmulator(image());
        c.cautious = cautious;
        c.endOfFileWarning = endOfFileWarning;
        return c;
    }

    /**
     * Test hook: a digest of everything {@link #save(Path)} keeps that a command can change (every
     * PIN's value and counter, every file's content, the overwritten files), without the disk.
     * Equal digests mean the persistent card is unchanged.
     */
    synchronized String persistentFingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (PinKind k : PinKind.holderPins()) {
                PinState ps = pins.get(k);
                md.update((byte) k.ordinal());
                md.update((byte) ps.remaining);
                md.update((byte) ps.value.length);
                md.update(ps.value);
            }
            for (Map<Integer, Ef> ap : applications.values()) {
                for (Ef ef : ap.values()) {
                    md.update((byte) (ef.fid >> 8));
                    md.update((byte) ef.fid);
                    if (ef.content() != null) {
                        md.update(ef.content());
                    }
                }
            }
            for (Map.Entry<String, byte[]> o : overrides.entrySet()) {
                md.update(o.getKey().getBytes(StandardCharsets.US_ASCII));
                md.update(o.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Test hook: the session as a reference model sees it.
     *
     * @param application the selected application's AID (upper-case hex), or null
     * @param efApplication the AID of the current EF's application, or null when no EF is current
     * @param efId the current EF's ID, or -1
     * @param verified the PINs verified in this session
     * @param role the terminal role granted in this session, or null
     * @param challengePending whether a GET CHALLENGE is waiting for its EXTERNAL AUTHENTICATE
     */
    record SessionView(String application, String efApplication, int efId, Set<PinKind> verified, TerminalRole role,
            boolean challengePending) {
    }

    /** Test hook: this session's state. */
    synchronized SessionView sessionView() {
        return new SessionView(currentAp, currentEf == null ? null : currentEf.aid, currentEf == null ? -1 : currentEf.fid,
                Set.copyOf(verified), role, challenge != null);
    }

    /** Test hook: a PIN's value as the card holds it (ASCII). */
    synchronized String pinValue(PinKind pin) {
        sync();
        return new String(pins.get(pin).value, StandardCharsets.US_ASCII);
    }

    /** Test hook: called with the state file after every successful autosave, inside the command. */
    synchronized void saveObserver(Consumer<Path> observer) {
        this.saveObserver = observer;
    }

    // ------------------------------------------------------------------ persistence

    /** Makes the persistent card durable before the answer leaves; a failed save answers 6581. */
    private void persist() {
        if (store == null) {
            return;
        }
        try {
            store.write(StateCodec.encode(image()));
        } catch (IOException | RuntimeException e) {
            throw new Sw(SW_MEMORY_FAILURE);
        }
        if (saveObserver != null) {
            saveObserver.accept(store.file());
        }
    }

    /**
     * Saves the whole card (PINs, counters, keys, certificates, holder data, trusted terminals,
     * overwritten files), not its security state, in a versioned UTF-8 text format with a trailing
     * SHA-256 line. The write is atomic, under the target file's lock: a temporary file in the same
     * directory, forced to disk, then moved over {@code file} (a symbolic link is followed; an
     * existing file's mode is kept, a new one is readable by its owner only). The file holds the
     * PINs and private keys of this test card; treat it as test data only. This card keeps living
     * where it lived before (in memory, or in its own state file).
     *
     * @param file where to save; its directory must exist
     * @throws IOException when the file cannot be written, or this card's own state file read
     */
    public synchronized void save(Path file) throws IOException {
        CardStore target = CardStore.at(Objects.requireNonNull(file, "file"));
        if (store != null) {
            try (CardStore.Lock lock = store.lock()) {
                refresh();
            }
        }
        byte[] content = StateCodec.encode(image());
        try (CardStore.Lock lock = target.lock()) {
            target.write(content);
        }
    }

    /**
     * Opens the card kept in a state file, written by {@link #save(Path)}, {@link Builder#stateFile}
     * or another emulator's autosave. The card lives in the file from now on: every command runs
     * under the file's lock on the card as the file holds it (so several emulator objects and
     * several processes on one file are one card, each with its own session: selection, verified
     * PINs, terminal role), and every change is written atomically and durably before the answer
     * is returned. Temporary files that a crash during an earlier save left next to the file are
     * deleted. A symbolic link is followed: the link stays, its target is replaced. The file is
     * otherwise only read by this method, never modified, also when it cannot be loaded.
     *
     * @param file the state file
     * @return the card, as after a {@link #reset()}
     * @throws CardStateException when the file is truncated, corrupted (checksum mismatch), of
     *     another format or version, incomplete, not a regular file, or larger than a state file
     *     can be; the message says which, never quoting a PIN
     * @throws IOException when the file cannot be read (missing: {@link java.nio.file.NoSuchFileException})
     */
    public static MynaCardEmulator load(Path file) throws IOException {
        CardStore store = CardStore.at(Objects.requireNonNull(file, "file"));
        MynaCardEmulator card = new MynaCardEmulator(StateCodec.decode(store.read()));
        card.store = store;
        try (CardStore.Lock lock = store.lock()) {
            store.removeTemporaries();
        } catch (IOException e) {
            // another process is busy with the card (it cleans up itself) or the directory is read-only
        }
        return card;
    }

    /**
     * @return a description without PINs, numbers or personal data
     */
    @Override
    public String toString() {
        return "MynaCardEmulator[" + (currentAp == null ? "no application selected" : "application selected") + "]";
    }

    // ------------------------------------------------------------------ builder

    /**
     * Describes an emulated card. Every setting has a documented default; {@link #build()} checks
     * the values. Not thread-safe.
     */
    public static final class Builder {
        private String signingPin = DEFAULT_SIGNING_PIN;
        private String userPin = DEFAULT_USER_PIN;
        private String residentRegistryPin = DEFAULT_RESIDENT_REGISTRY_PIN;
        private String cardInfoPin = DEFAULT_CARD_INFO_PIN;
        private String myNumber = DEFAULT_MY_NUMBER;
        private String name = DEFAULT_NAME;
        private String address = DEFAULT_ADDRESS;
        private LocalDate birthDate = DEFAULT_BIRTH_DATE;
        private Sex sex = DEFAULT_SEX;
        private LocalDate certificateIssueDate;
        private boolean freshKeys;
        private Path stateFile;
        private final Map<Integer, StateCodec.Terminal> terminals = new TreeMap<>();

        private Builder() {
            terminals.put(TestTerminals.KIOSK_KEY_REFERENCE, new StateCodec.Terminal(TestTerminals.kioskPublicKey(), TerminalRole.KIOSK));
            terminals.put(TestTerminals.MUNICIPAL_OFFICE_KEY_REFERENCE,
                    new StateCodec.Terminal(TestTerminals.municipalOfficePublicKey(), TerminalRole.MUNICIPAL_OFFICE));
        }

        /**
         * @param pin the signing password (6–16 of {@code A–Z0–9}); default
         *     {@value MynaCardEmulator#DEFAULT_SIGNING_PIN}
         * @return this builder
         */
        public Builder signingPin(String pin) {
            this.signingPin = pin;
            return this;
        }

        /**
         * @param pin the user-authentication PIN (4 digits); default {@value MynaCardEmulator#DEFAULT_USER_PIN}
         * @return this builder
         */
        public Builder userPin(String pin) {
            this.userPin = pin;
            return this;
        }

        /**
         * @param pin the resident-registry PIN (4 digits); default
         *     {@value MynaCardEmulator#DEFAULT_RESIDENT_REGISTRY_PIN}
         * @return this builder
         */
        public Builder residentRegistryPin(String pin) {
            this.residentRegistryPin = pin;
            return this;
        }

        /**
         * @param pin the card-info input support PIN (4 digits); default
         *     {@value MynaCardEmulator#DEFAULT_CARD_INFO_PIN}
         * @return this builder
         */
        public Builder cardInfoPin(String pin) {
            this.cardInfoPin = pin;
            return this;
        }

        /**
         * @param number the 12-digit My Number with a valid check digit; default
         *     {@value MynaCardEmulator#DEFAULT_MY_NUMBER}
         * @return this builder
         */
        public Builder myNumber(String number) {
            this.myNumber = number;
            return this;
        }

        /**
         * @param name the holder's name, family and given name separated by U+3000; default
         *     {@link MynaCardEmulator#DEFAULT_NAME} (番号　花子)
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param address the holder's address; default {@link MynaCardEmulator#DEFAULT_ADDRESS}
         * @return this builder
         */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /**
         * @param birthDate the holder's birth date; default {@link MynaCardEmulator#DEFAULT_BIRTH_DATE}
         *     (1990-04-01)
         * @return this builder
         */
        public Builder birthDate(LocalDate birthDate) {
            this.birthDate = birthDate;
            return this;
        }

        /**
         * @param sex the holder's sex; default {@link MynaCardEmulator#DEFAULT_SEX} (female)
         * @return this builder
         */
        public Builder sex(Sex sex) {
            this.sex = sex;
            return this;
        }

        /**
         * @param date the first day of validity of both holder certificates; default today in
         *     Japan (JST). The last day is the holder's birthday in the year (issue year + 5).
         * @return this builder
         */
        public Builder certificateIssueDate(LocalDate date) {
            this.certificateIssueDate = date;
            return this;
        }

        /**
         * Trusts a terminal key for the PIN-reset model, replacing any key with the same reference.
         * By default the card trusts {@link TestTerminals#kiosk()} (reference 1, KIOSK) and
         * {@link TestTerminals#municipalOffice()} (reference 2, MUNICIPAL_OFFICE).
         *
         * @param keyReference 1..127
         * @param key the terminal's RSA public key
         * @param role what the terminal may do once authenticated
         * @return this builder
         * @throws IllegalArgumentException when the reference is out of range or a value is null
         */
        public Builder trustTerminal(int keyReference, PublicKey key, TerminalRole role) {
            if (keyReference < 1 || keyReference > 127 || !(key instanceof RSAPublicKey) || role == null) {
                throw new IllegalArgumentException("terminal needs a key reference 1..127, an RSA public key and a role");
            }
            terminals.put(keyReference, new StateCodec.Terminal(key, role));
            return this;
        }

        /**
         * Removes a trusted terminal key (for example a default one).
         *
         * @param keyReference the reference to forget
         * @return this builder
         */
        public Builder untrustTerminal(int keyReference) {
            terminals.remove(keyReference);
            return this;
        }

        /**
         * @param fresh true to generate new RSA-2048 holder keys (slow: hundreds of milliseconds);
         *     default false, which uses the shipped public test keys
         * @return this builder
         */
        public Builder freshKeys(boolean fresh) {
            this.freshKeys = fresh;
            return this;
        }

        /**
         * @param file a state file to write now and to update atomically on every later state change
         *     (counter spent or restored, PIN changed or reset); default none (nothing is saved)
         * @return this builder
         */
        public Builder stateFile(Path file) {
            this.stateFile = file;
            return this;
        }

        /**
         * Builds the card: holder certificates are issued by the test CAs now.
         *
         * @return the card, with no application selected
         * @throws IllegalArgumentException when a PIN is malformed (4 ASCII digits for the three
         *     short PINs, 6–16 of {@code A–Z0–9} for the signing password), the My Number fails its
         *     check digit, or a holder value is missing; the message never quotes a PIN or number
         * @throws UncheckedIOException when the initial save to the state file fails
         */
        public MynaCardEmulator build() {
            Map<PinKind, PinState> pinStates = new EnumMap<>(PinKind.class);
            pinStates.put(PinKind.SIGNING, pinState(PinKind.SIGNING, signingPin));
            pinStates.put(PinKind.USER_AUTH, pinState(PinKind.USER_AUTH, userPin));
            pinStates.put(PinKind.RESIDENT_REGISTRY, pinState(PinKind.RESIDENT_REGISTRY, residentRegistryPin));
            pinStates.put(PinKind.CARD_INFO_INPUT, pinState(PinKind.CARD_INFO_INPUT, cardInfoPin));
            if (!MyNumber.isValid(myNumber)) {
                throw new IllegalArgumentException("My Number must be 12 digits with a valid check digit");
            }
            if (name == null || name.isEmpty() || address == null || address.isEmpty() || birthDate == null
                    || sex == null) {
                throw new IllegalArgumentException("name, address, birth date and sex are required");
            }
            LocalDate issued = certificateIssueDate != null ? certificateIssueDate : LocalDate.now(CardCertificates.JST);
            KeyPair auth;
            KeyPair sign;
            if (freshKeys) {
                try {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    auth = g.generateKeyPair();
                    sign = g.generateKeyPair();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("RSA key generation unavailable", e);
                }
            } else {
                auth = TestKeys.get(TestKeys.HOLDER_AUTH);
                sign = TestKeys.get(TestKeys.HOLDER_SIGN);
            }
            CardCertificates.Holder holder = new CardCertificates.Holder(name, address, birthDate, sex);
            try {
                byte[] authCert = CardCertificates.endEntity(false, auth.getPublic(), issued, holder).getEncoded();
                byte[] signCert = CardCertificates.endEntity(true, sign.getPublic(), issued, holder).getEncoded();
                Map<PinKind, StateCodec.Pin> pinImages = new EnumMap<>(PinKind.class);
                pinStates.forEach((k, v) -> pinImages.put(k, new StateCodec.Pin(v.value, v.remaining)));
                MynaCardEmulator card = new MynaCardEmulator(new StateCodec.Image(pinImages, myNumber, name, address,
                        birthDate, sex, issued, auth, sign, authCert, signCert, CardCertificates.authRoot().getEncoded(),
                        CardCertificates.signRoot().getEncoded(), new TreeMap<>(terminals), Map.of()));
                if (stateFile != null) {
                    try {
                        CardStore store = CardStore.at(stateFile);
                        try (CardStore.Lock lock = store.lock()) {
                            store.write(StateCodec.encode(card.image()));
                            store.removeTemporaries();
                        }
                        card.store = store;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return card;
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("certificate encoding failed", e);
            }
        }

        private static PinState pinState(PinKind kind, String pin) {
            byte[] v = pin == null ? new byte[0] : pin.getBytes(StandardCharsets.US_ASCII);
            if (pin == null || pin.length() != v.length || !EmulatedPins.wellFormed(kind, v)
                    || !pin.chars().allMatch(ch -> ch < 0x80)) {
                throw new IllegalArgumentException("malformed " + kind.englishName() + " (need "
                        + (EmulatedPins.digitsOnly(kind) ? "4 ASCII digits" : "6-16 characters of A-Z and 0-9") + ")");
            }
            return new PinState(v, EmulatedPins.maxAttempts(kind));
        }

        /**
         * @return a description without PINs or personal data
         */
        @Override
        public String toString() {
            return "MynaCardEmulator.Builder";
        }
    }
}
