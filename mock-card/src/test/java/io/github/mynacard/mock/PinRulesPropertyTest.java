package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.TerminalAuthenticator;
import io.github.mynacard.apdu.CommandApdu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Model-based test of the PIN rules: long random sequences of raw commands (right, wrong and
 * malformed VERIFYs in both P2 forms, status queries, selects, reads, signatures, changes, terminal
 * authentications, resets, card resets, saves and loads) go to the emulator and to {@link CardModel}
 * side by side. The emulator must answer every command with the model's status word and keep the
 * model's counters; after every step three invariants are checked on the emulator alone:
 * <ol>
 *   <li>no PIN accepts more wrong attempts in a row than its limit;</li>
 *   <li>a blocked PIN unblocks only through an authorised reset (RESET RETRY COUNTER answering 9000);</li>
 *   <li>no command other than a successful VERIFY or an authorised reset raises a counter.</li>
 * </ol>
 */
class PinRulesPropertyTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String[] AIDS = {
        MynaCardEmulator.JPKI_AID, MynaCardEmulator.CARD_INFO_AID, MynaCardEmulator.COMMON_AID,
        "D3921000310001010402", // 券面事項確認AP
        "A0000001510000", // GlobalPlatform ISD: not emulated
    };
    private static final CardModel.App[] APPS = {CardModel.App.JPKI, CardModel.App.TEXT, CardModel.App.COMMON, CardModel.App.FACE, null};
    private static final int[] EF_IDS = {0x01, 0x02, 0x06, 0x11, 0x17, 0x18, 0x1A, 0x1B, 0x1C, 0x1E};
    private static final int[] READ_SFIS = {0x01, 0x02, 0x06, 0x0A, 0x11, 0x17, 0x1B};

    private static final TerminalAuthenticator KIOSK = TestTerminals.kiosk();
    private static final TerminalAuthenticator OFFICE = TestTerminals.municipalOffice();
    private static MynaCardEmulator template;
    private static Path dir;
    private static long started;
    static long steps;

    @BeforeContainer
    static void buildTemplate() throws IOException {
        template = MynaCardEmulator.createDefault();
        // saves force the file and its directory to disk; on a memory file system, when there is
        // one, thousands of them stay cheap
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "pin-model")
                : Files.createTempDirectory("pin-model");
        started = System.nanoTime();
        steps = 0;
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        System.out.printf(Locale.ROOT, "PinRulesPropertyTest: %d steps in %d ms%n", steps,
                (System.nanoTime() - started) / 1_000_000);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    // ------------------------------------------------------------------ operations

    enum Act {
        SELECT_AP, SELECT_EF, VERIFY, STATUS, VERIFY_RAW, READ, SIGN, CHANGE, CHALLENGE, EXT_AUTH, RESET_PIN,
        CARD_RESET, SAVE_LOAD, OTHER_WRONG, OTHER_CHANGE
    }

    /**
     * One step: what to do, for which PIN, by current EF (form 0) or short EF identifier (form 1),
     * which variant, and a number for the values it needs.
     */
    record Op(Act act, PinKind kind, int form, int variant, int param) {
        @Override
        public String toString() {
            String p2 = form == 0 ? "P2=80" : "P2=SFI";
            switch (act) {
                case SELECT_AP: return "SELECT " + AIDS[variant];
                case SELECT_EF: return String.format("SELECT EF %04X", EF_IDS[param % EF_IDS.length]);
                case VERIFY: return "VERIFY " + kind + " " + p2 + " " + new String[] {"right", "wrong", "short", "long/lower"}[variant];
                case STATUS: return "STATUS " + kind + " " + p2;
                case VERIFY_RAW: return "VERIFY malformed #" + variant + " " + kind;
                case READ: return String.format("READ SFI %02X", READ_SFIS[param % READ_SFIS.length]);
                case SIGN: return "SIGN " + (kind == PinKind.SIGNING ? "signing key " : "auth key ") + p2;
                case CHANGE: return "CHANGE " + kind + " " + p2 + " " + new String[] {"valid", "malformed", "wrong INS"}[variant]
                        + " #" + param;
                case EXT_AUTH: return "EXTERNAL AUTHENTICATE " + new String[] {"kiosk", "office", "wrong key", "unknown ref", "garbage"}[variant];
                case RESET_PIN: return "RESET RETRY COUNTER " + kind + " " + p2 + " " + (variant == 0 ? "valid" : "malformed") + " #" + param;
                case OTHER_WRONG: return "ANOTHER SESSION: wrong VERIFY " + kind;
                case OTHER_CHANGE: return "ANOTHER SESSION: VERIFY and CHANGE " + kind + " #" + param;
                default: return act.toString();
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        return sequences(false);
    }

    /** The sequences, also with steps of another session on the same state file. */
    @Provide
    Arbitrary<List<Op>> sequencesWithAnotherSession() {
        return sequences(true);
    }

    private Arbitrary<List<Op>> sequences(boolean anotherSession) {
        Arbitrary<PinKind> kinds = Arbitraries.of(PinKind.holderPins());
        Arbitrary<Integer> forms = Arbitraries.integers().between(0, 1);
        Arbitrary<Integer> params = Arbitraries.integers().between(0, 9999);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.integers().between(0, 4).map(v -> new Op(Act.SELECT_AP, PinKind.SIGNING, 0, v, 0))),
                Tuple.of(6, params.map(p -> new Op(Act.SELECT_EF, PinKind.SIGNING, 0, 0, p))),
                Tuple.of(22, Combinators.combine(kinds, forms, Arbitraries.integers().between(0, 3), params).as(PinRulesPropertyTest::vfy)),
                Tuple.of(6, Combinators.combine(kinds, forms).as((k, f) -> new Op(Act.STATUS, k, f, 0, 0))),
                Tuple.of(5, Combinators.combine(kinds, Arbitraries.integers().between(0, 7)).as((k, v) -> new Op(Act.VERIFY_RAW, k, 1, v, 0))),
                Tuple.of(6, params.map(p -> new Op(Act.READ, PinKind.SIGNING, 0, 0, p))),
                Tuple.of(2, Combinators.combine(Arbitraries.of(PinKind.SIGNING, PinKind.USER_AUTH), forms)
                        .as((k, f) -> new Op(Act.SIGN, k, f, 0, 0))),
                Tuple.of(8, Combinators.combine(kinds, forms, Arbitraries.integers().between(0, 2), params).as(PinRulesPropertyTest::chg)),
                Tuple.of(4, Arbitraries.just(new Op(Act.CHALLENGE, PinKind.SIGNING, 0, 0, 0))),
                Tuple.of(2, Arbitraries.integers().between(0, 4).map(v -> new Op(Act.EXT_AUTH, PinKind.SIGNING, 0, v, 0))),
                Tuple.of(8, Combinators.combine(kinds, forms, Arbitraries.integers().between(0, 1), params).as(PinRulesPropertyTest::rst)),
                Tuple.of(3, Arbitraries.just(new Op(Act.CARD_RESET, PinKind.SIGNING, 0, 0, 0))),
                Tuple.of(1, Arbitraries.just(new Op(Act.SAVE_LOAD, PinKind.SIGNING, 0, 0, 0))),
                Tuple.of(anotherSession ? 6 : 0, kinds.map(k -> new Op(Act.OTHER_WRONG, k, 1, 0, 0))),
                Tuple.of(anotherSession ? 3 : 0, Combinators.combine(kinds, params).as((k, p) -> new Op(Act.OTHER_CHANGE, k, 1, 0, p))));
        return op.list().ofMinSize(20).ofMaxSize(60);
    }

    @Property(tries = 10000)
    void emulatorAnswersAsTheModelAndKeepsTheInvariants(@ForAll("sequences") List<Op> ops) {
        new Run(new StrictCard(EmulatorHooks.copyForTest(template)), dir).all(ops);
    }

    /**
     * The same rules for a card kept in a state file, where every command runs under the file's
     * lock on the card as the file holds it, and another session (another emulator object on the
     * same file, as another process would open it) spends attempts and changes PINs in between.
     */
    @Property(tries = 400)
    void aCardInAStateFileAnswersAsTheModelWithAnotherSessionOnTheFile(@ForAll("sequencesWithAnotherSession") List<Op> ops)
            throws IOException {
        Path file = dir.resolve("shared.state");
        template.save(file);
        new Run(new FileBackedCard(file), dir).all(ops);
    }

    @Example
    void anotherSessionsWrongPinOrChangeEndsThisSessionsVerificationOfThatPin() throws IOException {
        Path file = dir.resolve("shared.state");
        for (Act other : new Act[] {Act.OTHER_WRONG, Act.OTHER_CHANGE}) {
            template.save(file);
            List<Op> ops = List.of(new Op(Act.SELECT_AP, PinKind.SIGNING, 0, 0, 0), vfy(PinKind.USER_AUTH, 1, 0, 0),
                    new Op(Act.SIGN, PinKind.USER_AUTH, 1, 0, 0), new Op(other, PinKind.USER_AUTH, 1, 0, 4321),
                    new Op(Act.SIGN, PinKind.USER_AUTH, 1, 0, 0));
            Run run = new Run(new FileBackedCard(file), dir);
            run.all(ops); // the model answers 6982 to the last signature
        }
    }

    // ------------------------------------------------------------------ the card under test

    /** The card as the test drives it; a wrapper can make it misbehave on purpose. */
    interface CardUnderTest {
        byte[] transmit(byte[] apdu);

        int remaining(PinKind k);

        void reset();

        /** Saves the card to a file and continues with the card loaded from it. */
        void saveAndLoad(Path file) throws IOException;

        /** Another session on the same card sends a wrong VERIFY of the PIN; returns its status word. */
        default int otherSessionWrongPin(PinKind k) {
            throw new UnsupportedOperationException("a card in memory has no other session");
        }

        /** Another session verifies the PIN with {@code current} and changes it to {@code next}; returns the last status word. */
        default int otherSessionChangesPin(PinKind k, String current, byte[] next) {
            throw new UnsupportedOperationException("a card in memory has no other session");
        }
    }

    /** The emulator living in a state file, with a second emulator object on the same file as another session. */
    static final class FileBackedCard extends StrictCard {
        private final Path file;
        private final MynaCardEmulator other;

        FileBackedCard(Path file) throws IOException {
            super(MynaCardEmulator.load(file));
            this.file = file;
            this.other = MynaCardEmulator.load(file);
        }

        private int otherSend(byte[] apdu) {
            try {
                byte[] r = other.transmit(apdu);
                return ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void otherSelect(PinKind k) {
            String aid = AIDS[java.util.Arrays.asList(APPS).indexOf(CardModel.app(k))];
            assertEquals(0x9000, otherSend(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, HEX.parseHex(aid)).encode()));
        }

        @Override
        public int otherSessionWrongPin(PinKind k) {
            otherSelect(k);
            String right = EmulatorHooks.pinValue(other, k);
            byte[] wrong = pinValue(k, 1, right.hashCode() & 0x7FFF, right);
            return otherSend(new CommandApdu(0x00, 0x20, 0x00, 0x80 | CardModel.fid(k), wrong).encode());
        }

        @Override
        public int otherSessionChangesPin(PinKind k, String current, byte[] next) {
            otherSelect(k);
            int sw = otherSend(new CommandApdu(0x00, 0x20, 0x00, 0x80 | CardModel.fid(k), current.getBytes(StandardCharsets.US_ASCII)).encode());
            if (sw != 0x9000) {
                return sw;
            }
            boolean resident = k == PinKind.RESIDENT_REGISTRY;
            return otherSend(resident ? new CommandApdu(0x80, 0x32, 0x00, 0x80 | CardModel.fid(k), next).encode()
                    : new CommandApdu(0x00, 0x24, 0x01, 0x80 | CardModel.fid(k), next).encode());
        }

        @Override
        public void saveAndLoad(Path ignored) throws IOException {
            card.save(file);
            card = MynaCardEmulator.load(file); // the same file: still one card with the other session
        }
    }

    /** The emulator as it is. */
    static class StrictCard implements CardUnderTest {
        MynaCardEmulator card;

        StrictCard(MynaCardEmulator card) {
            this.card = card;
        }

        @Override
        public byte[] transmit(byte[] apdu) {
            try {
                return card.transmit(apdu);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int remaining(PinKind k) {
            return card.remainingAttempts(k);
        }

        @Override
        public void reset() {
            card.reset();
        }

        @Override
        public void saveAndLoad(Path file) throws IOException {
            card.save(file);
            // the loaded card would autosave (with a disk sync) on every later counter change; its
            // state comes from the file either way, and a copy keeps thousands of runs fast
            card = EmulatorHooks.copyForTest(MynaCardEmulator.load(file));
        }
    }

    /**
     * A deliberately broken card: it compares before it spends, and an attacker who sees a wrong
     * result cuts the power before the spent attempt is written (a "tear"), then powers up and
     * selects again what was selected. Each wrong guess then costs nothing. Only for showing that
     * the model-based test catches such a card.
     */
    static final class TearingCard extends StrictCard {
        private byte[] lastSelectAp;
        private byte[] lastSelectEf;

        TearingCard(MynaCardEmulator card) {
            super(card);
        }

        @Override
        public byte[] transmit(byte[] apdu) {
            boolean verifyWithData = apdu.length > 5 && apdu[1] == 0x20;
            MynaCardEmulator beforeTheWrite = verifyWithData ? EmulatorHooks.copyForTest(card) : null;
            byte[] r = super.transmit(apdu);
            int sw = ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
            if (verifyWithData && (sw & 0xFFF0) == 0x63C0) {
                card = beforeTheWrite; // the tear: the counter was never written
                if (lastSelectAp != null) {
                    super.transmit(lastSelectAp);
                }
                if (lastSelectEf != null) {
                    super.transmit(lastSelectEf);
                }
            } else if (apdu.length > 4 && apdu[1] == (byte) 0xA4 && sw == 0x9000) {
                if (apdu[2] == 0x04) {
                    lastSelectAp = apdu.clone();
                    lastSelectEf = null;
                } else {
                    lastSelectEf = apdu.clone();
                }
            }
            return r;
        }

        @Override
        public void reset() {
            super.reset();
            lastSelectAp = null;
            lastSelectEf = null;
        }

        @Override
        public void saveAndLoad(Path file) throws IOException {
            super.saveAndLoad(file);
            lastSelectAp = null;
            lastSelectEf = null;
        }
    }

    @Example
    void aCardThatComparesBeforeSpendingIsCaughtOnTheFirstWrongPin() {
        List<Op> ops = List.of(new Op(Act.SELECT_AP, PinKind.SIGNING, 0, 0, 0), vfy(PinKind.USER_AUTH, 1, 1, 1),
                vfy(PinKind.USER_AUTH, 1, 1, 2));
        new Run(new StrictCard(EmulatorHooks.copyForTest(template)), dir).all(ops); // the real emulator passes
        AssertionError e = assertThrows(AssertionError.class,
                () -> new Run(new TearingCard(EmulatorHooks.copyForTest(template)), dir).all(ops));
        // the wrong PIN answered 63C2, but the counter stayed at 3
        assertTrue(e.getMessage().contains("counters at step 1") && e.getMessage().contains("but was: <{SIGNING=5, USER_AUTH=3"),
                e.getMessage());
    }

    @Example
    void aCardThatComparesBeforeSpendingFailsRandomSequences() {
        Random seeds = new Random(7);
        int failed = 0;
        int passedOnTheRealEmulator = 0;
        for (int i = 0; i < 300; i++) {
            List<Op> ops = sequences().generator(100).next(seeds).value();
            new Run(new StrictCard(EmulatorHooks.copyForTest(template)), dir).all(ops);
            passedOnTheRealEmulator++;
            try {
                new Run(new TearingCard(EmulatorHooks.copyForTest(template)), dir).all(ops);
            } catch (AssertionError expected) {
                failed++;
            }
        }
        assertEquals(300, passedOnTheRealEmulator);
        assertTrue(failed > 30, "the broken card failed only " + failed + " of 300 random sequences");
    }

    // ------------------------------------------------------------------ one run

    /** Runs one sequence on a card and on a fresh model, checking after every step. */
    static final class Run {
        private final CardUnderTest card;
        private final Path dir;
        private final CardModel model = new CardModel();
        private final Map<PinKind, Integer> wrongInARow = new EnumMap<>(PinKind.class);
        private final List<String> log = new ArrayList<>();
        private final Random random;

        Run(CardUnderTest card, Path dir) {
            this.card = card;
            this.dir = dir;
            this.random = new Random(42);
            for (PinKind k : PinKind.holderPins()) {
                wrongInARow.put(k, 0);
            }
        }

        void all(List<Op> ops) {
            for (int i = 0; i < ops.size(); i++) {
                step(i, ops.get(i));
            }
        }

        private String where(int i, Op op) {
            return "step " + i + " (" + op + ") after " + log + "; model " + model;
        }

        void step(int i, Op op) {
            steps++;
            Map<PinKind, Integer> before = counters();
            Outcome o = perform(op);
            log.add(op + " -> " + Integer.toHexString(o.actual).toUpperCase(Locale.ROOT));
            assertEquals(String.format("%04X", o.expected), String.format("%04X", o.actual), () -> "status word at " + where(i, op));
            Map<PinKind, Integer> after = counters();
            assertEquals(model.remaining, after, () -> "counters at " + where(i, op));
            for (PinKind k : PinKind.holderPins()) {
                boolean authorisedRaise = o.pin == k && o.actual == 0x9000 && (o.isVerifyWithData || o.isReset);
                if (after.get(k) > before.get(k)) {
                    assertTrue(authorisedRaise, () -> k + " counter raised from " + before.get(k) + " to " + after.get(k)
                            + " by " + where(i, op));
                }
                if (before.get(k) == 0 && after.get(k) > 0) {
                    assertTrue(o.isReset && o.actual == 0x9000 && o.pin == k, () -> k + " unblocked by " + where(i, op));
                }
                if (o.pin == k && o.isVerifyWithData && (o.actual & 0xFFF0) == 0x63C0) {
                    wrongInARow.merge(k, 1, Integer::sum);
                } else if (o.pin == k && o.actual == 0x9000 && (o.isVerifyWithData || o.isReset || o.isChange)) {
                    wrongInARow.put(k, 0);
                }
                assertTrue(wrongInARow.get(k) <= k.maxAttempts(), () -> k + " accepted " + wrongInARow.get(k)
                        + " wrong attempts in a row, limit " + k.maxAttempts() + ", at " + where(i, op));
            }
        }

        private Map<PinKind, Integer> counters() {
            Map<PinKind, Integer> m = new EnumMap<>(PinKind.class);
            for (PinKind k : PinKind.holderPins()) {
                m.put(k, card.remaining(k));
            }
            return m;
        }

        /** What happened: the expected and actual status words, and which PIN a PIN command hit. */
        static final class Outcome {
            int expected;
            int actual;
            PinKind pin;
            boolean isVerifyWithData;
            boolean isReset;
            boolean isChange;
        }

        private int send(byte[] apdu) {
            byte[] r = card.transmit(apdu);
            assertTrue(r != null && r.length >= 2, "response without a status word");
            return ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
        }

        private Outcome perform(Op op) {
            Outcome o = new Outcome();
            int p2 = op.form == 0 ? 0x80 : 0x80 | CardModel.fid(op.kind);
            switch (op.act) {
                case SELECT_AP: {
                    byte[] aid = HEX.parseHex(AIDS[op.variant]);
                    o.actual = send(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, aid).encode());
                    o.expected = model.selectApp(APPS[op.variant]);
                    break;
                }
                case SELECT_EF: {
                    int fid = EF_IDS[op.param % EF_IDS.length];
                    o.actual = send(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {0, (byte) fid}).encode());
                    o.expected = model.selectEf(fid);
                    break;
                }
                case STATUS: {
                    o.pin = model.targetOrNull(p2);
                    o.actual = send(new byte[] {0x00, 0x20, 0x00, (byte) p2});
                    o.expected = model.verify(p2, new byte[0]);
                    break;
                }
                case VERIFY: {
                    o.pin = model.targetOrNull(p2);
                    PinKind valueOf = o.pin != null ? o.pin : op.kind;
                    byte[] value = pinValue(valueOf, op.variant, op.param, model.pin.get(valueOf));
                    o.isVerifyWithData = true;
                    o.actual = send(new CommandApdu(0x00, 0x20, 0x00, p2, value).encode());
                    o.expected = model.verify(p2, value);
                    break;
                }
                case VERIFY_RAW:
                    malformedVerify(op, o);
                    break;
                case READ: {
                    int sfi = READ_SFIS[op.param % READ_SFIS.length];
                    o.actual = send(new byte[] {0x00, (byte) 0xB0, (byte) (0x80 | sfi), 0x00, 0x01});
                    o.expected = model.readSfi(sfi);
                    break;
                }
                case SIGN: {
                    int keyP2 = op.form == 0 ? 0x80 : (op.kind == PinKind.SIGNING ? 0x9A : 0x97);
                    o.actual = send(new CommandApdu(0x80, 0x2A, 0x00, keyP2, new byte[] {1, 2, 3}, 256).encode());
                    o.expected = model.sign(keyP2);
                    break;
                }
                case CHANGE: {
                    o.pin = model.targetOrNull(p2);
                    PinKind k = o.pin != null ? o.pin : op.kind;
                    boolean changeKey = (k == PinKind.RESIDENT_REGISTRY) != (op.variant == 2);
                    byte[] value = newPinValue(k, op.variant == 1, op.param);
                    o.isChange = true;
                    o.actual = send(changeKey ? new CommandApdu(0x80, 0x32, 0x00, p2, value).encode()
                            : new CommandApdu(0x00, 0x24, 0x01, p2, value).encode());
                    o.expected = model.change(p2, changeKey, value);
                    break;
                }
                case CHALLENGE: {
                    byte[] r = card.transmit(new byte[] {0x00, (byte) 0x84, 0x00, 0x00, 0x10});
                    o.actual = ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
                    lastChallenge = o.actual == 0x9000 ? Arrays.copyOf(r, r.length - 2) : null;
                    o.expected = model.getChallenge();
                    break;
                }
                case EXT_AUTH:
                    externalAuthenticate(op, o);
                    break;
                case RESET_PIN: {
                    o.pin = model.targetOrNull(p2);
                    PinKind k = o.pin != null ? o.pin : op.kind;
                    byte[] value = newPinValue(k, op.variant == 1, op.param);
                    o.isReset = true;
                    o.actual = send(new CommandApdu(0x00, 0x2C, 0x02, p2, value).encode());
                    o.expected = model.resetRetryCounter(p2, value);
                    break;
                }
                case CARD_RESET:
                    card.reset();
                    model.reset();
                    o.actual = o.expected = 0x9000;
                    break;
                case OTHER_WRONG:
                    o.pin = op.kind;
                    o.isVerifyWithData = true;
                    o.actual = card.otherSessionWrongPin(op.kind);
                    o.expected = model.otherSessionWrongPin(op.kind);
                    break;
                case OTHER_CHANGE: {
                    o.pin = op.kind;
                    o.isReset = true; // a successful change by the holder in another session restores the counter
                    o.isChange = true;
                    byte[] next = newPinValue(op.kind, false, op.param);
                    o.actual = card.otherSessionChangesPin(op.kind, model.pin.get(op.kind), next);
                    o.expected = model.otherSessionChangesPin(op.kind, next);
                    break;
                }
                default:
                    try {
                        card.saveAndLoad(dir.resolve("card.state"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    model.reset();
                    o.actual = o.expected = 0x9000;
                    break;
            }
            return o;
        }

        private byte[] lastChallenge;

        private void externalAuthenticate(Op op, Outcome o) {
            byte[] challenge = lastChallenge != null ? lastChallenge : new byte[16];
            lastChallenge = null;
            byte[] signature;
            int ref;
            try {
                switch (op.variant) {
                    case 0: signature = KIOSK.authenticate(challenge); ref = 1; break;
                    case 1: signature = OFFICE.authenticate(challenge); ref = 2; break;
                    case 2: signature = KIOSK.authenticate(challenge); ref = 2; break; // the office's reference, the kiosk's key
                    case 3: signature = new byte[256]; ref = 5; break; // a reference the card does not trust
                    default:
                        signature = new byte[256];
                        random.nextBytes(signature);
                        ref = 2;
                        break;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            o.actual = send(new CommandApdu(0x00, 0x82, 0x00, 0x80 | ref, signature).encode());
            // the signature is good when it is over the pending challenge with the referenced key
            boolean good = model.challengePending && (op.variant == 0 || op.variant == 1);
            CardModel.Role role = ref == 1 ? CardModel.Role.KIOSK : CardModel.Role.OFFICE;
            o.expected = model.externalAuthenticate(ref == 1 || ref == 2, role, good);
        }

        private void malformedVerify(Op op, Outcome o) {
            byte[] pin = model.pin.get(op.kind).getBytes(StandardCharsets.US_ASCII);
            int sfiP2 = 0x80 | CardModel.fid(op.kind);
            byte[] apdu;
            int p2ForModel = -1;
            switch (op.variant) {
                case 0: apdu = new CommandApdu(0x00, 0x20, 0x01, sfiP2, pin).encode(); o.expected = 0x6A86; break; // P1 01
                case 1: apdu = new CommandApdu(0x00, 0x20, 0x00, sfiP2, pin, 256).encode(); o.expected = 0x6700; break; // with Le
                case 2: { // Lc says one byte more than there is
                    byte[] full = new CommandApdu(0x00, 0x20, 0x00, sfiP2, pin).encode();
                    apdu = Arrays.copyOf(full, full.length - 1);
                    o.expected = 0x6700;
                    break;
                }
                case 3: p2ForModel = 0x00; apdu = new CommandApdu(0x00, 0x20, 0x00, 0x00, pin).encode(); break;
                case 4: p2ForModel = 0xA0 | CardModel.fid(op.kind); apdu = new CommandApdu(0x00, 0x20, 0x00, p2ForModel, pin).encode(); break;
                case 5: p2ForModel = 0x81; apdu = new CommandApdu(0x00, 0x20, 0x00, 0x81, pin).encode(); break; // a binary EF
                case 6: apdu = new CommandApdu(0x0C, 0x20, 0x00, sfiP2, pin).encode(); o.expected = 0x6882; break; // secure messaging
                default: apdu = new CommandApdu(0x10, 0x20, 0x00, sfiP2, pin).encode(); o.expected = 0x6E00; break; // unknown CLA
            }
            o.actual = send(apdu);
            if (p2ForModel >= 0) {
                // refused before any PIN is chosen: the model must say so and change nothing
                o.expected = model.verify(p2ForModel, pin);
                assertTrue(o.expected != 0x9000 && (o.expected & 0xFFF0) != 0x63C0, "malformed VERIFY must be refused");
            }
        }
    }

    // ------------------------------------------------------------------ values

    static Op vfy(PinKind k, int form, int variant, int param) {
        return new Op(Act.VERIFY, k, form, variant, param);
    }

    static Op chg(PinKind k, int form, int variant, int param) {
        return new Op(Act.CHANGE, k, form, variant, param);
    }

    static Op rst(PinKind k, int form, int variant, int param) {
        return new Op(Act.RESET_PIN, k, form, variant, param);
    }

    /** Right, wrong (well-formed), short (a prefix) or long/lower-case value for a PIN of the model. */
    static byte[] pinValue(PinKind k, int variant, int param, String right) {
        String v;
        switch (variant) {
            case 0:
                v = right;
                break;
            case 1:
                v = k.digitsOnly() ? String.format("%04d", param) : String.format("W%05d", param);
                if (v.equals(right)) {
                    v = k.digitsOnly() ? String.format("%04d", (param + 1) % 10000) : "W" + v.substring(1) + "9";
                }
                break;
            case 2:
                v = right.substring(0, right.length() - 1);
                break;
            default:
                v = k.digitsOnly() ? right + "0" : right.toLowerCase(Locale.ROOT);
                break;
        }
        return v.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] newPinValue(PinKind k, boolean malformed, int param) {
        String v;
        if (malformed) {
            v = k.digitsOnly() ? (param % 2 == 0 ? "12A4" : "123") : (param % 2 == 0 ? "SHORT" : "lower9");
        } else {
            v = k.digitsOnly() ? String.format("%04d", param % 10000) : String.format("N%05d", param);
        }
        return v.getBytes(StandardCharsets.US_ASCII);
    }
}
