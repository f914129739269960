package io.github.mynacard;

import io.github.mynacard.internal.CardChannel;
import io.github.mynacard.internal.CardFaceSession;
import io.github.mynacard.internal.CardInfoSession;
import io.github.mynacard.internal.JpkiSession;
import io.github.mynacard.internal.PinGuard;
import io.github.mynacard.internal.PinManagement;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.GetResponseTransport;
import io.github.mynacard.transport.LeCorrectionTransport;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Typed operations on a My Number Card (マイナンバーカード), over any {@link CardTransport}: a reader
 * through PC/SC, the emulator, or a test double.
 *
 * <pre>{@code
 * try (MynaCard card = MynaCard.open(transport)) {
 *     PinStatus s = card.pinStatus(PinKind.USER_AUTH);       // spends no attempt
 *     CardFields f = card.readCardFields(cardInfoPin);        // char[]; the library keeps no copy
 * }
 * }</pre>
 *
 * <h2>PINs</h2>
 * PINs are {@code char[]}. The library checks their format before any APDU is sent (a malformed
 * PIN never costs an attempt), keeps no copy, wipes every byte array it makes from them, and never
 * puts them in a message, a log or a {@code toString()}. The caller's array is left as it is.
 *
 * <h2>Lockout guard</h2>
 * Before sending a PIN the library knows how many attempts are left: from an empty VERIFY the
 * first time in a session (which spends nothing), then from each answer. A call that would spend
 * the last attempt is refused with {@link LastAttemptException}, spending nothing, unless the
 * overload with {@link LastAttempt#ALLOW} is used. A PIN known to be blocked is refused with
 * {@link PinBlockedException} without sending it.
 *
 * <h2>Session state</h2>
 * A verified PIN stays verified only while its application stays selected: an operation in
 * another application (for example {@link #readCardFields} after {@link #verifySignaturePin})
 * drops it, as on the card. Operations that need a PIN take it and verify it themselves.
 *
 * <h2>Errors</h2>
 * A failure of the link is an {@link IOException} (typed by
 * {@link io.github.mynacard.transport.CardTransportException}); a refusal is a
 * {@link CardRefusedException} subtype; malformed data from the card is a {@link CardDataException}.
 *
 * <h2>Thread safety</h2>
 * Each operation runs its APDUs as one session of the transport ({@link CardTransport#withCard}),
 * holding this object's monitor on the thread that sends them, so an operation's APDUs (a VERIFY
 * and the signature it unlocks) are never interleaved with another thread's. Through PC/SC that
 * thread is the session's card thread, and one operation costs one hand-off to it;
 * {@link #withCard} makes a whole sequence of operations one hand-off. Across processes, the transport must
 * hold the card exclusively (the PC/SC transport does) or hold it for the guard's step: where the
 * card is shared between commands ({@link io.github.mynacard.transport.CardTransport#beginTransaction()},
 * as the emulator's state file is), the counter is read again right before a PIN is sent, with no
 * other session's command between the two, and the last-attempt rule decides on that answer.
 */
public final class MynaCard implements AutoCloseable {

    private final CardTransport transport;
    private final PinGuard pinGuard;
    private final JpkiSession jpki;
    private final CardInfoSession cardInfo;
    private final CardFaceSession cardFace;
    private final PinManagement pinChanges;
    /** Learnt from the card-info or card-face AP; written inside a session, read before one. */
    private volatile LocalDate knownBirthDate;
    private volatile boolean closed;

    private MynaCard(CardTransport transport, ReadStrategy strategy) {
        this.transport = new LeCorrectionTransport(new GetResponseTransport(transport));
        CardChannel channel = new CardChannel(this.transport, strategy);
        this.pinGuard = new PinGuard(channel);
        this.jpki = new JpkiSession(channel, pinGuard);
        this.cardInfo = new CardInfoSession(channel, pinGuard);
        this.cardFace = new CardFaceSession(channel, pinGuard);
        this.pinChanges = new PinManagement(channel, pinGuard);
    }

    /**
     * Opens a session on a card. Nothing is sent until the first operation. The transport is wrapped
     * in the {@code 61xx} and {@code 6Cxx} handlers; closing the card closes the transport.
     *
     * @param transport the link to the card
     * @return the session
     */
    public static MynaCard open(CardTransport transport) {
        return open(transport, ReadStrategy.FAST);
    }

    /**
     * Opens a session with a chosen way of addressing files: {@link ReadStrategy#FAST} (the
     * default, with an automatic fallback) or {@link ReadStrategy#COMPATIBLE}.
     *
     * @param transport the link to the card
     * @param strategy how files and PINs are addressed
     * @return the session
     */
    public static MynaCard open(CardTransport transport, ReadStrategy strategy) {
        return new MynaCard(Objects.requireNonNull(transport, "transport"), Objects.requireNonNull(strategy, "strategy"));
    }

    // ---- PIN status ----

    /**
     * Reads a PIN's retry counter with an empty VERIFY, spending no attempt.
     *
     * @param kind the PIN
     * @return the attempts left and the maximum
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses or answers nonsense ({@link CardDataException})
     */
    public PinStatus pinStatus(PinKind kind) throws IOException, MynaCardException {
        Objects.requireNonNull(kind, "kind");
        return session(() -> pinGuard.queryStatus(kind));
    }

    /**
     * Reads all four PIN counters, spending no attempt.
     *
     * @return the status of each PIN, in {@link PinKind} order
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses or answers nonsense
     */
    public Map<PinKind, PinStatus> pinStatuses() throws IOException, MynaCardException {
        return session(() -> {
            Map<PinKind, PinStatus> out = new EnumMap<>(PinKind.class);
            for (PinKind k : PinKind.holderPins()) {
                out.put(k, pinGuard.queryStatus(k));
            }
            return out;
        });
    }

    // ---- verification ----

    /**
     * Verifies the signing password (署名用パスワード, JPKI AP, EF {@code 001B}); refuses to spend
     * the last attempt.
     *
     * @param pin 6–16 characters of {@code A–Z0–9}
     * @throws PinFormatException when the password is malformed (nothing sent)
     * @throws WrongPinException when it is wrong; carries the attempts left
     * @throws PinBlockedException when it is blocked; the message says where to reset it
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void verifySignaturePin(char[] pin) throws IOException, MynaCardException {
        verifySignaturePin(pin, LastAttempt.REFUSE);
    }

    /**
     * Verifies the signing password.
     *
     * @param pin 6–16 characters of {@code A–Z0–9}
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @throws PinFormatException when the password is malformed (nothing sent)
     * @throws WrongPinException when it is wrong; carries the attempts left
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void verifySignaturePin(char[] pin, LastAttempt lastAttempt) throws IOException, MynaCardException {
        verifyPin(PinKind.SIGNING, pin, lastAttempt);
    }

    /**
     * Verifies the user-authentication PIN (利用者証明用, JPKI AP, EF {@code 0018}); refuses to
     * spend the last attempt.
     *
     * @param pin 4 digits
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong; carries the attempts left
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void verifyUserPin(char[] pin) throws IOException, MynaCardException {
        verifyUserPin(pin, LastAttempt.REFUSE);
    }

    /**
     * Verifies the user-authentication PIN.
     *
     * @param pin 4 digits
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong; carries the attempts left
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void verifyUserPin(char[] pin, LastAttempt lastAttempt) throws IOException, MynaCardException {
        verifyPin(PinKind.USER_AUTH, pin, lastAttempt);
    }

    /**
     * Verifies any of the four PINs; refuses to spend the last attempt.
     *
     * @param kind the PIN
     * @param pin its value
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong; carries the attempts left
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void verifyPin(PinKind kind, char[] pin) throws IOException, MynaCardException {
        verifyPin(kind, pin, LastAttempt.REFUSE);
    }

    /**
     * Verifies any of the four PINs.
     *
     * @param kind the PIN
     * @param pin its value
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong; carries the attempts left
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void verifyPin(PinKind kind, char[] pin, LastAttempt lastAttempt) throws IOException, MynaCardException {
        ensureOpen();
        PinPolicy.checkFormat(Objects.requireNonNull(kind, "kind"), pin);
        session(() -> {
            pinGuard.verify(kind, pin, lastAttempt(lastAttempt));
            return null;
        });
    }

    // ---- card data ----

    /**
     * Verifies the card-info input support PIN and reads the My Number and the basic four
     * information (券面事項入力補助AP); refuses to spend the last attempt. The My Number's check digit
     * is verified.
     *
     * @param cardInfoPin 4 digits
     * @return the fields; never log {@link CardFields#myNumber()}
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws CardDataException when a file is malformed or the check digit is wrong
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public CardFields readCardFields(char[] cardInfoPin) throws IOException, MynaCardException {
        return readCardFields(cardInfoPin, LastAttempt.REFUSE);
    }

    /**
     * Verifies the card-info input support PIN and reads the fields.
     *
     * @param cardInfoPin 4 digits
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @return the fields
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws CardDataException when a file is malformed or the check digit is wrong
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public CardFields readCardFields(char[] cardInfoPin, LastAttempt lastAttempt)
            throws IOException, MynaCardException {
        ensureOpen();
        return readCardFields(cardInfoPin, lastAttempt, null);
    }

    /**
     * Verifies the card-info PIN, reads the fields and, when a trusted key is given, checks that
     * they are genuine: the issuer certificate (EF {@code 0004}) must be signed by
     * {@code trustedAuthority}, and the integrity record (EF {@code 0003}) signed by that issuer
     * must hold the hashes of the My Number and basic four files as read. The result is reported
     * in {@link CardFields#authenticity()}; a failed check does not stop the read (two more
     * READ BINARY commands).
     *
     * @param cardInfoPin 4 digits
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @param trustedAuthority the RSA key that certifies the card-info AP's issuer key, or null to skip the check
     * @return the fields, with the authenticity result
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws CardDataException when a data file is malformed or the check digit is wrong
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public CardFields readCardFields(char[] cardInfoPin, LastAttempt lastAttempt, PublicKey trustedAuthority)
            throws IOException, MynaCardException {
        return readCardFields(Unlock.withPin(cardInfoPin).lastAttempt(lastAttempt(lastAttempt)).trusting(trustedAuthority));
    }

    /**
     * Opens the card-info input support AP (券面事項入力補助AP) as the unlock says and reads what that
     * opens: the card-info PIN opens the My Number and the basic four information; 照合番号A the My
     * Number only; 照合番号B the basic four information only (what was not read is null in the
     * result). With a trusted authority in the unlock, also checks that what was read is genuine,
     * as {@link #readCardFields(char[], LastAttempt, PublicKey)} describes.
     *
     * @param unlock the PIN or number, its last-attempt rule and the authority to check against
     * @return the fields read, with the authenticity result
     * @throws PinFormatException when the PIN or number is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws CardDataException when a data file is malformed or the check digit is wrong
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public CardFields readCardFields(Unlock unlock) throws IOException, MynaCardException {
        ensureOpen();
        Objects.requireNonNull(unlock, "unlock");
        PinKind kind = unlock.kind(PinKind.CARD_INFO_NUMBER_A, PinKind.CARD_INFO_NUMBER_B, PinKind.CARD_INFO_INPUT);
        PinPolicy.checkFormat(kind, unlock.secret());
        return session(() -> {
            CardFields f = cardInfo.read(kind, unlock.secret(), unlock.lastAttempt(), unlock.trustedAuthority());
            if (f.birthDate() != null) {
                knownBirthDate = f.birthDate();
            }
            return f;
        });
    }

    /**
     * Opens the card face AP (券面事項確認AP) with 照合番号A (the My Number) or 照合番号B and reads the
     * card face: birth date, sex, the card's expiry date, the name and address images, the photo
     * (JPEG 2000) and the security code image, and with 照合番号A also the My Number image. With a
     * trusted authority in the unlock, also checks the card face's signature and the certificate
     * of the key that made it (EF {@code 0004}); the outcome is in {@link CardFace#authenticity()}.
     *
     * @param unlock 照合番号A or B ({@link Unlock#withNumberA}, {@link Unlock#withNumberB}), its
     *     last-attempt rule and the authority to check against
     * @return the card face
     * @throws IllegalArgumentException when the unlock is a PIN (the card face has none)
     * @throws PinFormatException when the number is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws CardDataException when the card face is malformed
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public CardFace readCardFace(Unlock unlock) throws IOException, MynaCardException {
        ensureOpen();
        Objects.requireNonNull(unlock, "unlock");
        PinKind kind = unlock.kind(PinKind.CARD_FACE_NUMBER_A, PinKind.CARD_FACE_NUMBER_B, null);
        PinPolicy.checkFormat(kind, unlock.secret());
        return session(() -> {
            CardFace face = cardFace.read(kind, unlock.secret(), unlock.lastAttempt(), unlock.trustedAuthority());
            knownBirthDate = face.birthDate();
            return face;
        });
    }

    /**
     * Reads the JPKI token label and names the card type; needs no PIN.
     *
     * @return the card type
     * @throws MynaCardException when the card has no JPKI application or refuses
     * @throws IOException when the link fails
     */
    public CardType cardType() throws IOException, MynaCardException {
        return session(jpki::cardType);
    }

    // ---- certificates ----

    /**
     * Reads a JPKI certificate. The authentication certificate and both CA certificates need no
     * PIN. The signing certificate needs the signing password verified earlier in this session with
     * no operation in another application since; otherwise the card refuses with
     * {@link SecurityStatusException}. {@link #readSigningCertificate(char[])} does both steps.
     *
     * @param which the certificate
     * @return the certificate
     * @throws SecurityStatusException for the signing certificate without a verified signing password
     * @throws CardFileNotFoundException when the card holds no such certificate
     * @throws CardDataException when the file is not a certificate
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public X509Certificate readCertificate(JpkiCertificate which) throws IOException, MynaCardException {
        Objects.requireNonNull(which, "which");
        return session(() -> jpki.readCertificate(which));
    }

    /**
     * Verifies the signing password and reads the signing certificate; refuses to spend the last
     * attempt.
     *
     * @param signingPin the signing password
     * @return the signing certificate (it names the holder: treat it as personal data)
     * @throws PinFormatException when the password is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public X509Certificate readSigningCertificate(char[] signingPin) throws IOException, MynaCardException {
        return readSigningCertificate(signingPin, LastAttempt.REFUSE);
    }

    /**
     * Verifies the signing password and reads the signing certificate.
     *
     * @param signingPin the signing password
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @return the signing certificate
     * @throws PinFormatException when the password is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public X509Certificate readSigningCertificate(char[] signingPin, LastAttempt lastAttempt)
            throws IOException, MynaCardException {
        ensureOpen();
        PinPolicy.checkFormat(PinKind.SIGNING, signingPin);
        return session(() -> {
            pinGuard.verify(PinKind.SIGNING, signingPin, lastAttempt(lastAttempt));
            return jpki.readCertificate(JpkiCertificate.SIGNING);
        });
    }

    // ---- signing ----

    /**
     * Verifies the key's PIN and signs a digest with it ({@code 80 2A 00 80} over the DigestInfo;
     * the card pads with PKCS#1 v1.5). The PIN is verified for every signature, as the card's
     * policy for the signing key asks. Refuses to spend the last attempt.
     *
     * @param key the authentication or signing key
     * @param algorithm the digest's algorithm
     * @param digest the hash value
     * @param pin the key's PIN (user-authentication PIN or signing password)
     * @return the 256-byte RSA signature
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws CardDataException when the card's signature is not 256 bytes
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public byte[] signDigest(JpkiKey key, DigestAlgorithm algorithm, byte[] digest, char[] pin)
            throws IOException, MynaCardException {
        return signDigest(key, algorithm, digest, pin, LastAttempt.REFUSE);
    }

    /**
     * Verifies the key's PIN and signs a digest with it.
     *
     * @param key the authentication or signing key
     * @param algorithm the digest's algorithm
     * @param digest the hash value
     * @param pin the key's PIN
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @return the 256-byte RSA signature
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws CardDataException when the card's signature is not 256 bytes
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public byte[] signDigest(JpkiKey key, DigestAlgorithm algorithm, byte[] digest, char[] pin, LastAttempt lastAttempt)
            throws IOException, MynaCardException {
        Objects.requireNonNull(algorithm, "algorithm");
        return signDigestInfo(key, algorithm.digestInfo(digest), pin, lastAttempt);
    }

    /**
     * Verifies the key's PIN and signs a DER DigestInfo (or any block of 1–245 bytes) as given;
     * refuses to spend the last attempt.
     *
     * @param key the authentication or signing key
     * @param digestInfo the block to pad and sign
     * @param pin the key's PIN
     * @return the 256-byte RSA signature
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws CardDataException when the card's signature is not 256 bytes
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public byte[] signDigestInfo(JpkiKey key, byte[] digestInfo, char[] pin) throws IOException, MynaCardException {
        return signDigestInfo(key, digestInfo, pin, LastAttempt.REFUSE);
    }

    /**
     * Verifies the key's PIN and signs a DER DigestInfo as given.
     *
     * @param key the authentication or signing key
     * @param digestInfo the block to pad and sign, 1–245 bytes
     * @param pin the key's PIN
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @return the 256-byte RSA signature
     * @throws PinFormatException when the PIN is malformed (nothing sent)
     * @throws WrongPinException when it is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws CardDataException when the card's signature is not 256 bytes
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public byte[] signDigestInfo(JpkiKey key, byte[] digestInfo, char[] pin, LastAttempt lastAttempt)
            throws IOException, MynaCardException {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        if (digestInfo == null || digestInfo.length < 1 || digestInfo.length > 245) {
            throw new IllegalArgumentException("the block to sign must be 1 to 245 bytes");
        }
        PinPolicy.checkFormat(key.pin(), pin);
        return session(() -> jpki.sign(key, digestInfo, pin, lastAttempt(lastAttempt)));
    }

    // ---- changing and resetting PINs ----

    /**
     * Changes a PIN: verifies the current one, then sets the new one. Both formats, the signing
     * password's letter-and-digit rule and the new PIN's strength are checked before anything is
     * sent. Refuses to spend the last attempt.
     *
     * @param kind the PIN
     * @param currentPin the current value
     * @param newPin the new value
     * @throws PinFormatException when a PIN is malformed or the new one is weak (nothing sent)
     * @throws WrongPinException when the current PIN is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void changePin(PinKind kind, char[] currentPin, char[] newPin) throws IOException, MynaCardException {
        changePin(kind, currentPin, newPin, StrengthCheck.ENFORCE, LastAttempt.REFUSE);
    }

    /**
     * Changes a PIN.
     *
     * @param kind the PIN
     * @param currentPin the current value
     * @param newPin the new value
     * @param strength {@link StrengthCheck#SKIP} to accept a weak but well-formed new PIN
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the last attempt knowingly
     * @throws PinFormatException when a PIN is malformed or the new one is weak (nothing sent)
     * @throws WrongPinException when the current PIN is wrong
     * @throws PinBlockedException when it is blocked
     * @throws LastAttemptException when one attempt is left and not allowed (nothing sent)
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails
     */
    public void changePin(PinKind kind, char[] currentPin, char[] newPin, StrengthCheck strength,
            LastAttempt lastAttempt) throws IOException, MynaCardException {
        ensureOpen();
        Objects.requireNonNull(kind, "kind");
        PinPolicy.checkFormat(kind, currentPin);
        PinPolicy.checkNewPin(kind, newPin, knownBirthDate, strength == null ? StrengthCheck.ENFORCE : strength);
        session(() -> {
            pinChanges.change(kind, currentPin, newPin, lastAttempt(lastAttempt));
            return null;
        });
    }

    /**
     * Resets the signing password as at a convenience-store kiosk: verifies the user-authentication
     * PIN, lets the terminal authenticate, and sets the new password with its full 5 attempts. The
     * user PIN's lockout guard applies (it refuses to spend the last attempt).
     *
     * <p>Real cards trust only the kiosks' own keys, so on a real card this fails with
     * {@link PinResetUnavailableException}, whose message explains the real procedure (the JPKI
     * PIN-reset app's face check, then a kiosk within 24 hours, or the municipal office).
     *
     * @param userPin the user-authentication PIN
     * @param newSigningPin the new signing password (6–16 of {@code A–Z0–9}, a letter and a digit)
     * @param terminal the kiosk; null fails with {@link PinResetUnavailableException} before anything is sent
     * @throws PinFormatException when a PIN is malformed or the new one is weak (nothing sent)
     * @throws WrongPinException when the user PIN is wrong (one user-PIN attempt spent, nothing reset)
     * @throws PinBlockedException when the user PIN is blocked
     * @throws LastAttemptException when the user PIN has one attempt left (nothing sent)
     * @throws PinResetUnavailableException when there is no terminal or the card refuses it
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails or the terminal cannot sign
     */
    public void resetSigningPin(char[] userPin, char[] newSigningPin, TerminalAuthenticator terminal)
            throws IOException, MynaCardException {
        resetSigningPin(userPin, newSigningPin, terminal, StrengthCheck.ENFORCE, LastAttempt.REFUSE);
    }

    /**
     * Resets the signing password as at a convenience-store kiosk.
     *
     * @param userPin the user-authentication PIN
     * @param newSigningPin the new signing password
     * @param terminal the kiosk
     * @param strength {@link StrengthCheck#SKIP} to accept a weak but well-formed new password
     * @param lastAttempt {@link LastAttempt#ALLOW} to spend the user PIN's last attempt knowingly
     * @throws PinFormatException when a PIN is malformed or the new one is weak (nothing sent)
     * @throws WrongPinException when the user PIN is wrong (one user-PIN attempt spent, nothing reset)
     * @throws PinBlockedException when the user PIN is blocked
     * @throws LastAttemptException when the user PIN has one attempt left and it is not allowed
     * @throws PinResetUnavailableException when there is no terminal or the card refuses it
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails or the terminal cannot sign
     */
    public void resetSigningPin(char[] userPin, char[] newSigningPin, TerminalAuthenticator terminal,
            StrengthCheck strength, LastAttempt lastAttempt) throws IOException, MynaCardException {
        ensureOpen();
        PinPolicy.checkFormat(PinKind.USER_AUTH, userPin);
        PinPolicy.checkNewPin(PinKind.SIGNING, newSigningPin, knownBirthDate, strength == null ? StrengthCheck.ENFORCE : strength);
        session(() -> {
            pinChanges.reset(PinKind.SIGNING, newSigningPin, terminal, PinKind.USER_AUTH, userPin, lastAttempt(lastAttempt));
            return null;
        });
    }

    /**
     * Resets any PIN with no PIN, as at the municipal office: the terminal authenticates and the
     * new PIN is set with its full attempt count. Only a terminal with the office's role may do
     * this; on real cards it fails with {@link PinResetUnavailableException}.
     *
     * @param kind the PIN to reset
     * @param newPin the new PIN
     * @param terminal the office terminal; null fails before anything is sent
     * @param strength {@link StrengthCheck#SKIP} to accept a weak but well-formed new PIN
     * @throws PinFormatException when the new PIN is malformed or weak (nothing sent)
     * @throws PinResetUnavailableException when there is no terminal or the card refuses it
     * @throws MynaCardException for any other refusal
     * @throws IOException when the link fails or the terminal cannot sign
     */
    public void resetPin(PinKind kind, char[] newPin, TerminalAuthenticator terminal, StrengthCheck strength)
            throws IOException, MynaCardException {
        ensureOpen();
        Objects.requireNonNull(kind, "kind");
        PinPolicy.checkNewPin(kind, newPin, knownBirthDate, strength == null ? StrengthCheck.ENFORCE : strength);
        session(() -> {
            pinChanges.reset(kind, newPin, terminal, null, null, LastAttempt.REFUSE);
            return null;
        });
    }

    /**
     * Closes the transport. Further calls fail with {@link IllegalStateException}.
     *
     * @throws IOException when the transport cannot be closed cleanly
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // outside the monitor: the PC/SC transport's close waits for a session running on its card
        // thread, which takes this monitor for its operations
        transport.close();
    }

    /**
     * Runs {@code work} as one session on the card: its operations on {@code card} (this object)
     * and the commands they send go to the card without leaving the transport's session. Through
     * PC/SC that means the whole of {@code work} runs on the session's card thread as one job,
     * instead of one hand-off per operation (see {@code PcscTransport.withCard} for what the
     * callback may then not do: above all, it must not wait for another thread that uses this card,
     * nor prompt for input); the deadline of each command inside stays as it is. With other
     * transports it runs on the calling thread. Other threads' operations on this card wait until
     * it returns. Sessions nest: an operation inside runs directly.
     *
     * <pre>{@code
     * CardFields f = card.withCard(c -> {
     *     if (c.pinStatus(PinKind.CARD_INFO_INPUT).remaining() < 2) {
     *         return null;                       // ask the holder before spending an attempt
     *     }
     *     return c.readCardFields(cardInfoPin);
     * });
     * }</pre>
     *
     * @param work the session
     * @param <T> its result
     * @return what {@code work} returned
     * @throws IOException when the link fails, or what {@code work} threw
     * @throws MynaCardException what {@code work} threw
     * @throws IllegalStateException when this session is closed
     */
    public <T> T withCard(Session<T> work) throws IOException, MynaCardException {
        Objects.requireNonNull(work, "work");
        return session(() -> work.run(this));
    }

    /**
     * A caller's session on the card, run by {@link #withCard}.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Session<T> {
        /**
         * @param card this card
         * @return the result handed back to the caller of {@code withCard}
         * @throws IOException when the link fails
         * @throws MynaCardException when the card refuses
         */
        T run(MynaCard card) throws IOException, MynaCardException;
    }

    /** One operation's APDU exchange. */
    @FunctionalInterface
    private interface Exchange<T> {
        T run() throws IOException, MynaCardException;
    }

    /**
     * Runs one operation's commands in the transport's session, holding this object's monitor on
     * the thread that sends them (the card thread, through PC/SC), so that no other operation's
     * APDUs come between them.
     */
    private <T> T session(Exchange<T> exchange) throws IOException, MynaCardException {
        ensureOpen();
        return transport.withCard(t -> {
            synchronized (this) {
                ensureOpen();
                return exchange.run();
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this MynaCard session is closed");
        }
    }

    private static LastAttempt lastAttempt(LastAttempt l) {
        return l == null ? LastAttempt.REFUSE : l;
    }

    /** @return a description without any card data */
    @Override
    public String toString() {
        return "MynaCard[" + (closed ? "closed" : "open") + "]";
    }
}
