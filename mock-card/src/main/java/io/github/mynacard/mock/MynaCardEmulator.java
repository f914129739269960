package io.github.mynacard.mock;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import io.github.mynacard.Sex;
import io.github.mynacard.transport.CardTransaction;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.revocation.RevocationReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A strict software My Number Card (個人番号カード) that answers raw APDUs like the real card, as far
 * as public implementations (OpenSC's JPKI driver among them) document it, for tests of code that
 * talks to the card.
 *
 * <p>This class is the card's small public face: {@link #builder()}, {@link #transmit},
 * {@link #reset()}, {@link #close()}, {@link #save}/{@link #load} and test-support accessors.
 * Inside, the emulator is built like a card (a runtime that routes each command, one applet per
 * application, PIN objects that spend the attempt durably before comparing, with rules from the
 * emulator's own table, and the card's memory, identity and state file); the
 * {@linkplain io.github.mynacard.mock package documentation} describes these parts, the card's
 * applications and files, the verification numbers, each card's own keys, and the commands it
 * answers with their status words.
 *
 * <h2>Robustness</h2>
 * {@link #transmit} is synchronized and never throws for any input: malformed commands get a status
 * word ({@code 6700} for bad lengths, {@code 6F00} for an internal error), and the answer to
 * malformed input never changes state. {@link #close()} ends a session like taking the card out of
 * the reader (security state and selection dropped); the card stays usable for the next session.
 *
 * <h2>Persistence</h2>
 * {@link #save(Path)} and {@link #load(Path)} keep the whole card (not its security state); with
 * {@link Builder#stateFile(Path)}, or after {@link #load(Path)}, every change is saved atomically
 * before the answer is returned, and a save that fails answers {@code 6581} (memory failure),
 * keeping a spent attempt spent and an old PIN in place.
 *
 * <p>The emulator prints nothing and never puts a PIN in an exception message or
 * {@code toString()}. Its keys are public test keys; nothing it signs proves anything.
 */
public final class MynaCardEmulator implements CardTransport {

    /** AID of the JPKI application (公的個人認証AP). */
    public static final String JPKI_AID = "D392F000260100000001";
    /** AID of the card-info input support application (券面事項入力補助AP). */
    public static final String CARD_INFO_AID = "D3921000310001010408";
    /** AID of the card-face application (券面事項確認AP). */
    public static final String CARD_FACE_AID = "D3921000310001010402";
    /** AID of the 共通カードAP, which holds the resident-registry PIN EF 001C. */
    public static final String COMMON_AID = "D3921000310001010100";

    /** Default signing password (EF 001B). */
    public static final String DEFAULT_SIGNING_PIN = "MYNA2026";
    /** Default user-authentication PIN (EF 0018). */
    public static final String DEFAULT_USER_PIN = "4821";
    /** Default resident-registry PIN (EF 001C). */
    public static final String DEFAULT_RESIDENT_REGISTRY_PIN = "5930";
    /** Default card-info input support PIN (EF 0011). */
    public static final String DEFAULT_CARD_INFO_PIN = "7364";
    /** Default My Number: a fictional number with a valid check digit. */
    public static final String DEFAULT_MY_NUMBER = "314159265352";
    /** Default holder name: family and given name separated by U+3000. */
    public static final String DEFAULT_NAME = "番号\u3000花子";
    /** Default address, with full-width digits. */
    public static final String DEFAULT_ADDRESS = "東京都千代田区霞が関２丁目１番２号";
    /** Default birth date. */
    public static final LocalDate DEFAULT_BIRTH_DATE = LocalDate.of(1990, 4, 1);
    /** Default sex. */
    public static final Sex DEFAULT_SEX = Sex.FEMALE;
    /**
     * Default security code (セキュリティコード, 4 digits, printed on the card face): a fixed test value,
     * so that the default card's 照合番号B is known: the birth date in the Japanese era as YYMMDD
     * ({@code 020401} for {@link #DEFAULT_BIRTH_DATE}, Heisei 2), the card's expiry year, then this.
     */
    public static final String DEFAULT_SECURITY_CODE = "2468";
    /** Default municipality code (全国地方公共団体コード, 5 digits): Chiyoda, Tokyo. */
    public static final String DEFAULT_MUNICIPALITY_CODE = "13101";

    /** Status word the emulator answers when saving its state file failed. */
    public static final int SW_MEMORY_FAILURE = 0x6581;
    /** Status word for a CLA with secure-messaging bits. */
    public static final int SW_SECURE_MESSAGING_NOT_SUPPORTED = 0x6882;

    final CardOs os;
    /** The profile's link and the report it was made from (compared by identity), or null. */
    private ProfileLink link;
    private String linkSource;
    private boolean profileTimings = true;

    MynaCardEmulator(StateCodec.Image image, CardStore store) {
        this.os = new CardOs(new CardMemory(image));
        this.os.store = store;
    }

    /** @return the link of the card's profile as its memory holds it now, or null for none */
    private ProfileLink link() {
        String p = os.memory.profile();
        if (p != linkSource) {
            linkSource = p;
            try {
                link = p == null ? null : new ProfileLink(CardProfile.of(io.github.mynacard.report.CardReport.parse(p)));
            } catch (io.github.mynacard.report.CardReportFormatException e) {
                link = null; // checked when the state file was read; cannot happen
            }
            if (link != null) {
                link.timings(profileTimings);
            }
        }
        return link;
    }

    /**
     * The form of another card's and reader's answers this card takes, when it was made with
     * {@link Builder#profile}.
     *
     * @return the profile, or null when the card answers in its own form
     */
    public synchronized CardProfile profile() {
        ProfileLink l = link();
        return l == null ? null : l.profile();
    }

    /**
     * Whether a profiled card takes the profile's time for each command (default true); off for a
     * test that wants the profile's forms at the emulator's speed. Not kept in the state file.
     *
     * @param on whether to imitate the timings
     */
    public synchronized void setProfileTimings(boolean on) {
        profileTimings = on;
        if (link() != null) {
            link.timings(on);
        }
    }

    /**
     * Whether this machine has a font that draws the text: the card face's name and address images
     * are drawn when a card is made, and without such a font (a Japanese one for Japanese text) they
     * show each character as a box holding its code point instead.
     *
     * @param text a name or address
     * @return true when an installed font draws all of it
     */
    public static boolean canDrawText(String text) {
        return CardImages.drawable(text);
    }

    /**
     * Starts a card description with every value at its documented default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A card with every value at its default; same as {@code builder().build()}.
     *
     * @return a new emulated card
     */
    public static MynaCardEmulator createDefault() {
        return builder().build();
    }

    /**
     * Processes one command APDU like the card would.
     *
     * <p>Never throws for any input, including null, empty, truncated, garbage or huge arrays: every
     * problem becomes a status word ({@code 6F00} for an internal error). Synchronized, so threads
     * sharing one emulator see one command at a time.
     *
     * <p>A card kept in a state file runs each command under the file's lock, on the card as the
     * file holds it at that moment (what another process wrote is adopted first), and writes every
     * change durably before the answer is returned; see {@link #load(Path)}.
     *
     * @param command the encoded command APDU; not modified or kept
     * @return the response data followed by SW1 SW2
     * @throws io.github.mynacard.transport.CardTransportException only for a card kept in a state
     *     file: {@code SHARING_VIOLATION} when another process holds the file for longer than the
     *     bounded wait (5 s by default), {@code CARD_REMOVED} when the file no longer exists; the
     *     command was not run; and for a card with a {@link #profile()} whose reader cannot carry
     *     extended lengths, {@code EXTENDED_APDU_UNSUPPORTED} for such a command (the card never
     *     saw it)
     * @throws CardStateException only for a card kept in a state file, when the file no longer holds
     *     a card (replaced by something else or corrupted), or holds a key that does not parse and
     *     the command needs it; the command was not run
     * @throws IOException when the state file cannot be read; the command was not run
     */
    @Override
    public synchronized byte[] transmit(byte[] command) throws IOException {
        ProfileLink l = link();
        return l == null ? os.transmit(command) : l.transmit(command, os::transmit);
    }

    /**
     * Holds the card for this emulator object's commands until the transaction is closed. A card
     * kept in a state file takes the file's lock (in-process and OS lock, the same as one command
     * takes) and keeps it, so that no other process's or emulator object's command comes between
     * the commands sent meanwhile; its {@link CardTransaction#shared()}
     * is true, since other processes use the card between transactions. A card in memory only
     * returns {@link CardTransaction#EXCLUSIVE}.
     *
     * <p>Close it on the thread that began it; keep it short (other processes wait for it, at most
     * the bounded wait of {@link #transmit}).
     *
     * @return the transaction
     * @throws io.github.mynacard.transport.CardTransportException {@code SHARING_VIOLATION} when
     *     another process holds the file for longer than the bounded wait
     * @throws IOException when the lock cannot be taken
     */
    @Override
    public CardTransaction beginTransaction() throws IOException {
        return os.beginTransaction();
    }

    /**
     * Why the last save of the card's state file failed, when the card answered {@code 6581}
     * (memory failure) because the change could not be made durable: the operating system's reason
     * ("No space left on device", "File too large", "permission denied", ...). Lets a tool explain a
     * {@code 6581} that a real card would give for a worn-out chip.
     *
     * @return the reason, or null when the last save succeeded, none was needed, or the card lives
     *     in memory only
     */
    public synchronized String lastSaveFailure() {
        return os.lastSaveFailure;
    }

    /**
     * Ends a session on the emulated card, as taking the card out of the reader would: every
     * verified PIN, the terminal role and the selection are dropped. The card itself (PINs,
     * counters, files) stays, and the emulator can serve the next session, as a real card can be
     * put back into a reader.
     */
    @Override
    public synchronized void close() {
        reset();
    }

    /**
     * A card reset (power cycle): drops every verified PIN, the terminal role, the pending
     * challenge, the current application and the current EF. Counters and PINs are kept.
     */
    public synchronized void reset() {
        os.session.reset();
    }

    /**
     * Makes this card cautious, like a card (or a reader) without support for short EF identifiers
     * and extended lengths: any extended-length command answers {@code 6700} and any short EF
     * identifier (READ BINARY P1, or P2 of VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER,
     * CHANGE KEY and COMPUTE DIGITAL SIGNATURE) answers {@code 6A86}, with nothing changed. Lets
     * tests cover a client's fallback path. Not saved with the card's state. EXTERNAL AUTHENTICATE
     * of the reset model is exempt: a terminal's 256-byte signature needs an extended Lc.
     *
     * @param cautious true to refuse both forms, false (the default) to accept them
     */
    public synchronized void setCautious(boolean cautious) {
        os.cautious = cautious;
    }

    /**
     * Makes this card answer a READ BINARY whose Le runs past the end of the file with the bytes
     * there are and {@code 6282} (end of file reached before Le bytes) instead of {@code 9000}, as
     * ISO 7816-4 lets a card do and some do. Lets tests cover a client's handling of that warning.
     * Not saved with the card's state.
     *
     * @param warn true to answer {@code 6282}, false (the default) for {@code 9000}
     */
    public synchronized void setEndOfFileWarning(boolean warn) {
        os.endOfFileWarning = warn;
    }

    /**
     * Test support: the attempts left for a PIN, without spending one. For a card kept in a state
     * file, as the file holds it now.
     *
     * @param pin which PIN
     * @return 0 (blocked) up to the PIN's attempt limit
     * @throws UncheckedIOException when the state file cannot be read
     */
    public synchronized int remainingAttempts(PinKind pin) {
        Objects.requireNonNull(pin, "pin");
        os.sync();
        return os.pin(pin).remaining();
    }

    /**
     * Test support: whether a PIN is blocked (no attempts left).
     *
     * @param pin which PIN
     * @return true when the card refuses every VERIFY of it with {@code 6984}
     */
    public synchronized boolean isBlocked(PinKind pin) {
        return remainingAttempts(pin) == 0;
    }

    /**
     * Test support: one of the card's certificates as issued or last reissued (a file overwritten
     * with {@link #overwriteFile} does not change it). For a card kept in a state file, as the file
     * holds it now.
     *
     * @param which the certificate
     * @return the parsed certificate
     */
    public synchronized X509Certificate certificate(JpkiCertificate which) {
        Objects.requireNonNull(which, "which");
        os.sync();
        try {
            return CardCertificates.parse(os.identity().certificate(which));
        } catch (CertificateException e) {
            throw new IllegalStateException("stored certificate does not parse", e);
        }
    }

    /**
     * Test support: the holder's birth date as the card holds it (in the card-info AP and the
     * signing certificate), for callers that check a new PIN against it as a card holder's tool
     * would after reading the card.
     *
     * @return the birth date
     */
    public synchronized LocalDate holderBirthDate() {
        os.sync();
        return os.identity().holder.birthDate();
    }

    /**
     * Test support: the card's expiry date, as printed on it and held in the card-face AP; its year
     * is part of 照合番号B.
     *
     * @return the expiry date
     */
    public synchronized LocalDate cardExpiryDate() {
        os.sync();
        return os.identity().holder.cardExpiryDate();
    }

    /**
     * Test support: the 4-digit security code printed on the card, part of 照合番号B (build it with
     * {@code VerificationNumbers.numberB(holderBirthDate(), cardExpiryDate().getYear(), code)}).
     *
     * @return a new array of the four digits; the caller wipes it
     */
    public synchronized char[] securityCode() {
        os.sync();
        return os.identity().holder.securityCode().toCharArray();
    }

    /**
     * Test support: the public half of one of the holder's keys.
     *
     * @param key which key
     * @return its RSA public key
     */
    public synchronized PublicKey publicKey(JpkiKey key) {
        Objects.requireNonNull(key, "key");
        os.sync();
        return os.identity().key(Objects.requireNonNull(key, "key")).getPublic();
    }

    /**
     * The public key of the test authority that certifies the card-info AP's issuer key (EF 0004).
     * Pass it to {@code MynaCard.readCardFields(pin, lastAttempt, trustedKey)} to check that the
     * card's data is genuine. Test support: a public test key, the same for every emulated card.
     *
     * @return the authority's RSA public key
     */
    public PublicKey cardInfoCvcAuthorityKey() {
        return CardInfoIntegrity.authority().getPublic();
    }

    /**
     * The public key of the test authority that certifies the card-face AP's key (EF 0004), which
     * signs the card face (EF 0002) and the My Number image (EF 0005). Test support: a public test
     * key, the same for every emulated card.
     *
     * @return the authority's RSA public key
     */
    public PublicKey cardFaceCvcAuthorityKey() {
        return CardFaceFiles.authority().getPublic();
    }

    /** @return the test root of the user-authentication hierarchy (the certificate in EF 000B) */
    public X509Certificate authenticationRootCertificate() {
        return certificate(JpkiCertificate.AUTHENTICATION_CA);
    }

    /** @return the test root of the digital-signature hierarchy (the certificate in EF 0002) */
    public X509Certificate signingRootCertificate() {
        return certificate(JpkiCertificate.SIGNING_CA);
    }

    /**
     * Test support: replaces the bytes of a binary EF, to simulate a corrupted or unusual card. The
     * access rule of the file is kept. The change is part of the saved state (and autosaved when a
     * state file is set).
     *
     * @param aidHex the application's AID in hex (case-insensitive), e.g. {@value #JPKI_AID}
     * @param fileId the EF's file ID
     * @param content the new bytes (copied); at least one byte
     * @throws IllegalArgumentException when the application or a binary EF with that ID does not
     *     exist (PIN and key EFs cannot be overwritten) or the content is empty
     * @throws UncheckedIOException when the state file cannot be read or the autosave fails
     */
    public synchronized void overwriteFile(String aidHex, int fileId, byte[] content) {
        Objects.requireNonNull(aidHex, "aidHex");
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("content must not be empty");
        }
        os.overwrite(aidHex.toUpperCase(Locale.ROOT), fileId, content);
    }

    /**
     * Test hook: a binary EF's content as the card holds it, whatever its access rule, to change a
     * byte of it with {@link #overwriteFile} (for example to see a signature check fail).
     *
     * @param aidHex the application's AID in hex (case-insensitive)
     * @param fileId the EF's file ID
     * @return a copy of its content
     * @throws IllegalArgumentException when the application or a binary EF with that ID does not exist
     * @throws UncheckedIOException when the state file cannot be read
     */
    public synchronized byte[] fileContent(String aidHex, int fileId) {
        return os.content(Objects.requireNonNull(aidHex, "aidHex").toUpperCase(Locale.ROOT), fileId);
    }

    /**
     * Saves the whole card (PINs, counters, keys, certificates, holder data, trusted terminals,
     * overwritten files), not its security state, in a versioned UTF-8 text format with a trailing
     * SHA-256 line. The write is atomic, under the target file's lock: a temporary file in the same
     * directory, forced to disk, then moved over {@code file} (a symbolic link is followed; an
     * existing file's mode is kept, a new one is readable by its owner only). The file holds the
     * PINs and private keys of this test card; treat it as test data only. This card keeps living
     * where it lived before (in memory, or in its own state file).
     *
     * @param file where to save; its directory must exist
     * @throws IOException when the file cannot be written, or this card's own state file read
     */
    public synchronized void save(Path file) throws IOException {
        os.saveTo(CardStore.at(Objects.requireNonNull(file, "file")));
    }

    /**
     * Opens the card kept in a state file, written by {@link #save(Path)}, {@link Builder#stateFile}
     * or another emulator's autosave. The card lives in the file from now on: every command runs
     * under the file's lock on the card as the file holds it (so several emulator objects and
     * several processes on one file are one card, each with its own session: selection, verified
     * PINs, terminal role), and every change is written atomically and durably before the answer
     * is returned. Temporary files that a crash during an earlier save left next to the file are
     * deleted. A symbolic link is followed: the link stays, its target is replaced. The file is
     * otherwise only read by this method, never modified, also when it cannot be loaded.
     *
     * <p>The card's private keys and the terminals' public keys are parsed when a command first
     * needs them (reading the PIN counters or a certificate needs none), and the certificates only
     * by whoever reads them: a key that does not parse makes the command that needs it throw a
     * {@link CardStateException} from {@link #transmit}, and that command is not run.
     *
     * @param file the state file
     * @return the card, as after a {@link #reset()}
     * @throws CardStateException when the file is truncated, corrupted (checksum mismatch), of
     *     another format or version, incomplete, not a regular file, or larger than a state file
     *     can be; the message says which, never quoting a PIN
     * @throws IOException when the file cannot be read (missing: {@link java.nio.file.NoSuchFileException})
     */
    public static MynaCardEmulator load(Path file) throws IOException {
        CardStore store = CardStore.at(Objects.requireNonNull(file, "file"));
        MynaCardEmulator card = new MynaCardEmulator(StateCodec.decode(store.read()), store);
        store.removeTemporariesIfFree();
        return card;
    }

    // ------------------------------------------------------------------ the back office

    /**
     * Revokes the card's current certificate for a key now, as the JPKI back office does when the
     * holder reports the card lost ({@link RevocationReason#KEY_COMPROMISE}) or the holder's name
     * or address changes ({@link RevocationReason#AFFILIATION_CHANGED}). Same as
     * {@link #revoke(JpkiKey, RevocationReason, Instant)} at the present time.
     *
     * @param key which certificate
     * @param reason why
     * @throws CertificateAlreadyRevokedException when that certificate is already revoked
     * @throws IllegalArgumentException for {@link RevocationReason#REMOVE_FROM_CRL} (a delta-CRL
     *     code, never the reason of a revocation)
     * @throws UncheckedIOException when the state file cannot be read or written (nothing changed)
     */
    public void revoke(JpkiKey key, RevocationReason reason) {
        revoke(key, reason, Instant.now());
    }

    /**
     * Revokes the card's current certificate for a key: the revocation (hierarchy, serial, time to
     * the second, reason) is kept with the card, in its state file when it has one, where every
     * process that opens the file sees it, {@link JpkiBackOffice}'s CRLs and OCSP answers among
     * them. The card itself goes on answering as before (a real card does not know its
     * certificate was revoked); {@link #reissue} gives it a new one.
     *
     * @param key which certificate
     * @param reason why
     * @param time when (kept to the second)
     * @throws CertificateAlreadyRevokedException when that certificate is already revoked
     * @throws IllegalArgumentException for {@link RevocationReason#REMOVE_FROM_CRL}
     * @throws UncheckedIOException when the state file cannot be read or written (nothing changed)
     */
    public synchronized void revoke(JpkiKey key, RevocationReason reason, Instant time) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
        if (reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new IllegalArgumentException("remove-from-crl is not a reason to revoke a certificate");
        }
        os.change(m -> {
            BigInteger serial = serial(m.identity(), key);
            JpkiBackOffice.Revocation earlier = find(m.revocations(), key, serial);
            if (earlier != null) {
                throw new CertificateAlreadyRevokedException(key, earlier);
            }
            m.addRevocation(new JpkiBackOffice.Revocation(key, serial, time.truncatedTo(ChronoUnit.SECONDS), reason));
        });
    }

    /**
     * Reissues the card's certificate for a key, as a municipal office does after a revocation or
     * when a certificate nears its end: a new key pair (drawn from the prime pool by the card's
     * seed and the number of earlier reissues, so every process makes the same one), a new
     * certificate with a new serial valid from today (Japan time) to the same end as a new card's
     * would be; the old certificate is revoked as {@link RevocationReason#SUPERSEDED} now unless it
     * already was. PINs, counters and the other key stay; a test's overwritten copy of the old
     * certificate's EF is dropped. The card serves the new certificate and signs with the new key
     * from now on; this object's session is reset (in another process, the next command finds a
     * changed card and resets its session too).
     *
     * @param key which key
     * @throws IllegalArgumentException when the card has expired (no certificate can be issued)
     * @throws UncheckedIOException when the state file cannot be read or written (nothing changed)
     */
    public synchronized void reissue(JpkiKey key) {
        Objects.requireNonNull(key, "key");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        os.change(m -> {
            CardIdentity id = m.identity();
            BigInteger serial = serial(id, key);
            CardIdentity next = CardIssuer.reissue(id, key, m.generation(key) + 1, LocalDate.ofInstant(now, CardCertificates.JST));
            if (find(m.revocations(), key, serial) == null) {
                m.addRevocation(new JpkiBackOffice.Revocation(key, serial, now, RevocationReason.SUPERSEDED));
            }
            m.reissued(next, key, os.session);
        });
        os.session.reset();
    }

    /**
     * The revocations of this card's certificates (the current ones and those it had before a
     * reissue), in the order made. For a card kept in a state file, as the file holds it now.
     *
     * @return an unmodifiable list
     * @throws UncheckedIOException when the state file cannot be read
     */
    public synchronized List<JpkiBackOffice.Revocation> revocations() {
        os.sync();
        return os.memory.revocations();
    }

    /** What the back office needs of the card at one moment: its two holder certificates and its revocations. */
    record BackOfficeView(byte[] authCert, byte[] signCert, List<JpkiBackOffice.Revocation> revocations) {
        /** @return the DER of the current holder certificate of a key */
        byte[] certificate(JpkiKey key) {
            return key == JpkiKey.SIGNING ? signCert : authCert;
        }
    }

    /** @return the card as its state file holds it now, for the back office */
    synchronized BackOfficeView backOfficeView() {
        os.sync();
        CardIdentity id = os.identity();
        return new BackOfficeView(id.authCert, id.signCert, os.memory.revocations());
    }

    private static BigInteger serial(CardIdentity id, JpkiKey key) {
        try {
            return CardCertificates.parse(key == JpkiKey.SIGNING ? id.signCert : id.authCert).getSerialNumber();
        } catch (CertificateException e) {
            throw new IllegalStateException("stored certificate does not parse", e);
        }
    }

    static JpkiBackOffice.Revocation find(List<JpkiBackOffice.Revocation> list, JpkiKey key, BigInteger serial) {
        for (JpkiBackOffice.Revocation r : list) {
            if (r.key() == key && r.serial().equals(serial)) {
                return r;
            }
        }
        return null;
    }

    /** @return a description without PINs, numbers or personal data */
    @Override
    public String toString() {
        return "MynaCardEmulator[" + (os.session.application == null ? "no application selected" : "application selected") + "]";
    }

    /**
     * Describes an emulated card. Every setting has a documented default; {@link #build()} checks
     * the values. Not thread-safe.
     */
    public static final class Builder extends CardDescription {

        private Builder() {
        }

        /**
         * Builds the card: its keys are drawn by its seed, and its holder certificates issued by the
         * test CAs now (a few milliseconds); its other signatures are made when first read.
         *
         * @return the card, with no application selected
         * @throws IllegalArgumentException when a PIN is malformed (4 ASCII digits for the three
         *     short PINs, 6–16 of {@code A–Z0–9} for the signing password), the My Number fails its
         *     check digit, a holder value is missing, the security code is not 4 digits or the
         *     municipality code not 5, the expiry date is out of range, or the birth date is before
         *     1873; the message never quotes a PIN or number
         * @throws UncheckedIOException when the initial save to the state file fails
         */
        public MynaCardEmulator build() {
            return CardIssuer.issue(this);
        }

        /** @return a description without PINs or personal data */
        @Override
        public String toString() {
            return "MynaCardEmulator.Builder";
        }
    }
}
