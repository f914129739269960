package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import io.github.mynacard.TerminalAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the emulator with a million random and mutated APDUs. Every command must get a status
 * word and no exception; every rejected command must leave the persistent card (PINs, counters,
 * files) exactly as it was; and the emulator must never be more lenient than the reference model
 * {@link CardModel}.
 *
 * <p>"Rejected" means any answer other than {@code 9000}, except a VERIFY with data (CLA 00, INS 20,
 * a data field) answering {@code 63Cx}: that one legitimately spends exactly one attempt of one PIN
 * and must change nothing else, and {@code x} must be the attempts left.
 *
 * <p><b>The model check.</b> Before each APDU a {@link CardModel} is put in the emulator's state
 * (PIN values and counters, selected application, current EF, verified PINs, terminal role, pending
 * challenge, through the emulator's test hooks) and answers the same raw bytes
 * ({@link CardModel#answer}, with its own ISO 7816-4 decoder {@link RawCommand}). When the emulator
 * answers {@code 9000} the model must expect {@code 9000} too; and whenever both agree on accepting
 * or refusing, the emulator's state afterwards must be the model's (so a transition the emulator
 * gets wrong, such as a SELECT that keeps a verified PIN, is caught at once, not hidden by the next
 * synchronisation). The model cannot check RSA: an EXTERNAL AUTHENTICATE's signature is checked here
 * with the trusted terminals' public keys over the challenge the card answered last. Refused
 * commands where model and emulator differ only in the status word are counted and printed, not
 * failed.
 *
 * <p><b>Seed.</b> Each run takes a fresh random seed and prints it first:
 * {@code EmulatorFuzzTest: seed 0x...; replay with -Dmynacard.fuzz.seed=0x...}. Every failure
 * message names the seed (and the APDU's index). To replay a run, give the seed as the system
 * property {@code mynacard.fuzz.seed}, in hex with {@code 0x} or in decimal:
 * <pre>mvn -o test -pl mock-card -Dtest=EmulatorFuzzTest -Dmynacard.fuzz.seed=0x4D594E41</pre>
 * Surefire passes {@code -D} properties of the Maven command line on to the forked test JVM, so no
 * environment variable is needed. The run is the same for the same seed (same counts printed); the
 * emulator's challenges are random, but only whether a signature over them is good matters, and
 * that does not change. {@code -Dmynacard.fuzz.apdus=N} sets how many APDUs are sent (default
 * 1,000,000).
 */
class EmulatorFuzzTest {

    static final int APDUS = 1_000_000;
    static final String SEED_PROPERTY = "mynacard.fuzz.seed";
    static final String APDUS_PROPERTY = "mynacard.fuzz.apdus";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /**
     * Valid commands in every form the emulator knows, to mutate and to reach verified states.
     *
     * @param numberB the card's 照合番号B, for right VERIFYs of it
     */
    static List<byte[]> corpus(String numberB) {
        List<String> hex = new ArrayList<>(List.of(
                "00A4040C0AD392F000260100000001", "00A4040C0AD3921000310001010408", "00A4040C0AD3921000310001010100",
                "00A4040C0AD3921000310001010402", "00A4040000", "00A4020C020018", "00A4020C02001B", "00A4020C020001",
                "00A4020C020017", "00A4020C02001A", "00A4020C020011", "00A4020C02001C", "00A4020C020006",
                "00A4020C020003", "00A4020C020004", "00A4020C020008",
                "00B0860000", "00B08A0004", "00B0000000", "00B0810000000000", "00B00000000800", "00B0820020",
                "00B0830000", "00B0840000", "00B0880002", "00B0000201",
                "00200098", "0020009B", "00200091", "0020009C", "00200080",
                "802A0097030102030000", "802A009A0301020300", "802A0080030102030000",
                "0084000010", "008400000000", "00840000000010",
                // the verification numbers and the files they open
                "00A4020C020005", "00A4020C020002", "00A4020C020012", "00A4020C020013", "00A4020C020014", "00A4020C020015",
                "00B0850000", "00B0820000", "00B0830000", "00200094", "00200095", "00200092", "00200093"));
        hex.add(verify(0x98, MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add(verify(0x9B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        hex.add(verify(0x91, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        hex.add(verify(0x9C, MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN));
        hex.add(verify(0x80, MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add(verify(0x98, "0000"));
        hex.add(verify(0x94, MynaCardEmulator.DEFAULT_MY_NUMBER));
        hex.add(verify(0x93, MynaCardEmulator.DEFAULT_MY_NUMBER));
        hex.add(verify(0x95, numberB));
        hex.add(verify(0x92, numberB));
        hex.add(verify(0x80, numberB));
        hex.add(verify(0x94, "000000000000"));
        hex.add(verify(0x92, "1234"));
        hex.add("00240194" + lcAscii(MynaCardEmulator.DEFAULT_MY_NUMBER)); // never changed: 6A81
        hex.add("002C0292" + lcAscii(numberB)); // never reset: 6A81
        // changes and resets to the same values, so the right PINs stay right
        hex.add("00240198" + lcAscii(MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add("0024019B" + lcAscii(MynaCardEmulator.DEFAULT_SIGNING_PIN));
        hex.add("00240191" + lcAscii(MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        hex.add("8032009C" + lcAscii(MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN));
        hex.add("002C029B" + lcAscii(MynaCardEmulator.DEFAULT_SIGNING_PIN));
        hex.add("002C0298" + lcAscii(MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add("002C0280" + lcAscii(MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add("002C0291" + lcAscii(MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        hex.add("002C029C" + lcAscii(MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN));
        hex.add("0082008200" + "0100" + "00".repeat(256)); // extended Lc
        hex.add("0082008100" + "0100" + "00".repeat(256));
        List<byte[]> out = new ArrayList<>();
        for (String h : hex) {
            out.add(HEX.parseHex(h));
        }
        return out;
    }

    private static String verify(int p2, String pin) {
        return String.format("002000%02X", p2) + lcAscii(pin);
    }

    private static String lcAscii(String s) {
        return String.format("%02X", s.length()) + HEX.formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The seed of this run: {@value #SEED_PROPERTY} when set (0x-hex or decimal), else a fresh random one. */
    static long seed() {
        String s = System.getProperty(SEED_PROPERTY, "").strip();
        if (s.isEmpty()) {
            return new SecureRandom().nextLong();
        }
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be 0x followed by hex digits, or a decimal"
                    + " number, not \"" + s + "\"", e);
        }
    }

    static String seedText(long seed) {
        return String.format(Locale.ROOT, "0x%016X", seed);
    }

    /** One run: the seed, the card, the model check, and what was seen. */
    static final class Run {
        final long seed;
        final Random r;
        int index = -1; // of the APDU being checked
        final int[] swCounts = new int[0x10000];
        final Map<String, Integer> sws = new TreeMap<>();
        final Map<CardModel.Command, Integer> acceptedAndChecked = new EnumMap<>(CardModel.Command.class);
        final Map<String, Integer> swDifferences = new TreeMap<>();
        final Map<String, String> swDifferenceExamples = new TreeMap<>();
        int signedAuthentications;
        private byte[] lastChallenge;

        Run(long seed) {
            this.seed = seed;
            this.r = new Random(seed);
        }

        /** The prefix of every failure message: enough to replay the run. */
        String at() {
            return "[EmulatorFuzzTest seed " + seedText(seed) + ", APDU #" + index + "; replay with -D" + SEED_PROPERTY + "="
                    + seedText(seed) + "] ";
        }

        AssertionError failure(String what) {
            return new AssertionError(at() + what);
        }

        void check(boolean ok, Supplier<String> what) {
            if (!ok) {
                throw failure(what.get());
            }
        }

        /** The trusted terminals' signatures over the challenge the card answered last. */
        boolean goodSignature(int keyReference, byte[] signature) {
            PublicKey key = keyReference == TestTerminals.KIOSK_KEY_REFERENCE ? TestTerminals.kioskPublicKey()
                    : keyReference == TestTerminals.MUNICIPAL_OFFICE_KEY_REFERENCE ? TestTerminals.municipalOfficePublicKey()
                    : null;
            if (key == null || lastChallenge == null) {
                throw failure("the model asked for the signature of terminal " + keyReference
                        + (key == null ? ", which the test does not know" : " with no challenge answered"));
            }
            try {
                Signature v = Signature.getInstance("SHA256withRSA");
                v.initVerify(key);
                v.update(lastChallenge);
                return v.verify(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false; // not a signature of that key
            }
        }

        /** An EXTERNAL AUTHENTICATE with a terminal's real signature over the pending challenge (or the other terminal's). */
        byte[] signedExternalAuthenticate() {
            int ref = 1 + r.nextInt(2);
            boolean swapped = r.nextInt(4) == 0; // the other terminal's signature under this reference
            TerminalAuthenticator t = (ref == 1) != swapped ? TestTerminals.kiosk() : TestTerminals.municipalOffice();
            byte[] sig;
            try {
                sig = t.authenticate(lastChallenge);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            signedAuthentications++;
            byte[] apdu = HEX.parseHex(String.format("008200%02X00%04X", 0x80 | ref, sig.length) + HEX.formatHex(sig));
            return r.nextInt(4) == 0 ? mutate(apdu, r) : apdu;
        }
    }

    /** The emulator's state, read through its test hooks, as the model's. */
    record CardState(EmulatorHooks.SessionView session, Map<PinKind, String> pins, Map<PinKind, Integer> counters) {

        static CardState of(MynaCardEmulator card) {
            Map<PinKind, String> pins = new EnumMap<>(PinKind.class);
            Map<PinKind, Integer> counters = new EnumMap<>(PinKind.class);
            for (PinKind k : PinKind.values()) {
                pins.put(k, EmulatorHooks.pinValue(card, k));
                counters.put(k, card.remainingAttempts(k));
            }
            return new CardState(EmulatorHooks.sessionView(card), pins, counters);
        }

        /** @return a model in this state; throws IllegalArgumentException for a state the rules do not know */
        CardModel model() {
            EmulatorHooks.SessionView s = session;
            return CardModel.inState(pins, counters, app(s.application()), app(s.efApplication()), s.efId(), s.verified(),
                    s.role() == null ? null : s.role() == TerminalRole.KIOSK ? CardModel.Role.KIOSK : CardModel.Role.OFFICE,
                    s.challengePending());
        }

        private static CardModel.App app(String aid) {
            if (aid == null) {
                return null;
            }
            CardModel.App a = CardModel.App.byAid(aid);
            if (a == null) {
                throw new IllegalArgumentException("the card has no application " + aid);
            }
            return a;
        }
    }

    private static CardModel model(Run run, CardState state) {
        try {
            return state.model();
        } catch (IllegalArgumentException e) {
            throw run.failure("the emulator is in a state the model does not know: " + e.getMessage() + "; " + state.session());
        }
    }

    @Test
    void aMillionApdusGetAStatusWordAndRejectedOnesChangeNothing() throws IOException {
        long seed = seed();
        int apdus = Integer.getInteger(APDUS_PROPERTY, APDUS);
        System.out.println("EmulatorFuzzTest: seed " + seedText(seed) + "; replay with -D" + SEED_PROPERTY + "=" + seedText(seed));
        Run run = new Run(seed);
        run.check(MynaCardEmulator.JPKI_AID.equals(CardModel.App.JPKI.aid)
                && MynaCardEmulator.CARD_INFO_AID.equals(CardModel.App.TEXT.aid)
                && MynaCardEmulator.CARD_FACE_AID.equals(CardModel.App.FACE.aid)
                && MynaCardEmulator.COMMON_AID.equals(CardModel.App.COMMON.aid), () -> "the model's AIDs are not the emulator's");
        Random r = run.r;
        MynaCardEmulator template = MynaCardEmulator.createDefault();
        List<byte[]> corpus = corpus(EmulatorHooks.pinValue(template, PinKind.CARD_FACE_NUMBER_B));
        int valid = 0;
        int mutated = 0;
        int garbage = 0;
        int spent = 0;
        long t0 = System.nanoTime();
        MynaCardEmulator card = EmulatorHooks.copyForTest(template);
        String before = EmulatorHooks.persistentFingerprint(card);
        CardState state = CardState.of(card);
        for (int i = 0; i < apdus; i++) {
            run.index = i;
            if (i % 20_000 == 0) { // a fresh card now and then, so blocked PINs do not stay blocked
                card = EmulatorHooks.copyForTest(template);
                before = EmulatorHooks.persistentFingerprint(card);
                state = CardState.of(card);
            } else if (r.nextInt(500) == 0) {
                card.reset();
                state = CardState.of(card);
            }
            byte[] apdu;
            int kind = r.nextInt(100);
            if (state.session().challengePending() && r.nextInt(150) == 0) { // an RSA signature costs a millisecond or two
                apdu = run.signedExternalAuthenticate();
            } else if (kind < 12) {
                apdu = corpus.get(r.nextInt(corpus.size())).clone();
                valid++;
            } else if (kind < 85) {
                apdu = mutate(corpus.get(r.nextInt(corpus.size())), r);
                mutated++;
            } else {
                apdu = garbage(r);
                garbage++;
            }
            byte[] sent = apdu.clone();
            CardModel model = model(run, state);
            int expected; // the model answers first, in the state the card is in
            try {
                expected = model.answer(sent, run::goodSignature);
            } catch (RuntimeException e) {
                throw new AssertionError(run.at() + "the model cannot classify " + abbreviated(sent) + " in state "
                        + state.model(), e);
            }
            byte[] resp;
            try {
                resp = card.transmit(apdu);
            } catch (Throwable t) {
                throw new AssertionError(run.at() + "transmit threw for " + abbreviated(sent), t);
            }
            run.check(resp != null && resp.length >= 2, () -> "no status word for " + abbreviated(sent));
            run.check(Arrays.equals(sent, apdu), () -> "the emulator modified the command " + abbreviated(sent));
            int sw = ((resp[resp.length - 2] & 0xFF) << 8) | (resp[resp.length - 1] & 0xFF);
            run.swCounts[sw]++;
            if (sw == 0x9000 && sent.length >= 2 && sent[0] == 0x00 && (sent[1] & 0xFF) == 0x84) {
                run.lastChallenge = Arrays.copyOf(resp, resp.length - 2); // what a terminal signs
            }
            CardState now = CardState.of(card);
            String after = EmulatorHooks.persistentFingerprint(card);
            checkAgainstModel(run, sent, sw, expected, state, model, now);
            if (sw != 0x9000) {
                if (isVerifyWithData(sent) && (sw & 0xFFF0) == 0x63C0) {
                    int drop = 0;
                    int left = -1;
                    for (PinKind k : PinKind.values()) {
                        int was = state.counters().get(k);
                        int is = now.counters().get(k);
                        run.check(is <= was, () -> "a wrong VERIFY raised a counter: " + abbreviated(sent));
                        drop += was - is;
                        left = is != was ? is : left;
                    }
                    int spentNow = drop;
                    int leftNow = left;
                    run.check(spentNow == 1, () -> "a wrong VERIFY must spend exactly one attempt, spent " + spentNow + ": "
                            + abbreviated(sent));
                    run.check((sw & 0x0F) == leftNow, () -> String.format("63Cx must tell the attempts left (%d), answered"
                            + " %04X: %s", leftNow, sw, abbreviated(sent)));
                    spent++;
                } else if (!after.equals(before)) {
                    throw run.failure(String.format("rejected command %s (SW %04X) changed the card", abbreviated(sent), sw));
                }
            }
            before = after;
            state = now;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        for (int sw = 0; sw < run.swCounts.length; sw++) {
            if (run.swCounts[sw] > 0) {
                run.sws.put(String.format("%04X", sw), run.swCounts[sw]);
            }
        }
        StringBuilder seen = new StringBuilder();
        run.sws.forEach((k, v) -> seen.append(' ').append(k).append('=').append(v));
        StringBuilder checked = new StringBuilder();
        run.acceptedAndChecked.forEach((k, v) -> checked.append(' ').append(k).append('=').append(v));
        System.out.printf(Locale.ROOT, "EmulatorFuzzTest: %d APDUs (seed %s: %d valid, %d mutated, %d random, %d signed"
                + " EXTERNAL AUTHENTICATEs; %d wrong-PIN attempts spent) in %d ms; status words:%s; 9000 answers the model"
                + " also accepted:%s%n", apdus, seedText(seed), valid, mutated, garbage, run.signedAuthentications, spent, ms,
                seen, checked);
        if (!run.swDifferences.isEmpty()) {
            StringBuilder d = new StringBuilder();
            run.swDifferences.forEach((k, v) -> d.append(String.format(Locale.ROOT, "%n  %s: %d, e.g. %s", k, v,
                    run.swDifferenceExamples.get(k))));
            System.out.println("EmulatorFuzzTest: refused commands where the emulator's status word is not the model's"
                    + " (not a failure):" + d);
        }
        run.check(run.sws.size() > 15, () -> "the fuzz reached too few status words: " + run.sws.keySet());
        for (CardModel.Command c : CardModel.Command.values()) { // about 100 of the rarest in a million
            run.check(apdus < 200_000 || run.acceptedAndChecked.getOrDefault(c, 0) > 0,
                    () -> "no " + c + " answered 9000: the model check did not reach it");
        }
    }

    /**
     * The emulator is never more lenient than the model: its 9000 must be the model's. When both
     * accept, or both refuse, the card must be left in the model's state.
     */
    private static void checkAgainstModel(Run run, byte[] sent, int sw, int expected, CardState state, CardModel model,
            CardState now) {
        CardModel.Command command = commandOf(sent);
        if (sw == 0x9000) {
            if (expected != 0x9000) {
                throw run.failure(String.format("the emulator accepted %s (%s) with 9000, the model expects %s, in state %s",
                        abbreviated(sent), describe(sent), expected == CardModel.REFUSED ? "a refusal" : String.format("%04X", expected),
                        state.model()));
            }
            run.acceptedAndChecked.merge(command, 1, Integer::sum);
        } else if (expected == 0x9000) {
            // the emulator is stricter than the model: not what this test is about, but worth knowing
            noteDifference(run, command, sw, expected, sent);
            return;
        } else if (expected != CardModel.REFUSED && expected != sw) {
            noteDifference(run, command, sw, expected, sent);
        }
        String diff = model.differenceFrom(model(run, now));
        if (diff != null) {
            throw run.failure(String.format("after %s (%s), answered %04X (model: %s), the card's state is not the model's"
                    + " (model vs card): %s; model before: %s", abbreviated(sent), describe(sent), sw,
                    expected == CardModel.REFUSED ? "a refusal" : String.format("%04X", expected), diff, state.model()));
        }
    }

    private static void noteDifference(Run run, CardModel.Command command, int sw, int expected, byte[] sent) {
        String key = String.format("%s: emulator %04X, model %04X", command == null ? "?" : command, sw, expected);
        run.swDifferences.merge(key, 1, Integer::sum);
        run.swDifferenceExamples.putIfAbsent(key, abbreviated(sent));
    }

    private static CardModel.Command commandOf(byte[] apdu) {
        return apdu.length < 2 ? null : CardModel.Command.of(apdu[0] & 0xFF, apdu[1] & 0xFF);
    }

    private static String describe(byte[] apdu) {
        RawCommand c = RawCommand.decode(apdu);
        CardModel.Command command = commandOf(apdu);
        return (command == null ? "no command of the card" : command.toString()) + ", "
                + (c == null ? "not a well-formed APDU" : c.toString());
    }

    /** The APDU in hex, shortened when long: the seed replays it in full. */
    static String abbreviated(byte[] apdu) {
        if (apdu.length <= 96) {
            return HEX.formatHex(apdu);
        }
        return HEX.formatHex(apdu, 0, 64) + "... (" + apdu.length + " bytes)";
    }

    private static boolean isVerifyWithData(byte[] apdu) {
        RawCommand c = RawCommand.decode(apdu);
        return c != null && c.cla() == 0x00 && c.ins() == 0x20 && c.nc() > 0;
    }

    static byte[] garbage(Random r) {
        int n = r.nextInt(10) == 0 ? r.nextInt(70_000) : r.nextInt(300);
        byte[] b = new byte[n];
        r.nextBytes(b);
        if (n > 1 && r.nextBoolean()) {
            b[0] = (byte) (r.nextBoolean() ? 0x00 : 0x80); // a CLA the card accepts, so INS and lengths get checked
        }
        return b;
    }

    static byte[] mutate(byte[] valid, Random r) {
        byte[] a = valid.clone();
        int rounds = 1 + r.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            a = mutateOnce(a, r);
        }
        return a;
    }

    private static final int[] CLAS = {0x00, 0x80, 0x0C, 0x84, 0x08, 0x10, 0x01, 0xFF, 0x90, 0xA0};

    private static byte[] mutateOnce(byte[] a, Random r) {
        switch (r.nextInt(14)) {
            case 0: // flip one bit
                if (a.length > 0) {
                    a[r.nextInt(a.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return a;
            case 1: // one random byte
                if (a.length > 0) {
                    a[r.nextInt(a.length)] = (byte) r.nextInt(256);
                }
                return a;
            case 2: // CLA
                if (a.length > 0) {
                    a[0] = (byte) CLAS[r.nextInt(CLAS.length)];
                }
                return a;
            case 3: // P1 or P2
                if (a.length > 3) {
                    a[2 + r.nextInt(2)] = (byte) r.nextInt(256);
                }
                return a;
            case 4: // Lc (or Le) byte
                if (a.length > 4) {
                    a[4] = (byte) r.nextInt(256);
                }
                return a;
            case 5: // truncated
                return Arrays.copyOf(a, r.nextInt(a.length + 1));
            case 6: // trailing bytes (an Le, or junk)
                return appendRandom(a, 1 + r.nextInt(4), r);
            case 7: // short Le 00 added
                return Arrays.copyOf(a, a.length + 1);
            case 8: { // to the extended form: 00 Lc1 Lc2 data [Le1 Le2]
                if (a.length < 5) {
                    return a;
                }
                int lc = a[4] & 0xFF;
                byte[] e = new byte[a.length + 2 + (r.nextBoolean() ? 2 : 0)];
                System.arraycopy(a, 0, e, 0, 4);
                e[4] = 0;
                e[5] = 0;
                e[6] = (byte) lc;
                System.arraycopy(a, 5, e, 7, a.length - 5);
                return e;
            }
            case 9: { // extended Le only: 00 00 00 or a random one
                byte[] e = Arrays.copyOf(a, Math.min(a.length, 4) + 3);
                e[4 < e.length ? 4 : 0] = 0;
                if (r.nextBoolean() && e.length == 7) {
                    e[5] = (byte) r.nextInt(256);
                    e[6] = (byte) r.nextInt(256);
                }
                return e;
            }
            case 10: // huge extended Lc with too little data
                if (a.length > 6) {
                    a[4] = 0;
                    a[5] = (byte) 0xFF;
                    a[6] = (byte) 0xFF;
                }
                return a;
            case 11: // INS
                if (a.length > 1) {
                    a[1] = (byte) r.nextInt(256);
                }
                return a;
            case 12: // a long data field
                return appendRandom(a, 200 + r.nextInt(400), r);
            default: // data replaced by ASCII digits or letters (PIN-like)
                if (a.length > 5) {
                    for (int i = 5; i < a.length; i++) {
                        a[i] = (byte) (r.nextBoolean() ? '0' + r.nextInt(10) : 'A' + r.nextInt(26));
                    }
                }
                return a;
        }
    }

    private static byte[] appendRandom(byte[] a, int n, Random r) {
        byte[] b = Arrays.copyOf(a, a.length + n);
        for (int i = a.length; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
