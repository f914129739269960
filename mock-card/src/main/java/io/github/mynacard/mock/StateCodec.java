package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.MyNumber;
import io.github.mynacard.PinKind;
import io.github.mynacard.Sex;
import io.github.mynacard.revocation.RevocationReason;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The emulator's state file format: versioned UTF-8 {@code key=value} lines after a magic first
 * line, closed by a {@code sha256=} line over everything before it. It holds the whole card (PINs,
 * counters, keys, certificates, holder data, trusted terminals, overwritten files), never a
 * session's security state.
 *
 * <p>Version 2 (written now) holds: {@code card.seed} (16 hex digits); {@code pin.*} (Base64) and
 * {@code attempts.*} of the four holder PINs; {@code attempts.*} of the four verification numbers
 * (their values are made from the holder data); {@code holder.*}: My Number, name and address
 * (Base64 of UTF-8), birth date, sex, certificate issue date, card expiry date, security code
 * (Base64), municipality code; {@code key.*}: the four private keys (PKCS#8, Base64:
 * authentication, signing, cardInfo, cardFace); {@code cert.*}: the four certificates (DER,
 * Base64); {@code terminal.N}; {@code file.AID:FID}; and two optional keys, absent on a card
 * none of whose certificates was revoked or reissued: {@code revoked.N} ({@code N} from 0 in the
 * order made: {@code AUTHENTICATION|SIGNING,<serial hex>,<ISO-8601 instant>,<reason label>}, e.g.
 * {@code SIGNING,8f3a...,2026-05-01T03:00:00Z,key-compromise}) and {@code reissued.KEY} (how often
 * that key was reissued, which draws the next key pair and serial from the seed). The version stays
 * 2: decoders of version 2 ignore keys they do not know, so an emulator that predates these keys
 * still reads such a file (and would drop the revocations when it next writes it). A third
 * optional key, {@code profile} (Base64 of a card report's JSON), gives the card the form of
 * another card's and reader's answers ({@link CardProfile}).
 *
 * <p>Version 1 (the emulator's first format) is still read: what it lacks is made deterministically,
 * so every process that reads the same file makes the same card: the seed from the My Number, the
 * card-info and card-face keys from the prime pool by that seed, the expiry date by the default
 * rule, the security code from the seed, the default municipality code, and full counters for the
 * verification numbers; the four PINs, their counters, keys, certificates, terminals and
 * overwritten files are kept as they were. The file is rewritten as version 2 on its next change.
 */
final class StateCodec {

    static final String MAGIC = "MYNACARD-EMULATOR-STATE";
    static final int FORMAT_VERSION = 2;
    /** The older version {@link #decode} still reads. */
    static final int VERSION_1 = 1;

    // keys and certificates parsed before, by their Base64 text: every process re-reads the state
    // file after another one changed a counter, and the card's keys never change
    private static final Map<String, Object> PARSED = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                    return size() > 64;
                }
            });

    private StateCodec() {
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(byte[] der) throws GeneralSecurityException;
    }

    /** Parses (or finds parsed before) the value of a Base64 field; the cache is keyed by kind and text. */
    @SuppressWarnings("unchecked")
    private static <T> T parsed(String kind, String b64, Parser<T> parser) throws GeneralSecurityException {
        String key = kind + ':' + b64;
        Object hit = PARSED.get(key);
        if (hit != null) {
            return (T) hit;
        }
        T value = parser.parse(Base64.getDecoder().decode(b64));
        PARSED.put(key, value);
        return value;
    }

    /** A PIN's value (ASCII) and its attempts left. */
    record Pin(byte[] value, int remaining) {
    }

    /**
     * A terminal key the card trusts for the PIN-reset model, and what it may do. A key read from a
     * state file is parsed when a terminal first authenticates with it.
     */
    static final class Terminal {
        private final String stored;
        private volatile PublicKey key;
        private final TerminalRole role;

        /**
         * @param key the terminal's public key
         * @param role what it may do
         */
        Terminal(PublicKey key, TerminalRole role) {
            this(null, java.util.Objects.requireNonNull(key, "key"), role);
        }

        private Terminal(String stored, PublicKey key, TerminalRole role) {
            this.stored = stored;
            this.key = key;
            this.role = java.util.Objects.requireNonNull(role, "role");
        }

        /** A terminal of a state file: its key's X.509 SubjectPublicKeyInfo in Base64, parsed when first used. */
        static Terminal stored(String spki, TerminalRole role) {
            Base64.getDecoder().decode(spki); // Base64 it must be, as when it was parsed at once
            return new Terminal(spki, null, role);
        }

        /**
         * @return the terminal's public key
         * @throws UnparsableKey when the state file's key does not parse
         */
        PublicKey key() {
            PublicKey k = key;
            if (k == null) {
                k = parsedOrFail("spki", stored, TestKeys::publicFromX509);
                key = k;
            }
            return k;
        }

        /** @return whether the key has been parsed (or was at hand from the start) */
        boolean parsed() {
            return key != null;
        }

        /** @return what the terminal may do */
        TerminalRole role() {
            return role;
        }

        /** @return the key's X.509 SubjectPublicKeyInfo in Base64, as the state file keeps it */
        String spkiBase64() {
            return stored != null ? stored : Base64.getEncoder().encodeToString(key.getEncoded());
        }

        /** The same role and the same key (the same encoding, or else equal keys). */
        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Terminal t) || role != t.role) {
                return false;
            }
            return (stored != null && stored.equals(t.stored)) || key().equals(t.key());
        }

        @Override
        public int hashCode() {
            return role.hashCode();
        }

        @Override
        public String toString() {
            return "Terminal[" + role + "]";
        }
    }

    /** What a key or certificate of a state file that does not parse is, when it is first used. */
    private static final String UNPARSABLE = "invalid state file content (a key or certificate that does not parse)";

    /**
     * A key of the state file that does not parse, found when it was first used: the command that
     * needed it is not run, and {@link MynaCardEmulator#transmit} throws the {@link CardStateException}
     * it holds, as for a state file that no longer holds a card.
     */
    static final class UnparsableKey extends java.io.UncheckedIOException {
        private static final long serialVersionUID = 1L;

        UnparsableKey(CardStateException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized CardStateException getCause() {
            return (CardStateException) super.getCause();
        }
    }

    /** Parses (or finds parsed before) a Base64 field when it is first used; a failure is the state file's. */
    private static <T> T parsedOrFail(String kind, String b64, Parser<T> parser) {
        try {
            return parsed(kind, b64, parser);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UnparsableKey(new CardStateException(UNPARSABLE, e));
        }
    }

    /**
     * @param b64 a private key's PKCS#8 encoding in Base64, as a state file holds it
     * @return its key pair (parsed once per JVM and kept)
     * @throws UnparsableKey when it does not parse
     */
    static KeyPair parsedKey(String b64) {
        return parsedOrFail("key", b64, TestKeys::fromPkcs8);
    }

    /**
     * Everything a state file keeps: the card's identity, its PINs and counters, its overwritten
     * files, the revocations of its certificates (in the order made) and how often each key was
     * reissued.
     */
    record Image(CardIdentity identity, Map<PinKind, Pin> pins, Map<String, byte[]> overrides,
            List<JpkiBackOffice.Revocation> revocations, Map<JpkiKey, Integer> reissues, String profile) {

        /** A card none of whose certificates was revoked or reissued, with no profile. */
        Image(CardIdentity identity, Map<PinKind, Pin> pins, Map<String, byte[]> overrides) {
            this(identity, pins, overrides, List.of(), Map.of(), null);
        }

        Image {
            revocations = List.copyOf(revocations);
            reissues = Map.copyOf(reissues);
        }

        /** @return how often a key was reissued (0 for the key the card was issued with) */
        int generation(JpkiKey key) {
            return reissues.getOrDefault(key, 0);
        }
    }

    /**
     * @param img the card
     * @return the state file's bytes
     */
    static byte[] encode(Image img) {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder s = new StringBuilder();
        CardIdentity id = img.identity();
        CardIdentity.Holder h = id.holder;
        s.append(MAGIC).append('\n');
        s.append("version=").append(FORMAT_VERSION).append('\n');
        s.append("card.seed=").append(String.format("%016x", id.seed)).append('\n');
        for (PinKind k : EmulatedPins.ALL) {
            Pin p = img.pins().get(k);
            if (EmulatedPins.holderChosen(k)) {
                s.append("pin.").append(k.name()).append('=').append(b64.encodeToString(p.value())).append('\n');
            }
            s.append("attempts.").append(k.name()).append('=').append(p.remaining()).append('\n');
        }
        s.append("holder.myNumber=").append(h.myNumber()).append('\n');
        s.append("holder.name=").append(b64.encodeToString(h.name().getBytes(StandardCharsets.UTF_8))).append('\n');
        s.append("holder.address=").append(b64.encodeToString(h.address().getBytes(StandardCharsets.UTF_8))).append('\n');
        s.append("holder.birthDate=").append(h.birthDate()).append('\n');
        s.append("holder.sex=").append(h.sex().name()).append('\n');
        s.append("holder.certificateIssueDate=").append(h.certificateIssueDate()).append('\n');
        s.append("holder.cardExpiryDate=").append(h.cardExpiryDate()).append('\n');
        s.append("holder.securityCode=").append(b64.encodeToString(h.securityCode().getBytes(StandardCharsets.US_ASCII))).append('\n');
        s.append("holder.municipalityCode=").append(h.municipalityCode()).append('\n');
        s.append("key.authentication=").append(id.keys.authKey().pkcs8Base64()).append('\n');
        s.append("key.signing=").append(id.keys.signKey().pkcs8Base64()).append('\n');
        s.append("key.cardInfo=").append(id.keys.cardInfoKey().pkcs8Base64()).append('\n');
        s.append("key.cardFace=").append(id.keys.cardFaceKey().pkcs8Base64()).append('\n');
        s.append("cert.authentication=").append(b64.encodeToString(id.authCert)).append('\n');
        s.append("cert.signing=").append(b64.encodeToString(id.signCert)).append('\n');
        s.append("cert.authenticationCa=").append(b64.encodeToString(id.authCa)).append('\n');
        s.append("cert.signingCa=").append(b64.encodeToString(id.signCa)).append('\n');
        for (Map.Entry<Integer, Terminal> t : id.terminals.entrySet()) {
            s.append("terminal.").append(t.getKey()).append('=').append(t.getValue().role().name()).append(',')
                    .append(t.getValue().spkiBase64()).append('\n');
        }
        for (Map.Entry<String, byte[]> o : img.overrides().entrySet()) {
            s.append("file.").append(o.getKey()).append('=').append(b64.encodeToString(o.getValue())).append('\n');
        }
        int n = 0;
        for (JpkiBackOffice.Revocation r : img.revocations()) {
            s.append("revoked.").append(n++).append('=').append(r.key().name()).append(',').append(r.serial().toString(16))
                    .append(',').append(r.time()).append(',').append(r.reason().label()).append('\n');
        }
        for (JpkiKey k : JpkiKey.values()) {
            if (img.generation(k) > 0) {
                s.append("reissued.").append(k.name()).append('=').append(img.generation(k)).append('\n');
            }
        }
        if (img.profile() != null) {
            s.append("profile=").append(b64.encodeToString(img.profile().getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        byte[] body = s.toString().getBytes(StandardCharsets.UTF_8);
        byte[] sum = ("sha256=" + HexFormat.of().formatHex(sha256(body)) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(body, body.length + sum.length);
        System.arraycopy(sum, 0, out, body.length, sum.length);
        return out;
    }

    /** The optional profile: the card report's JSON, checked to be one. */
    private static String profile(String base64) throws CardStateException {
        if (base64 == null) {
            return null;
        }
        try {
            String json = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
            io.github.mynacard.report.CardReport.parse(json);
            return json;
        } catch (IllegalArgumentException | io.github.mynacard.report.CardReportFormatException e) {
            throw new CardStateException("invalid state file (its profile is not a card report)");
        }
    }

    static byte[] sha256(byte[] data) {
        return Sha256.of(data);
    }

    /**
     * @param bytes a state file's bytes
     * @return the card it holds
     * @throws CardStateException when the bytes are truncated, corrupted (checksum mismatch), of
     *     another format or version, incomplete, or hold values a card cannot have; the message
     *     says which, never quoting a PIN
     */
    static Image decode(byte[] bytes) throws CardStateException {
        byte[] magic = (MAGIC + "\n").getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < magic.length || !Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            throw new CardStateException("not a mynacard emulator state file (wrong first line)");
        }
        if (bytes[bytes.length - 1] != '\n') {
            throw new CardStateException("truncated state file (no final line end)");
        }
        int lastStart = bytes.length - 1;
        while (lastStart > 0 && bytes[lastStart - 1] != '\n') {
            lastStart--;
        }
        String last = new String(bytes, lastStart, bytes.length - 1 - lastStart, StandardCharsets.US_ASCII);
        if (!last.startsWith("sha256=")) {
            throw new CardStateException("truncated state file (no checksum line)");
        }
        byte[] body = Arrays.copyOf(bytes, lastStart);
        if (!HexFormat.of().formatHex(sha256(body)).equals(last.substring(7))) {
            throw new CardStateException("corrupted state file (SHA-256 checksum mismatch)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new CardStateException("corrupted state file (not UTF-8)");
        }
        Map<String, String> f = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq <= 0) {
                throw new CardStateException("malformed state file (line " + (i + 1) + " is not key=value)");
            }
            f.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        String version = f.get("version");
        if (!String.valueOf(FORMAT_VERSION).equals(version) && !String.valueOf(VERSION_1).equals(version)) {
            throw new CardStateException("unsupported state file version");
        }
        try {
            return fromFields(f, Integer.parseInt(version));
        } catch (CardStateException e) {
            throw e;
        } catch (RuntimeException | GeneralSecurityException e) {
            throw new CardStateException("invalid state file content (" + what(e) + ")", e);
        }
    }

    /** What was wrong with a field, in words rather than a Java type's name. */
    private static String what(Exception e) {
        if (e instanceof NumberFormatException) {
            return "a number that does not parse";
        }
        if (e instanceof IllegalArgumentException) {
            return "a value that is not what its field holds";
        }
        if (e instanceof GeneralSecurityException) {
            return "a key or certificate that does not parse";
        }
        return "a field that cannot be read";
    }

    /**
     * A certificate's DER. The card only hands it out: it is parsed (as X.509) by whoever reads it,
     * not when the state file is loaded.
     */
    private static byte[] certificate(String b64) {
        return Base64.getDecoder().decode(b64);
    }

    /** A private key's field: Base64 it must be now; the key itself is parsed when first used. */
    private static CardIdentity.Key key(String b64) {
        Base64.getDecoder().decode(b64);
        return CardIdentity.Key.stored(b64);
    }

    private static String need(Map<String, String> f, String key) throws CardStateException {
        String v = f.get(key);
        if (v == null) {
            throw new CardStateException("incomplete state file (missing " + key + ")");
        }
        return v;
    }

    private static Image fromFields(Map<String, String> f, int version) throws CardStateException, GeneralSecurityException {
        Base64.Decoder b64 = Base64.getDecoder();
        Map<PinKind, Pin> pins = new EnumMap<>(PinKind.class);
        for (PinKind k : EmulatedPins.HOLDER_PINS) {
            byte[] value = b64.decode(need(f, "pin." + k.name()));
            if (!EmulatedPins.wellFormed(k, value)) {
                throw new CardStateException("invalid state file (malformed " + k.englishName() + ")");
            }
            pins.put(k, new Pin(value, attempts(f, k)));
        }
        String myNumber = need(f, "holder.myNumber");
        if (!MyNumber.isValid(myNumber)) {
            throw new CardStateException("invalid state file (My Number fails its check digit)");
        }
        String name = new String(b64.decode(need(f, "holder.name")), StandardCharsets.UTF_8);
        String address = new String(b64.decode(need(f, "holder.address")), StandardCharsets.UTF_8);
        LocalDate birth = date(f, "holder.birthDate");
        LocalDate issued = date(f, "holder.certificateIssueDate");
        Sex sex = Sex.valueOf(need(f, "holder.sex"));
        CardIdentity.Key auth = key(need(f, "key.authentication"));
        CardIdentity.Key sign = key(need(f, "key.signing"));
        byte[] authCert = certificate(need(f, "cert.authentication"));
        byte[] signCert = certificate(need(f, "cert.signing"));
        byte[] authCa = certificate(need(f, "cert.authenticationCa"));
        byte[] signCa = certificate(need(f, "cert.signingCa"));
        Map<Integer, Terminal> terminals = new TreeMap<>();
        Map<String, byte[]> overrides = new TreeMap<>();
        Map<Integer, JpkiBackOffice.Revocation> revoked = new TreeMap<>();
        Map<JpkiKey, Integer> reissues = new EnumMap<>(JpkiKey.class);
        for (Map.Entry<String, String> e : f.entrySet()) {
            if (e.getKey().startsWith("terminal.")) {
                int ref = Integer.parseInt(e.getKey().substring(9));
                String[] parts = e.getValue().split(",", 2);
                if (ref < 1 || ref > 127 || parts.length != 2) {
                    throw new CardStateException("invalid state file (bad terminal entry)");
                }
                terminals.put(ref, Terminal.stored(parts[1], TerminalRole.valueOf(parts[0])));
            } else if (e.getKey().startsWith("file.")) {
                overrides.put(e.getKey().substring(5), b64.decode(e.getValue()));
            } else if (e.getKey().startsWith("revoked.")) {
                revoked.put(Integer.parseInt(e.getKey().substring(8)), revocation(e.getValue()));
            } else if (e.getKey().startsWith("reissued.")) {
                int generation = Integer.parseInt(e.getValue());
                if (generation < 0) {
                    throw new CardStateException("invalid state file (bad reissue count)");
                }
                reissues.put(JpkiKey.valueOf(e.getKey().substring(9)), generation);
            }
        }
        long seed;
        CardIdentity.Holder holder;
        CardIdentity.Keys keys;
        Map<PinKind, Integer> counters = new EnumMap<>(PinKind.class);
        try {
            if (version == VERSION_1) {
                seed = migrationSeed(myNumber);
                holder = CardIssuer.holder(myNumber, name, address, birth, sex, issued, null, null, null, seed);
                CardIdentity.Keys drawn = CardIssuer.poolKeys(seed);
                keys = new CardIdentity.Keys(auth, sign, drawn.cardInfoKey(), drawn.cardFaceKey());
            } else {
                seed = Long.parseUnsignedLong(need(f, "card.seed"), 16);
                String code = new String(b64.decode(need(f, "holder.securityCode")), StandardCharsets.US_ASCII);
                holder = CardIssuer.holder(myNumber, name, address, birth, sex, issued, date(f, "holder.cardExpiryDate"), code,
                        need(f, "holder.municipalityCode"), seed);
                keys = new CardIdentity.Keys(auth, sign, key(need(f, "key.cardInfo")), key(need(f, "key.cardFace")));
            }
            for (PinKind k : EmulatedPins.ALL) {
                if (!EmulatedPins.holderChosen(k)) {
                    counters.put(k, version == VERSION_1 ? EmulatedPins.maxAttempts(k) : attempts(f, k));
                }
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof NumberFormatException) {
                throw e;
            }
            throw new CardStateException("invalid state file (" + e.getMessage() + ")", e);
        }
        CardIdentity identity = new CardIdentity(seed, holder, keys, authCert, signCert, authCa, signCa, terminals);
        pins.putAll(CardIssuer.numberPins(identity, counters));
        return new Image(identity, pins, overrides, new ArrayList<>(revoked.values()), reissues, profile(f.get("profile")));
    }

    /** A {@code revoked.N} value: hierarchy, serial (hex), time (ISO-8601 instant), reason label. */
    private static JpkiBackOffice.Revocation revocation(String v) throws CardStateException {
        String[] p = v.split(",", -1);
        if (p.length != 4) {
            throw new CardStateException("invalid state file (bad revocation entry)");
        }
        BigInteger serial = new BigInteger(p[1], 16);
        if (serial.signum() <= 0) {
            throw new CardStateException("invalid state file (bad revocation entry)");
        }
        return new JpkiBackOffice.Revocation(JpkiKey.valueOf(p[0]), serial, Instant.parse(p[2]), RevocationReason.ofLabel(p[3]));
    }

    /** The seed of a card migrated from version 1: the first 8 bytes of SHA-256 of a label and its My Number. */
    static long migrationSeed(String myNumber) {
        byte[] h = sha256(("mynacard v1 state " + myNumber).getBytes(StandardCharsets.US_ASCII));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return v;
    }

    private static int attempts(Map<String, String> f, PinKind k) throws CardStateException {
        int remaining = Integer.parseInt(need(f, "attempts." + k.name()));
        if (remaining < 0 || remaining > EmulatedPins.maxAttempts(k)) {
            throw new CardStateException("invalid state file (attempt counter out of range)");
        }
        return remaining;
    }

    private static LocalDate date(Map<String, String> f, String key) throws CardStateException {
        String v = need(f, key);
        try {
            if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-' && CardIssuer.asciiDigits(v.substring(0, 4), 4)
                    && CardIssuer.asciiDigits(v.substring(5, 7), 2) && CardIssuer.asciiDigits(v.substring(8), 2)) {
                // what LocalDate.toString writes for the years 0000 to 9999, read without a DateTimeFormatter
                return LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(5, 7)),
                        Integer.parseInt(v.substring(8)));
            }
            return LocalDate.parse(v);
        } catch (DateTimeException e) { // a DateTimeParseException too
            throw new CardStateException("invalid state file (bad date)");
        }
    }
}
