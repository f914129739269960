package io.github.mynacard.bench;

import io.github.mynacard.CardFields;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.transport.CardTransport;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Typed operations in-process against the emulator, each in a new session (as an application
 * would call them), next to the same APDUs sent straight to the emulator: the difference is the
 * library's own cost. Signing is set beside Bouncy Castle's own RSA-2048 signature.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class OperationsBench {

    private static final char[] CARD_INFO_PIN = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();
    private static final char[] SIGNING_PIN = MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray();
    private final byte[] digest = new byte[32];
    private MynaCardEmulator card;
    private List<byte[]> readFieldsApdus;
    private List<byte[]> pinStatusApdus;
    private KeyPair bcKey;
    private Signature bcSigner;

    /** Records the APDUs of each operation once, for the direct replays. */
    @Setup
    public void setUp() throws Exception {
        card = MynaCardEmulator.createDefault();
        readFieldsApdus = record(c -> c.readCardFields(CARD_INFO_PIN));
        pinStatusApdus = record(MynaCard::pinStatuses);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        bcKey = g.generateKeyPair();
        bcSigner = Signature.getInstance("SHA256withRSA", new BouncyCastleProvider());
    }

    private interface Op {
        Object run(MynaCard c) throws IOException, MynaCardException;
    }

    private List<byte[]> record(Op op) throws IOException, MynaCardException {
        List<byte[]> out = new ArrayList<>();
        CardTransport rec = cmd -> {
            out.add(cmd.clone());
            return card.transmit(cmd);
        };
        try (MynaCard c = MynaCard.open(rec)) {
            op.run(c);
        }
        return out;
    }

    /** readCardFields through the library (new session: select, status, verify, two reads). */
    @Benchmark
    public CardFields readCardFields() throws IOException, MynaCardException {
        try (MynaCard c = MynaCard.open(card)) {
            return c.readCardFields(CARD_INFO_PIN);
        }
    }

    /** The same APDUs sent straight to the emulator. */
    @Benchmark
    public int readCardFieldsDirect() throws IOException {
        int n = 0;
        for (byte[] cmd : readFieldsApdus) {
            n += card.transmit(cmd).length;
        }
        return n;
    }

    /** pinStatus of all four PINs through the library. */
    @Benchmark
    public Map<PinKind, PinStatus> pinStatusAll() throws IOException, MynaCardException {
        try (MynaCard c = MynaCard.open(card)) {
            return c.pinStatuses();
        }
    }

    /** The same APDUs sent straight to the emulator. */
    @Benchmark
    public int pinStatusAllDirect() throws IOException {
        int n = 0;
        for (byte[] cmd : pinStatusApdus) {
            n += card.transmit(cmd).length;
        }
        return n;
    }

    /** Reading and parsing the authentication certificate. */
    @Benchmark
    public X509Certificate readCertificate() throws IOException, MynaCardException {
        try (MynaCard c = MynaCard.open(card)) {
            return c.readCertificate(JpkiCertificate.AUTHENTICATION);
        }
    }

    /** Verify the signing password and sign a SHA-256 digest (the card's RSA-2048 private operation). */
    @Benchmark
    public byte[] signInProcess() throws IOException, MynaCardException {
        try (MynaCard c = MynaCard.open(card)) {
            return c.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, digest, SIGNING_PIN);
        }
    }

    /** Bouncy Castle's own SHA256withRSA signature with an RSA-2048 key, for comparison. */
    @Benchmark
    public byte[] bouncyCastleSign() throws GeneralSecurityException {
        bcSigner.initSign(bcKey.getPrivate());
        bcSigner.update(digest);
        return bcSigner.sign();
    }
}
