package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.PinKind;
import io.github.mynacard.apdu.CommandApdu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the emulator with a million random and mutated APDUs (fixed seed). Every command must get a
 * status word and no exception; every rejected command must leave the persistent card (PINs,
 * counters, files) exactly as it was.
 *
 * <p>"Rejected" means any answer other than {@code 9000}, except a VERIFY with data (CLA 00, INS 20,
 * a data field) answering {@code 63Cx}: that one legitimately spends exactly one attempt of one PIN
 * and must change nothing else.
 */
class EmulatorFuzzTest {

    static final int APDUS = 1_000_000;
    static final long SEED = 0x4D594E41L; // "MYNA"
    private static final HexFormat HEX = HexFormat.of();

    /** Valid commands in every form the emulator knows, to mutate and to reach verified states. */
    static List<byte[]> corpus(MynaCardEmulator card) {
        List<String> hex = new ArrayList<>(List.of(
                "00A4040C0AD392F000260100000001", "00A4040C0AD3921000310001010408", "00A4040C0AD3921000310001010100",
                "00A4040C0AD3921000310001010402", "00A4040000", "00A4020C020018", "00A4020C02001B", "00A4020C020001",
                "00A4020C020017", "00A4020C02001A", "00A4020C020011", "00A4020C02001C", "00A4020C020006",
                "00B0860000", "00B08A0004", "00B0000000", "00B0810000000000", "00B00000000800", "00B0820020",
                "00200098", "0020009B", "00200091", "0020009C", "00200080",
                "802A0097030102030000", "802A009A0301020300", "802A0080030102030000",
                "0084000010", "008400000000", "00840000000010"));
        hex.add(verify(0x98, MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add(verify(0x9B, MynaCardEmulator.DEFAULT_SIGNING_PIN));
        hex.add(verify(0x91, MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        hex.add(verify(0x9C, MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN));
        hex.add(verify(0x80, MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add(verify(0x98, "0000"));
        // changes and resets to the same values, so the right PINs stay right
        hex.add("00240198" + lcAscii(MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add("0024019B" + lcAscii(MynaCardEmulator.DEFAULT_SIGNING_PIN));
        hex.add("00240191" + lcAscii(MynaCardEmulator.DEFAULT_CARD_INFO_PIN));
        hex.add("8032009C" + lcAscii(MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN));
        hex.add("002C029B" + lcAscii(MynaCardEmulator.DEFAULT_SIGNING_PIN));
        hex.add("002C0298" + lcAscii(MynaCardEmulator.DEFAULT_USER_PIN));
        hex.add("002C0280" + lcAscii(MynaCardEmulator.DEFAULT_USER_PIN));
        List<byte[]> out = new ArrayList<>();
        for (String h : hex) {
            out.add(HEX.parseHex(h));
        }
        out.add(new CommandApdu(0x00, 0x82, 0x00, 0x82, new byte[256]).encode()); // extended Lc
        out.add(new CommandApdu(0x00, 0x82, 0x00, 0x81, new byte[256]).encode());
        return out;
    }

    private static String verify(int p2, String pin) {
        return String.format("002000%02X", p2) + lcAscii(pin);
    }

    private static String lcAscii(String s) {
        return String.format("%02X", s.length()) + HEX.formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aMillionApdusGetAStatusWordAndRejectedOnesChangeNothing() throws IOException {
        Random r = new Random(SEED);
        MynaCardEmulator template = MynaCardEmulator.createDefault();
        List<byte[]> corpus = corpus(template);
        Map<String, Integer> sws = new TreeMap<>();
        int valid = 0;
        int mutated = 0;
        int garbage = 0;
        int spent = 0;
        long t0 = System.nanoTime();
        MynaCardEmulator card = template.copyForTest();
        String before = card.persistentFingerprint();
        int[] counters = counters(card);
        for (int i = 0; i < APDUS; i++) {
            if (i % 20_000 == 0) { // a fresh card now and then, so blocked PINs do not stay blocked
                card = template.copyForTest();
                before = card.persistentFingerprint();
                counters = counters(card);
            } else if (r.nextInt(500) == 0) {
                card.reset();
            }
            byte[] apdu;
            int kind = r.nextInt(100);
            if (kind < 12) {
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
            byte[] resp;
            try {
                resp = card.transmit(apdu);
            } catch (Throwable t) {
                throw new AssertionError("transmit threw for " + HEX.formatHex(sent), t);
            }
            if (resp == null || resp.length < 2) {
                fail("no status word for " + HEX.formatHex(sent));
            }
            assertTrue(Arrays.equals(sent, apdu), "the emulator modified the command");
            int sw = ((resp[resp.length - 2] & 0xFF) << 8) | (resp[resp.length - 1] & 0xFF);
            sws.merge(String.format("%04X", sw), 1, Integer::sum);
            String after = card.persistentFingerprint();
            int[] now = counters(card);
            if (sw != 0x9000) {
                boolean verifyWithData = isVerifyWithData(sent);
                if (verifyWithData && (sw & 0xFFF0) == 0x63C0) {
                    int drop = 0;
                    int left = -1;
                    for (int k = 0; k < now.length; k++) {
                        assertTrue(now[k] <= counters[k], "a wrong VERIFY raised a counter: " + HEX.formatHex(sent));
                        drop += counters[k] - now[k];
                        left = now[k] != counters[k] ? now[k] : left;
                    }
                    assertEquals(1, drop, "a wrong VERIFY must spend exactly one attempt: " + HEX.formatHex(sent));
                    assertEquals(sw & 0x0F, left, "63Cx must tell the attempts left: " + HEX.formatHex(sent));
                    spent++;
                } else if (!after.equals(before)) {
                    fail(String.format("rejected command %s (SW %04X) changed the card", HEX.formatHex(sent), sw));
                }
            }
            before = after;
            counters = now;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder seen = new StringBuilder();
        sws.forEach((k, v) -> seen.append(' ').append(k).append('=').append(v));
        System.out.printf(Locale.ROOT, "EmulatorFuzzTest: %d APDUs (seed %X: %d valid, %d mutated, %d random; %d wrong-PIN"
                + " attempts spent) in %d ms; status words:%s%n", APDUS, SEED, valid, mutated, garbage, spent, ms, seen);
        assertTrue(sws.size() > 15, "the fuzz reached too few status words: " + sws.keySet());
    }

    private static int[] counters(MynaCardEmulator card) {
        PinKind[] kinds = PinKind.values();
        int[] c = new int[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            c[i] = card.remainingAttempts(kinds[i]);
        }
        return c;
    }

    private static boolean isVerifyWithData(byte[] apdu) {
        if (apdu.length < 5 || apdu[0] != 0x00 || apdu[1] != 0x20) {
            return false;
        }
        try {
            return CommandApdu.parse(apdu).nc() > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
