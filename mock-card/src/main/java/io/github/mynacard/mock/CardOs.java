package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.apdu.StatusWords;
import io.github.mynacard.transport.CardTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The card's runtime for one session: it takes a raw command APDU, runs the checks every command
 * shares, selects applications and files, and hands the other commands to the selected
 * application ({@link Applet}, or the MF's when none is selected). It never lets an exception
 * escape a command: a {@link Refusal} becomes its status word, anything else {@code 6F00}, and the
 * answer to malformed input never changes state.
 *
 * <p>Checks every command shares, in order (where public sources are silent): a command shorter
 * than 4 bytes {@code 6700}; CLA with secure-messaging bits {@code 6882}, any other CLA but
 * {@code 00} and {@code 80} {@code 6E00}; an INS the card does not have {@code 6D00}; the APDU's
 * encoding {@code 6700}; on a cautious card an extended length {@code 6700} or a short EF
 * identifier {@code 6A86} (EXTERNAL AUTHENTICATE exempt). Then the command's own checks.
 *
 * <p>SELECT ({@code 00 A4}): P1 {@code 04} (by AID, 1..16 bytes) or {@code 02} (EF by ID, 2 bytes),
 * P2 {@code 0C} (no FCI, no Le allowed) or {@code 00}, else {@code 6A86}; lengths {@code 6700}; an
 * unknown application or EF {@code 6A82}, and a failed SELECT leaves the current application and EF
 * as they were. Selecting an application (even the current one) drops every verified PIN, the
 * terminal role, the pending challenge and the current EF.
 *
 * <p>The card may live in a state file ({@link CardStore}): then every command runs under the
 * file's lock on the card as the file holds it (what another session wrote is adopted first), and
 * every change is made durable before the answer leaves ({@link #persist()}, {@code 6581} when that
 * fails).
 */
final class CardOs {

    /** The card's applications by AID. */
    static final Map<String, Applet> APPLETS = new LinkedHashMap<>();

    static {
        for (Applet a : new Applet[] {new JpkiApplet(), new CardInfoApplet(), new CardFaceApplet(), new CommonApplet()}) {
            APPLETS.put(a.aid, a);
        }
    }

    CardMemory memory;
    final Session session = new Session();
    /** The state file this card lives in, or null for a card in memory only. */
    CardStore store;
    boolean cautious;
    boolean endOfFileWarning;
    Consumer<Path> saveObserver;
    /** Why the last save of the state file failed, or null when it succeeded (or none was made). */
    String lastSaveFailure;

    CardOs(CardMemory memory) {
        this.memory = memory;
    }

    CardIdentity identity() {
        return memory.identity();
    }

    PinObject pin(PinKind kind) {
        return memory.pin(kind);
    }

    /** @return the files of the selected application (none at the MF) */
    Map<Integer, ElementaryFile> files() {
        return session.application == null ? Map.of() : memory.files(session.application);
    }

    private Applet applet() {
        return session.application == null ? Applet.MASTER_FILE : APPLETS.get(session.application);
    }

    // ------------------------------------------------------------------ the state file

    /** Runs one command, under the state file's lock on the card as the file holds it when there is one. */
    byte[] transmit(byte[] command) throws IOException {
        if (store == null) {
            return process(command);
        }
        try (CardStore.Lock lock = store.lock()) {
            refresh();
            return process(command);
        } catch (StateCodec.UnparsableKey e) {
            throw e.getCause(); // a key of the state file, parsed when first needed, does not parse
        }
    }

    /**
     * Holds the state file's lock across several commands of this session (the commands take it
     * again, nested), so no other process's or emulator object's command comes between them.
     * A card in memory only has nothing to hold.
     */
    CardTransaction beginTransaction() throws IOException {
        if (store == null) {
            return CardTransaction.EXCLUSIVE;
        }
        CardStore.Lock lock = store.lock();
        return new CardTransaction() {
            private boolean closed;

            @Override
            public boolean shared() {
                return true;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    lock.close();
                }
            }
        };
    }

    /** Adopts the state file's content when another process or emulator object changed it; the caller holds the lock. */
    void refresh() throws IOException {
        byte[] now = store.readIfChanged();
        if (now != null) {
            memory.adopt(StateCodec.decode(now), session);
        }
    }

    /** Runs {@link #refresh()} under the lock, for the test-support accessors. */
    void sync() {
        if (store == null) {
            return;
        }
        try (CardStore.Lock lock = store.lock()) {
            refresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the persistent card durable before the answer leaves; a failed save answers 6581. */
    void persist() {
        if (store == null) {
            return;
        }
        try {
            store.write(StateCodec.encode(memory.image()));
            lastSaveFailure = null;
        } catch (IOException | RuntimeException e) {
            lastSaveFailure = saveFailure(e);
            throw new Refusal(MynaCardEmulator.SW_MEMORY_FAILURE);
        }
        if (saveObserver != null) {
            saveObserver.accept(store.file());
        }
    }

    /** Why a save failed, in the operating system's words (no Java names), e.g. "No space left on device". */
    private static String saveFailure(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof CardStateException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "the file could not be written" : m.replaceAll("\\b(java|javax)\\.[\\w.$]+:?\\s*", "");
    }

    /** Overwrites a binary EF (a test's simulated corruption), durably when the card lives in a state file. */
    byte[] content(String aid, int fid) {
        sync();
        return memory.content(aid, fid);
    }

    void overwrite(String aid, int fid, byte[] content) {
        if (store == null) {
            memory.overwrite(aid, fid, content);
            return;
        }
        try (CardStore.Lock lock = store.lock()) {
            refresh();
            memory.overwrite(aid, fid, content);
            store.write(StateCodec.encode(memory.image()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Changes the card outside a command (a back-office act: a revocation, a reissue), under the
     * state file's lock on the card as the file holds it, and writes the change before returning.
     * The change runs first and may throw; then nothing is written.
     */
    void change(Consumer<CardMemory> change) {
        if (store == null) {
            change.accept(memory);
            return;
        }
        try (CardStore.Lock lock = store.lock()) {
            refresh();
            StateCodec.Image old = memory.image();
            try {
                change.accept(memory);
                store.write(StateCodec.encode(memory.image()));
            } catch (IOException | RuntimeException e) {
                memory.adopt(old, session); // the card stays as the file holds it
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the card as its own state file holds it now to another file, under that file's lock. */
    void saveTo(CardStore target) throws IOException {
        if (store != null) {
            try (CardStore.Lock lock = store.lock()) {
                refresh();
            }
        }
        byte[] content = StateCodec.encode(memory.image());
        try (CardStore.Lock lock = target.lock()) {
            target.write(content);
        }
    }

    // ------------------------------------------------------------------ commands

    private byte[] process(byte[] command) {
        try {
            return dispatch(command);
        } catch (Refusal r) {
            return sw(r.sw);
        } catch (StateCodec.UnparsableKey e) {
            if (store == null) {
                return sw(StatusWords.NO_PRECISE_DIAGNOSIS);
            }
            throw e; // the state file's, reported by transmit
        } catch (Throwable t) { // the card never lets an exception escape
            return sw(StatusWords.NO_PRECISE_DIAGNOSIS);
        }
    }

    private byte[] dispatch(byte[] raw) {
        if (raw == null || raw.length < 4) {
            return sw(StatusWords.WRONG_LENGTH);
        }
        int cla = raw[0] & 0xFF;
        int ins = raw[1] & 0xFF;
        int base = cla & ~0x0C;
        if ((base == 0x00 || base == 0x80) && (cla & 0x0C) != 0) {
            return sw(MynaCardEmulator.SW_SECURE_MESSAGING_NOT_SUPPORTED);
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
        Applet applet = applet();
        if (cla == 0x80) {
            return ins == 0x2A ? applet.computeSignature(this, c) : applet.changeReference(this, c, true);
        }
        switch (ins) {
            case 0xA4:
                return select(c);
            case 0xB0:
                return applet.readBinary(this, c);
            case 0x20:
                return applet.verify(this, c);
            case 0x24:
                return applet.changeReference(this, c, false);
            case 0x2C:
                return applet.resetRetryCounter(this, c);
            case 0x84:
                return TerminalAuthentication.getChallenge(session, c);
            default:
                return TerminalAuthentication.externalAuthenticate(session, identity(), c);
        }
    }

    /** Whether a command addresses a file by short EF identifier (READ BINARY P1, or P2 of a PIN or key command). */
    static boolean usesShortEfId(CommandApdu c) {
        if (c.ins() == 0xB0) {
            return (c.p1() & 0x80) != 0;
        }
        boolean p2Addresses = c.ins() == 0x20 || c.ins() == 0x24 || c.ins() == 0x2C || c.ins() == 0x2A || c.ins() == 0x32;
        return p2Addresses && (c.p2() & 0x80) != 0 && c.p2() != 0x80;
    }

    private byte[] select(CommandApdu c) {
        int p1 = c.p1();
        int p2 = c.p2();
        Refusal.check(p1 == 0x04 || p1 == 0x02, StatusWords.WRONG_P1P2);
        Refusal.check(p2 == 0x0C || p2 == 0x00, StatusWords.WRONG_P1P2);
        Refusal.check(c.nc() > 0 && !(p2 == 0x0C && c.ne() > 0), StatusWords.WRONG_LENGTH);
        if (p1 == 0x04) {
            Refusal.check(c.nc() <= 16, StatusWords.WRONG_LENGTH);
            String aid = HexFormat.of().withUpperCase().formatHex(c.data());
            Refusal.check(APPLETS.containsKey(aid), StatusWords.FILE_NOT_FOUND);
            session.dropSecurityState();
            session.application = aid;
            return sw(StatusWords.SUCCESS);
        }
        Refusal.check(c.nc() == 2, StatusWords.WRONG_LENGTH);
        Refusal.check(session.application != null, StatusWords.FILE_NOT_FOUND);
        byte[] d = c.data();
        ElementaryFile ef = files().get(((d[0] & 0xFF) << 8) | (d[1] & 0xFF));
        Refusal.check(ef != null, StatusWords.FILE_NOT_FOUND);
        session.ef = ef;
        return sw(StatusWords.SUCCESS);
    }

    static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    static byte[] ok(byte[] data) {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) 0x90;
        return out;
    }
}
