package io.github.mynacard.examples.cli;

import io.github.mynacard.CardFields;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.LastAttemptException;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinBlockedException;
import io.github.mynacard.PinKind;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.TestTerminals;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mynacard demo}: the whole story of a card holder on an emulated card, from the PIN
 * counters to a blocked signing password, its reset at the kiosk, and a verified signature.
 */
@Command(name = "demo", header = "The whole story on an emulated card: counters, fields, a blocked signing password, kiosk reset, signature.", mixinStandardHelpOptions = true,
        description = {"Tell the whole story on an emulated card, always the same way: the four PIN counters; the card "
            + "fields (My Number masked); the signing password mistyped until the guard stops at the last attempt; "
            + "the last attempt spent on purpose, so the password is blocked; its reset at the test kiosk with the "
            + "user-authentication PIN; a file signed with the new password and the signature verified with the "
            + "signing certificate.",
            "The demo first re-initialises the emulated card (~/.mynacard/card.state, or --card FILE) with the default "
                + "test data, so 'mynacard status' afterwards shows the card as the story left it: every counter full, and "
                + "the signing password changed by the kiosk reset to " + DemoCommand.NEW_SIGNING_PIN + " (the other "
                + "PINs keep their defaults). It replaces only a file that is an emulated card with every counter full; "
                + "anything else (another file, a card with spent attempts) is kept unless --force. With --temporary it "
                + "uses a throwaway card and leaves the state file alone. It never uses a reader."})
public final class DemoCommand extends BaseCommand {

    /** The test signing password the demo mistypes (well-formed, wrong). */
    static final String WRONG_SIGNING_PIN = "WRONG1";
    /** The test signing password the demo's kiosk reset sets. */
    static final String NEW_SIGNING_PIN = "DEMO2026";

    @Option(names = "--card", paramLabel = "FILE", description = "State file to re-initialise (default: ~/.mynacard/card.state).")
    Path card;

    @Option(names = "--temporary", description = "Use a throwaway card in a temporary file; leave the state file alone.")
    boolean temporary;

    @Option(names = "--force", description = "Replace the state file even when it is not an emulated card with every counter full.")
    boolean force;

    @Option(names = "--file", paramLabel = "FILE", description = "The file to sign (default: a small temporary file).")
    Path file;

    @Option(names = "--show-my-number", description = "Show the My Number unmasked.")
    boolean showMyNumber;

    private PrintWriter say;

    @Override
    protected int execute() throws Exception {
        long start = System.nanoTime();
        if (temporary && card != null) {
            throw CliException.badInput("--temporary and --card exclude each other");
        }
        if (temporary && force) {
            throw CliException.badInput("--temporary and --force exclude each other");
        }
        Path toSign = file;
        if (toSign != null) {
            CliFiles.requireFile(toSign);
        }
        if (!temporary) {
            EmulatorCards.requireReplaceable(card != null ? card : ctx().defaultCardFile(), force, "the demo");
        }
        // a temporary card lives in a folder of its own, removed at the end with everything the card
        // keeps beside its state file (its lock file, a save's temporary file)
        Path tempDir = temporary ? Files.createTempDirectory("mynacard-demo") : null;
        Path state = temporary ? tempDir.resolve("card.state") : card != null ? card : ctx().defaultCardFile();
        if (temporary) {
            cardIs(null);
        } else {
            cardIs(state);
        }
        say = json() ? new PrintWriter(Writer.nullWriter()) : out();
        try {
            if (toSign == null) {
                toSign = Files.createTempFile("mynacard-demo", ".txt");
                Files.writeString(toSign, "I agree to the terms. (mynacard demo)\n", StandardCharsets.UTF_8);
            }
            progress("making a fresh emulated card with the default test data in " + state + "...");
            MynaCardEmulator emulator = EmulatorCards.create(MynaCardEmulator.builder(), state);
            boolean verified;
            try (MynaCard c = MynaCard.open(emulator)) {
                verified = story(c, toSign);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("newSigningPassword", NEW_SIGNING_PIN);
                o.put("signatureVerified", verified);
                o.put("millis", Math.round(seconds * 1000));
                MynaCard after = MynaCard.open(EmulatorCards.load(state));
                o.put("pins", CardOverview.pinsJson(after.pinStatuses()));
                after.close();
                printJson(o);
            } else {
                say.printf("%nDone in %.1f s.%s%n", seconds, temporary ? " The temporary card is gone."
                        : " Run 'mynacard status' to see the card as the story left it; its signing password is now "
                                + NEW_SIGNING_PIN + ".");
            }
            return verified ? ExitCodes.OK : ExitCodes.UNEXPECTED;
        } finally {
            if (temporary) {
                try (java.util.stream.Stream<Path> left = Files.list(tempDir)) {
                    for (Path p : (Iterable<Path>) left::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(tempDir);
            }
            if (file == null && toSign != null) {
                Files.deleteIfExists(toSign);
            }
        }
    }

    private boolean story(MynaCard c, Path toSign) throws Exception {
        say.println("mynacard demo: an emulated My Number Card with test data (no real card is touched).");
        say.println();
        say.println("1. The four PIN counters, read without spending an attempt:");
        CardOverview.printPins(say, c.pinStatuses(), "     ");

        say.println();
        say.println("2. Reading the card fields with the " + Names.pin(PinKind.CARD_INFO_INPUT) + ":");
        CardFields f = c.readCardFields(MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray());
        FieldsCommand.print(say, f, showMyNumber, "     ");
        if (!showMyNumber) {
            say.println("     (the My Number is masked; --show-my-number shows it)");
        }

        say.println();
        say.println("3. The holder mistypes the " + Names.pin(PinKind.SIGNING) + ":");
        char[] wrong = WRONG_SIGNING_PIN.toCharArray();
        for (int attempt = 1; ; attempt++) {
            try {
                c.verifySignaturePin(wrong);
                throw new IllegalStateException("the wrong password was accepted");
            } catch (WrongPinException e) {
                say.println("     try " + attempt + ": the card says: " + e.getMessage());
            } catch (LastAttemptException e) {
                say.println("     try " + attempt + ": the guard stops: one attempt is left, so nothing was sent.");
                say.println("            The holder sees: \"" + ErrorHandler.message(e) + "\"");
                break;
            }
        }

        say.println();
        say.println("4. The holder insists and spends the last attempt on purpose (--allow-last-attempt):");
        try {
            c.verifyPin(PinKind.SIGNING, wrong, LastAttempt.ALLOW);
            throw new IllegalStateException("the wrong password was accepted");
        } catch (PinBlockedException e) {
            say.println("     The card says: " + e.getMessage());
        }
        say.println("     Counter now: " + CardOverview.counter(c.pinStatus(PinKind.SIGNING)));
        try {
            c.verifySignaturePin(MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray());
        } catch (PinBlockedException e) {
            say.println("     Even the right password is refused now (exit code " + ExitCodes.PIN_BLOCKED + ").");
        }

        say.println();
        say.println("5. At the (test) convenience-store kiosk, after the JPKI PIN-reset app's face check, the holder");
        say.println("   enters the " + Names.pin(PinKind.USER_AUTH) + " and a new signing password:");
        c.resetSigningPin(MynaCardEmulator.DEFAULT_USER_PIN.toCharArray(), NEW_SIGNING_PIN.toCharArray(), TestTerminals.kiosk());
        say.println("     The kiosk authenticated itself to the card and set the new password, " + NEW_SIGNING_PIN
                + " (test data).");
        say.println("     Counter now: " + CardOverview.counter(c.pinStatus(PinKind.SIGNING)));

        say.println();
        say.println("6. Signing " + toSign.getFileName() + " with the new password, and checking the signature:");
        byte[] data = Files.readAllBytes(toSign);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(data);
        char[] newPin = NEW_SIGNING_PIN.toCharArray();
        byte[] signature = c.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, digest, newPin);
        X509Certificate cert = c.readSigningCertificate(newPin);
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(cert.getPublicKey());
        v.update(data);
        boolean ok = v.verify(signature);
        say.println("     SHA-256:    " + HexFormat.of().formatHex(digest));
        say.println("     Signature:  " + signature.length + " bytes (RSA-2048, PKCS#1 v1.5)");
        say.println("     Verified with the signing certificate's public key (JDK SHA256withRSA): " + (ok ? "valid" : "INVALID"));

        say.println();
        say.println("7. The counters at the end of the story:");
        CardOverview.printPins(say, c.pinStatuses(), "     ");
        return ok;
    }
}
