package io.github.mynacard.mock;

import io.github.mynacard.MyNumber;
import io.github.mynacard.PinKind;
import io.github.mynacard.Sex;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The emulator's state file format: versioned UTF-8 {@code key=value} lines after a magic first
 * line, closed by a {@code sha256=} line over everything before it. It holds the whole card (PINs,
 * counters, keys, certificates, holder data, trusted terminals, overwritten files), never a
 * session's security state.
 */
final class StateCodec {

    static final String MAGIC = "MYNACARD-EMULATOR-STATE";
    static final int FORMAT_VERSION = 1;

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

    /** A terminal key the card trusts for the PIN-reset model, and what it may do. */
    record Terminal(PublicKey key, TerminalRole role) {
    }

    /** Everything a state file keeps: the card's identity, its PINs and counters, its overwritten files. */
    record Image(CardIdentity identity, Map<PinKind, Pin> pins, Map<String, byte[]> overrides) {
    }

    /**
     * @param img the card
     * @return the state file's bytes
     */
    static byte[] encode(Image img) {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder s = new StringBuilder();
        s.append(MAGIC).append('\n');
        s.append("version=").append(FORMAT_VERSION).append('\n');
        CardIdentity id = img.identity();
        for (PinKind k : EmulatedPins.HOLDER_PINS) {
            Pin p = img.pins().get(k);
            s.append("pin.").append(k.name()).append('=').append(b64.encodeToString(p.value())).append('\n');
            s.append("attempts.").append(k.name()).append('=').append(p.remaining()).append('\n');
        }
        s.append("holder.myNumber=").append(id.myNumber).append('\n');
        s.append("holder.name=").append(b64.encodeToString(id.name.getBytes(StandardCharsets.UTF_8))).append('\n');
        s.append("holder.address=").append(b64.encodeToString(id.address.getBytes(StandardCharsets.UTF_8))).append('\n');
        s.append("holder.birthDate=").append(id.birthDate).append('\n');
        s.append("holder.sex=").append(id.sex.name()).append('\n');
        s.append("holder.certificateIssueDate=").append(id.certificateIssueDate).append('\n');
        s.append("key.authentication=").append(b64.encodeToString(id.authKey.getPrivate().getEncoded())).append('\n');
        s.append("key.signing=").append(b64.encodeToString(id.signKey.getPrivate().getEncoded())).append('\n');
        s.append("cert.authentication=").append(b64.encodeToString(id.authCert)).append('\n');
        s.append("cert.signing=").append(b64.encodeToString(id.signCert)).append('\n');
        s.append("cert.authenticationCa=").append(b64.encodeToString(id.authCa)).append('\n');
        s.append("cert.signingCa=").append(b64.encodeToString(id.signCa)).append('\n');
        for (Map.Entry<Integer, Terminal> t : id.terminals.entrySet()) {
            s.append("terminal.").append(t.getKey()).append('=').append(t.getValue().role().name()).append(',')
                    .append(b64.encodeToString(t.getValue().key().getEncoded())).append('\n');
        }
        for (Map.Entry<String, byte[]> o : img.overrides().entrySet()) {
            s.append("file.").append(o.getKey()).append('=').append(b64.encodeToString(o.getValue())).append('\n');
        }
        byte[] body = s.toString().getBytes(StandardCharsets.UTF_8);
        byte[] sum = ("sha256=" + HexFormat.of().formatHex(sha256(body)) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(body, body.length + sum.length);
        System.arraycopy(sum, 0, out, body.length, sum.length);
        return out;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
        if (!String.valueOf(FORMAT_VERSION).equals(f.get("version"))) {
            throw new CardStateException("unsupported state file version");
        }
        try {
            return fromFields(f);
        } catch (CardStateException e) {
            throw e;
        } catch (RuntimeException | GeneralSecurityException e) {
            throw new CardStateException("invalid state file content (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A certificate's DER, checked to parse as X.509. */
    private static byte[] certificate(String b64) throws CardStateException, GeneralSecurityException {
        byte[] der = Base64.getDecoder().decode(b64);
        try {
            parsed("cert", b64, CardCertificates::parse);
        } catch (java.security.cert.CertificateException e) {
            throw new CardStateException("invalid state file (a certificate does not parse)", e);
        }
        return der;
    }

    private static String need(Map<String, String> f, String key) throws CardStateException {
        String v = f.get(key);
        if (v == null) {
            throw new CardStateException("incomplete state file (missing " + key + ")");
        }
        return v;
    }

    private static Image fromFields(Map<String, String> f) throws CardStateException, GeneralSecurityException {
        Base64.Decoder b64 = Base64.getDecoder();
        Map<PinKind, Pin> pins = new EnumMap<>(PinKind.class);
        for (PinKind k : EmulatedPins.HOLDER_PINS) {
            byte[] value = b64.decode(need(f, "pin." + k.name()));
            if (!EmulatedPins.wellFormed(k, value)) {
                throw new CardStateException("invalid state file (malformed " + k.englishName() + ")");
            }
            int remaining = Integer.parseInt(need(f, "attempts." + k.name()));
            if (remaining < 0 || remaining > EmulatedPins.maxAttempts(k)) {
                throw new CardStateException("invalid state file (attempt counter out of range)");
            }
            pins.put(k, new Pin(value, remaining));
        }
        String myNumber = need(f, "holder.myNumber");
        if (!MyNumber.isValid(myNumber)) {
            throw new CardStateException("invalid state file (My Number fails its check digit)");
        }
        String name = new String(b64.decode(need(f, "holder.name")), StandardCharsets.UTF_8);
        String address = new String(b64.decode(need(f, "holder.address")), StandardCharsets.UTF_8);
        LocalDate birth;
        LocalDate issued;
        try {
            birth = LocalDate.parse(need(f, "holder.birthDate"));
            issued = LocalDate.parse(need(f, "holder.certificateIssueDate"));
        } catch (DateTimeParseException e) {
            throw new CardStateException("invalid state file (bad date)");
        }
        Sex sex = Sex.valueOf(need(f, "holder.sex"));
        KeyPair auth = parsed("key", need(f, "key.authentication"), TestKeys::fromPkcs8);
        KeyPair sign = parsed("key", need(f, "key.signing"), TestKeys::fromPkcs8);
        byte[] authCert = certificate(need(f, "cert.authentication"));
        byte[] signCert = certificate(need(f, "cert.signing"));
        byte[] authCa = certificate(need(f, "cert.authenticationCa"));
        byte[] signCa = certificate(need(f, "cert.signingCa"));
        Map<Integer, Terminal> terminals = new TreeMap<>();
        Map<String, byte[]> overrides = new TreeMap<>();
        for (Map.Entry<String, String> e : f.entrySet()) {
            if (e.getKey().startsWith("terminal.")) {
                int ref = Integer.parseInt(e.getKey().substring(9));
                String[] parts = e.getValue().split(",", 2);
                if (ref < 1 || ref > 127 || parts.length != 2) {
                    throw new CardStateException("invalid state file (bad terminal entry)");
                }
                terminals.put(ref, new Terminal(parsed("spki", parts[1], TestKeys::publicFromX509), TerminalRole.valueOf(parts[0])));
            } else if (e.getKey().startsWith("file.")) {
                overrides.put(e.getKey().substring(5), b64.decode(e.getValue()));
            }
        }
        return new Image(new CardIdentity(myNumber, name, address, birth, sex, issued, auth, sign, authCert, signCert, authCa,
                signCa, terminals), pins, overrides);
    }
}
