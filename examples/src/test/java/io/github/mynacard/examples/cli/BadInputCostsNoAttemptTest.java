package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.PinKind;
import io.github.mynacard.signing.SamplePdf;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bad input file or output path is refused with exit code 2 and one line before the card sees
 * anything: the PIN is not even read (standard input untouched, no prompt), so neither the right
 * nor a wrong signing password spends an attempt, and every counter stays as it was.
 */
class BadInputCostsNoAttemptTest extends CliTestBase {

    private static final String RIGHT = "MYNA2026";
    private static final String WRONG = "WRONG7";

    /** Standard input that records whether anything read from it. */
    static final class WatchedInput extends InputStream {
        private final byte[] data;
        private int pos;
        boolean touched;

        WatchedInput(String text) {
            data = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            touched = true;
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            touched = true;
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(len, data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            touched = true;
            return data.length - pos;
        }
    }

    private byte[] cardBefore;

    @BeforeEach
    void makeCard() throws Exception {
        newCard().close();
        cardBefore = Files.readAllBytes(card);
    }

    private void assertEveryCounterFull() throws Exception {
        for (PinKind k : PinKind.holderPins()) {
            assertEquals(k.maxAttempts(), loadCard().remainingAttempts(k), k.name());
        }
    }

    /**
     * Runs the command three ways (the right password, then a wrong one, on --pin-stdin; and at a
     * prompt) and checks each is refused as bad input before any password is read.
     *
     * @param says what the one error line must say
     * @param args the command, without --card and the PIN options
     */
    private void assertRefusedBeforeThePin(String says, String... args) throws Exception {
        for (String password : new String[] {RIGHT, WRONG}) {
            WatchedInput in = new WatchedInput(password + "\n");
            CliContext ctx = new CliContext(in, Map.of(), null, home);
            Result r = run(ctx, with(args, "--card", card.toString(), "--pin-stdin"));
            String what = String.join(" ", args) + " with the " + (password.equals(RIGHT) ? "right" : "wrong") + " password";
            assertRefusal(r, says, what);
            assertFalse(in.touched, what + ": standard input was read");
            assertEveryCounterFull();
        }
        FakeTerminal t = new FakeTerminal(RIGHT);
        Result prompted = run("", Map.of(), t, with(args, "--card", card.toString()));
        assertRefusal(prompted, says, String.join(" ", args) + " at a terminal");
        assertEquals("", t.prompts.toString(), "no prompt is shown");
        assertEquals(1, t.answers.size(), "the password was not read");
        assertEveryCounterFull();
        assertArrayEquals(cardBefore, Files.readAllBytes(card), "the card's state file was not even rewritten");
    }

    private static void assertRefusal(Result r, String says, String what) {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), what + ": " + r.err());
        List<String> lines = Arrays.asList(r.err().strip().split("\n"));
        assertEquals(1, lines.size(), what + ": " + r.err());
        assertTrue(lines.get(0).startsWith("mynacard: error: "), what + ": " + r.err());
        assertTrue(lines.get(0).contains(says), what + ": " + r.err());
        assertFalse(r.err().contains("Exception"), what + ": " + r.err());
        assertEquals("", r.out(), what);
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList(more));
        return all.toArray(new String[0]);
    }

    @Test
    void signPdfOfATextFileIsRefusedAsNotAPdf() throws Exception {
        Path txt = Files.writeString(tmp.resolve("letter.txt"), "Dear Sir,\nthis is not a PDF.\n");
        assertRefusedBeforeThePin("not a PDF", "sign-pdf", txt.toString());
        assertFalse(Files.exists(tmp.resolve("letter.txt-signed.pdf")), "no output was written");
    }

    @Test
    void signPdfIntoAMissingDirectoryIsRefused() throws Exception {
        Path pdf = SamplePdf.create(tmp.resolve("form.pdf"));
        assertRefusedBeforeThePin("does not exist", "sign-pdf", pdf.toString(), "--out", "/nonexistent/dir/x.pdf");
    }

    @Test
    void signPdfIntoADirectoryIsRefused() throws Exception {
        Path pdf = SamplePdf.create(tmp.resolve("form.pdf"));
        Path dir = Files.createDirectories(tmp.resolve("signed"));
        assertRefusedBeforeThePin("it is a directory", "sign-pdf", pdf.toString(), "--out", dir.toString());
        assertTrue(Files.isDirectory(dir));
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.count(), "nothing was written into the directory");
        }
    }

    private Path encrypted(String name, String userPassword) throws Exception {
        Path plain = SamplePdf.create(tmp.resolve("plain.pdf"));
        Path locked = tmp.resolve(name);
        try (PDDocument doc = Loader.loadPDF(plain.toFile())) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("OWNERPW1", userPassword, new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(locked.toFile());
        }
        return locked;
    }

    @Test
    void signPdfOfAnEncryptedPdfIsRefused() throws Exception {
        // opens without a password (owner password only): PDFBox reads it, the signer refuses it as encrypted
        Path ownerOnly = encrypted("owner-only.pdf", "");
        assertRefusedBeforeThePin("the PDF is encrypted", "sign-pdf", ownerOnly.toString(), "--out", tmp.resolve("o.pdf").toString());
        // needs a password to open: it cannot even be read
        Path userPassword = encrypted("locked.pdf", "USERPW1");
        assertRefusedBeforeThePin("the PDF is encrypted", "sign-pdf", userPassword.toString(), "--out", tmp.resolve("o.pdf").toString());
        assertFalse(Files.exists(tmp.resolve("o.pdf")));
    }

    @Test
    void signPdfOfATruncatedPdfIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(SamplePdf.create(tmp.resolve("whole.pdf")));
        Path cut = Files.write(tmp.resolve("cut.pdf"), Arrays.copyOf(whole, 40));
        assertRefusedBeforeThePin("not a readable PDF", "sign-pdf", cut.toString(), "--out", tmp.resolve("o.pdf").toString());
        assertFalse(Files.exists(tmp.resolve("o.pdf")));
    }

    @Test
    void signIntoAMissingDirectoryIsRefused() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "hello");
        assertRefusedBeforeThePin("does not exist", "sign", doc.toString(), "--out", "/nonexistent/dir/x.sig");
        assertRefusedBeforeThePin("does not exist", "sign", doc.toString(), "--cms", "--out", "/nonexistent/dir/x.p7s");
    }

    @Test
    void certExportOfTheSigningCertificateIntoAMissingDirectoryIsRefused() throws Exception {
        assertRefusedBeforeThePin("does not exist", "cert", "export", "signing", "--out", "/nonexistent/dir/c.pem");
        assertFalse(Files.exists(Path.of("/nonexistent")));
    }

    /** The watch on standard input sees a read: the checks above could fail. */
    @Test
    void theWatchedInputSeesAPasswordThatIsRead() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "hello");
        WatchedInput in = new WatchedInput(RIGHT + "\n");
        Result r = run(new CliContext(in, Map.of(), null, home), "sign", doc.toString(), "--out",
                tmp.resolve("doc.sig").toString(), "--card", card.toString(), "--pin-stdin");
        assertEquals(0, r.code(), r.err());
        assertTrue(in.touched);
    }
}
