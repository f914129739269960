package io.github.mynacard.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.CardDataException;
import io.github.mynacard.CardFields;
import io.github.mynacard.CardType;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.StrengthCheck;
import io.github.mynacard.TerminalAuthenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A hostile card: every typed operation of {@link MynaCard} must end, in bounded time and memory,
 * with a {@link MynaCardException} or an {@link IOException}: never a hang, an
 * {@link OutOfMemoryError}, an unchecked exception or a wrong result. One test per kind of hostile
 * answer; each runs every operation the answer can reach on a fresh session and checks that the
 * operations it cannot reach still give the right result.
 */
class HostileCardTest {

    /** Every typed operation of the facade. */
    enum Op {
        PIN_STATUS, VERIFY, READ_CARD_FIELDS, READ_CERTIFICATE, READ_SIGNING_CERTIFICATE, SIGN_DIGEST, CHANGE_PIN,
        RESET_SIGNING_PIN, RESET_PIN, CARD_TYPE
    }

    static final Set<Op> ALL = EnumSet.allOf(Op.class);
    static final Set<Op> READS = EnumSet.of(Op.READ_CARD_FIELDS, Op.READ_CERTIFICATE, Op.READ_SIGNING_CERTIFICATE);
    static final byte[] DIGEST = new byte[32];

    static final TerminalAuthenticator TERMINAL = new TerminalAuthenticator() {
        @Override
        public int keyReference() {
            return 2;
        }

        @Override
        public byte[] authenticate(byte[] challenge) {
            byte[] s = new byte[256];
            s[0] = (byte) challenge.length;
            return s;
        }
    };

    static Object run(Op op, MynaCard card) throws IOException, MynaCardException {
        switch (op) {
            case PIN_STATUS: return card.pinStatus(PinKind.USER_AUTH);
            case VERIFY: card.verifyUserPin("4821".toCharArray()); return "verified";
            case READ_CARD_FIELDS: return card.readCardFields("7364".toCharArray());
            case READ_CERTIFICATE: return card.readCertificate(JpkiCertificate.AUTHENTICATION);
            case READ_SIGNING_CERTIFICATE: return card.readSigningCertificate("MYNA2026".toCharArray());
            case SIGN_DIGEST: return card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, DIGEST, "MYNA2026".toCharArray());
            case CHANGE_PIN: card.changePin(PinKind.USER_AUTH, "4821".toCharArray(), "2580".toCharArray()); return "changed";
            case RESET_SIGNING_PIN:
                card.resetSigningPin("4821".toCharArray(), "NEWPASS7".toCharArray(), TERMINAL);
                return "reset";
            case RESET_PIN:
                card.resetPin(PinKind.CARD_INFO_INPUT, "2580".toCharArray(), TERMINAL, StrengthCheck.ENFORCE);
                return "reset";
            default: return card.cardType();
        }
    }

    /** The right result of an operation on the well-behaved fake card. */
    static void assertRight(Op op, Object result) throws Exception {
        switch (op) {
            case PIN_STATUS:
                assertEquals(3, ((PinStatus) result).remaining());
                break;
            case READ_CARD_FIELDS: {
                CardFields f = (CardFields) result;
                assertEquals(FakeCard.MY_NUMBER, f.myNumber());
                assertEquals("番号\u3000花子", f.name());
                break;
            }
            case READ_CERTIFICATE:
            case READ_SIGNING_CERTIFICATE:
                assertArrayEquals(FakeCard.CERT, ((X509Certificate) result).getEncoded());
                break;
            case SIGN_DIGEST: {
                byte[] s = new byte[256];
                Arrays.fill(s, (byte) 0x5A);
                assertArrayEquals(s, (byte[]) result);
                break;
            }
            case CARD_TYPE:
                assertEquals(CardType.MY_NUMBER_CARD, result);
                break;
            default:
                assertNotNull(result);
        }
    }

    /** A hostile card built from a fake card that answers through {@code hostility}. */
    interface Hostility {
        byte[] answer(FakeCard card, byte[] command, byte[] right) throws IOException;
    }

    static Supplier<FakeCard> hostile(Hostility h) {
        return () -> new FakeCard() {
            @Override
            byte[] answer(byte[] command, byte[] right) throws IOException {
                return h.answer(this, command, right);
            }
        };
    }

    /** Each operation in {@code affected} fails typed within 5 s; every other operation gives the right result. */
    static void check(Supplier<FakeCard> cards, Set<Op> affected) {
        for (Op op : Op.values()) {
            FakeCard transport = cards.get();
            Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                try (MynaCard card = MynaCard.open(transport)) {
                    Object result = run(op, card);
                    if (!affected.contains(op)) {
                        assertRight(op, result);
                        return null;
                    }
                    fail(op + " returned " + result + " from a hostile card");
                    return null;
                } catch (MynaCardException | IOException e) {
                    return e;
                } catch (RuntimeException | Error e) {
                    if (e instanceof AssertionError) {
                        throw e;
                    }
                    throw new AssertionError(op + " ended with an untyped " + e, e);
                }
            }, () -> op + " did not end within 5 s");
            if (affected.contains(op)) {
                assertNotNull(thrown, op.toString());
            } else if (thrown != null) {
                throw new AssertionError(op + " should not be affected but failed: " + thrown, thrown);
            }
        }
    }

    static byte[] sw(int sw) {
        return FakeCard.sw(sw);
    }

    static boolean isRead(byte[] c) {
        return c.length > 1 && c[1] == (byte) 0xB0;
    }

    static int sw(byte[] r) {
        return ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
    }

    // ------------------------------------------------------------------ the hostile answers

    @Test
    void theFakeCardIsRightWhenItIsNotHostile() {
        check(FakeCard::new, EnumSet.noneOf(Op.class));
    }

    @Test
    void responseOfOneByte() {
        check(hostile((c, cmd, right) -> new byte[] {right[0]}), ALL);
    }

    @Test
    void emptyResponse() {
        check(hostile((c, cmd, right) -> new byte[0]), ALL);
    }

    @Test
    void nullResponse() {
        check(hostile((c, cmd, right) -> null), ALL);
    }

    @Test
    void truncatedFiles() {
        check(() -> {
            FakeCard c = new FakeCard();
            c.files.replaceAll((k, v) -> k.endsWith(":6") ? v : Arrays.copyOf(v, v.length / 2));
            return c;
        }, READS);
    }

    @Test
    void wrongLengthReadReturnsMoreThanLe() {
        check(hostile((c, cmd, right) -> isRead(cmd) && sw(right) == 0x9000
                ? FakeCard.ok(new byte[io.github.mynacard.apdu.CommandApdu.parse(cmd).ne() + 1]) : right), EnumSet.of(Op.READ_CARD_FIELDS, Op.READ_CERTIFICATE,
                Op.READ_SIGNING_CERTIFICATE, Op.CARD_TYPE));
    }

    @Test
    void wrongLengthSignature() {
        check(hostile((c, cmd, right) -> cmd[1] == 0x2A ? FakeCard.ok(new byte[255]) : right), EnumSet.of(Op.SIGN_DIGEST));
    }

    @Test
    void endless61xx() {
        check(hostile((c, cmd, right) -> {
            byte[] r = new byte[18];
            r[16] = 0x61;
            r[17] = 0x10;
            return r;
        }), ALL);
    }

    @Test
    void endless61xxWithHugeParts() {
        check(hostile((c, cmd, right) -> {
            byte[] r = new byte[4098];
            r[4096] = 0x61;
            return r;
        }), ALL);
    }

    @Test
    void endless6Cxx() {
        check(hostile((c, cmd, right) -> sw(0x6C10)), ALL);
    }

    @Test
    void tlvHeaderClaimingTwoGigabytes() {
        check(() -> {
            FakeCard c = new FakeCard();
            c.files.replaceAll((k, v) -> {
                if (k.endsWith(":6")) {
                    return v;
                }
                byte[] f = Arrays.copyOf(v, 300);
                int tagLen = (v[0] & 0x1F) == 0x1F ? 2 : 1;
                f[tagLen] = (byte) 0x84;
                f[tagLen + 1] = 0x7F;
                f[tagLen + 2] = (byte) 0xFF;
                f[tagLen + 3] = (byte) 0xFF;
                f[tagLen + 4] = (byte) 0xFF;
                return f;
            });
            return c;
        }, READS);
    }

    @Test
    void brokenTlv() {
        check(() -> {
            FakeCard c = new FakeCard();
            c.files.put(FakeCard.JPKI + ":" + 0x0A, new byte[] {0x30, (byte) 0x80, 0x01, 0x02, 0x00, 0x00});
            c.files.put(FakeCard.JPKI + ":" + 0x01, new byte[] {0x30, 0x03, 0x02, 0x01, 0x05, (byte) 0xFF});
            c.files.put(FakeCard.INFO + ":" + 0x02, new byte[] {(byte) 0xFF, 0x20, 0x06, (byte) 0xDF, 0x21, 0x08, 0, 0, 0});
            return c;
        }, READS);
    }

    @Test
    void invalidUtf8InTheName() {
        check(() -> {
            FakeCard c = new FakeCard();
            c.files.put(FakeCard.INFO + ":" + 0x02, FakeCard.basicFour(new byte[] {(byte) 0xE7, (byte) 0x95, 0x28, (byte) 0xC3},
                    "19900401", '2'));
            return c;
        }, EnumSet.of(Op.READ_CARD_FIELDS));
    }

    @Test
    void wrongCheckDigit() {
        check(() -> {
            FakeCard c = new FakeCard();
            c.files.put(FakeCard.INFO + ":" + 0x01, FakeCard.myNumberFile("314159265353"));
            return c;
        }, EnumSet.of(Op.READ_CARD_FIELDS));
    }

    @Test
    void unexpectedStatus6F00() {
        check(hostile((c, cmd, right) -> sw(0x6F00)), ALL);
    }

    @Test
    void unexpectedStatus6581() {
        check(hostile((c, cmd, right) -> sw(0x6581)), ALL);
    }

    @Test
    void nineThousandWithNoDataWhereDataIsNeeded() {
        // an empty VERIFY answered 9000 reads as a full counter (some cards do that), and a change
        // answered 9000 is a change: those operations need no data
        check(hostile((c, cmd, right) -> sw(0x9000)), EnumSet.of(Op.READ_CARD_FIELDS, Op.READ_CERTIFICATE,
                Op.READ_SIGNING_CERTIFICATE, Op.SIGN_DIGEST, Op.RESET_SIGNING_PIN, Op.RESET_PIN, Op.CARD_TYPE));
    }

    @Test
    void retryCounter63CFOnAThreeTryPin() {
        check(hostile((c, cmd, right) -> cmd[1] == 0x20 ? sw(0x63CF) : right), EnumSet.of(Op.PIN_STATUS, Op.VERIFY,
                Op.READ_CARD_FIELDS, Op.READ_SIGNING_CERTIFICATE, Op.SIGN_DIGEST, Op.CHANGE_PIN, Op.RESET_SIGNING_PIN));
    }

    @Test
    void hugeResponseOfOneMegabyte() {
        check(hostile((c, cmd, right) -> {
            byte[] r = Arrays.copyOf(right, (1 << 20) + 2);
            r[r.length - 2] = right[right.length - 2];
            r[r.length - 1] = right[right.length - 1];
            return r;
        }), ALL);
    }

    @Test
    void ioExceptionInTheMiddleOfEveryOperation() {
        exceptionAtEveryCommand(() -> new IOException("link lost"));
    }

    @Test
    void runtimeExceptionInTheMiddleOfEveryOperation() {
        exceptionAtEveryCommand(() -> new IllegalStateException("driver bug"));
    }

    /** For each operation and each n, a card that fails at its n-th command: typed failure until n passes the end. */
    private static void exceptionAtEveryCommand(Supplier<Exception> failure) {
        for (Op op : Op.values()) {
            FakeCard probe = new FakeCard();
            try (MynaCard card = MynaCard.open(probe)) {
                assertRight(op, run(op, card));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            int total = probe.commands;
            for (int n = 1; n <= total; n++) {
                int failAt = n;
                check(hostile((c, cmd, right) -> {
                    if (c.commands == failAt) {
                        Exception e = failure.get();
                        if (e instanceof IOException) {
                            throw (IOException) e;
                        }
                        throw (RuntimeException) e;
                    }
                    return right;
                }), EnumSet.of(op), op);
            }
        }
    }

    /** As {@link #check(Supplier, Set)} for one operation only. */
    private static void check(Supplier<FakeCard> cards, Set<Op> affected, Op only) {
        FakeCard transport = cards.get();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (MynaCard card = MynaCard.open(transport)) {
                fail(only + " returned " + run(only, card) + " although the link failed");
            } catch (MynaCardException | IOException e) {
                assertTrue(e.getMessage() == null || !e.getMessage().contains("4821"));
            } catch (RuntimeException e) {
                throw new AssertionError(only + " ended with an untyped " + e, e);
            }
        });
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
