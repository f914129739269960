package io.github.mynacard.mock;

import io.github.mynacard.Sex;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link MynaCardEmulator.Builder} describes: the settings and their defaults, read by
 * {@code CardIssuer}. Kept apart from the emulator's public face; its public setters are the
 * builder's.
 */
abstract class CardDescription {
    String signingPin = MynaCardEmulator.DEFAULT_SIGNING_PIN;
    String userPin = MynaCardEmulator.DEFAULT_USER_PIN;
    String residentRegistryPin = MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN;
    String cardInfoPin = MynaCardEmulator.DEFAULT_CARD_INFO_PIN;
    String myNumber = MynaCardEmulator.DEFAULT_MY_NUMBER;
    String name = MynaCardEmulator.DEFAULT_NAME;
    String address = MynaCardEmulator.DEFAULT_ADDRESS;
    LocalDate birthDate = MynaCardEmulator.DEFAULT_BIRTH_DATE;
    Sex sex = MynaCardEmulator.DEFAULT_SEX;
    LocalDate certificateIssueDate;
    boolean freshKeys;
    Path stateFile;
    Long seed;
    LocalDate cardExpiryDate;
    String securityCode;
    String municipalityCode;
    final Map<Integer, StateCodec.Terminal> terminals = new TreeMap<>();
    String profile;

    CardDescription() {
        terminals.put(TestTerminals.KIOSK_KEY_REFERENCE, new StateCodec.Terminal(TestTerminals.kioskPublicKey(), TerminalRole.KIOSK));
        terminals.put(TestTerminals.MUNICIPAL_OFFICE_KEY_REFERENCE,
                new StateCodec.Terminal(TestTerminals.municipalOfficePublicKey(), TerminalRole.MUNICIPAL_OFFICE));
    }

    /**
     * @param pin the signing password (6–16 of {@code A–Z0–9}); default
     *     {@value MynaCardEmulator#DEFAULT_SIGNING_PIN}
     * @return this builder
     */
    public MynaCardEmulator.Builder signingPin(String pin) {
        this.signingPin = pin;
        return self();
    }

    /**
     * @param pin the user-authentication PIN (4 digits); default {@value MynaCardEmulator#DEFAULT_USER_PIN}
     * @return this builder
     */
    public MynaCardEmulator.Builder userPin(String pin) {
        this.userPin = pin;
        return self();
    }

    /**
     * @param pin the resident-registry PIN (4 digits); default
     *     {@value MynaCardEmulator#DEFAULT_RESIDENT_REGISTRY_PIN}
     * @return this builder
     */
    public MynaCardEmulator.Builder residentRegistryPin(String pin) {
        this.residentRegistryPin = pin;
        return self();
    }

    /**
     * @param pin the card-info input support PIN (4 digits); default
     *     {@value MynaCardEmulator#DEFAULT_CARD_INFO_PIN}
     * @return this builder
     */
    public MynaCardEmulator.Builder cardInfoPin(String pin) {
        this.cardInfoPin = pin;
        return self();
    }

    /**
     * @param number the 12-digit My Number with a valid check digit; default
     *     {@value MynaCardEmulator#DEFAULT_MY_NUMBER}
     * @return this builder
     */
    public MynaCardEmulator.Builder myNumber(String number) {
        this.myNumber = number;
        return self();
    }

    /**
     * @param name the holder's name, family and given name separated by U+3000; default
     *     {@link MynaCardEmulator#DEFAULT_NAME} (番号　花子)
     * @return this builder
     */
    public MynaCardEmulator.Builder name(String name) {
        this.name = name;
        return self();
    }

    /**
     * @param address the holder's address; default {@link MynaCardEmulator#DEFAULT_ADDRESS}
     * @return this builder
     */
    public MynaCardEmulator.Builder address(String address) {
        this.address = address;
        return self();
    }

    /**
     * @param birthDate the holder's birth date; default {@link MynaCardEmulator#DEFAULT_BIRTH_DATE}
     *     (1990-04-01)
     * @return this builder
     */
    public MynaCardEmulator.Builder birthDate(LocalDate birthDate) {
        this.birthDate = birthDate;
        return self();
    }

    /**
     * @param sex the holder's sex; default {@link MynaCardEmulator#DEFAULT_SEX} (female)
     * @return this builder
     */
    public MynaCardEmulator.Builder sex(Sex sex) {
        this.sex = sex;
        return self();
    }

    /**
     * @param date the first day of validity of both holder certificates; default today in
     *     Japan (JST). The last day is the holder's birthday in the year (issue year + 5).
     * @return this builder
     */
    public MynaCardEmulator.Builder certificateIssueDate(LocalDate date) {
        this.certificateIssueDate = date;
        return self();
    }

    /**
     * Trusts a terminal key for the PIN-reset model, replacing any key with the same reference.
     * By default the card trusts {@link TestTerminals#kiosk()} (reference 1, KIOSK) and
     * {@link TestTerminals#municipalOffice()} (reference 2, MUNICIPAL_OFFICE).
     *
     * @param keyReference 1..127
     * @param key the terminal's RSA public key
     * @param role what the terminal may do once authenticated
     * @return this builder
     * @throws IllegalArgumentException when the reference is out of range or a value is null
     */
    public MynaCardEmulator.Builder trustTerminal(int keyReference, PublicKey key, TerminalRole role) {
        if (keyReference < 1 || keyReference > 127 || !(key instanceof RSAPublicKey) || role == null) {
            throw new IllegalArgumentException("terminal needs a key reference 1..127, an RSA public key and a role");
        }
        terminals.put(keyReference, new StateCodec.Terminal(key, role));
        return self();
    }

    /**
     * Removes a trusted terminal key (for example a default one).
     *
     * @param keyReference the reference to forget
     * @return this builder
     */
    public MynaCardEmulator.Builder untrustTerminal(int keyReference) {
        terminals.remove(keyReference);
        return self();
    }

    /**
     * @param date the card's expiry date (printed on it; its year is part of 照合番号B), in
     *     2016–2099 and not before the certificate issue date; default the holder's tenth
     *     birthday after the certificate issue date, the fifth when the holder is under 18 on
     *     that date. The certificates end on it at the latest.
     * @return this builder
     */
    public MynaCardEmulator.Builder cardExpiryDate(LocalDate date) {
        this.cardExpiryDate = date;
        return self();
    }

    /**
     * @param code the 4-digit security code printed on the card (part of 照合番号B); default
     *     {@value MynaCardEmulator#DEFAULT_SECURITY_CODE}
     * @return this builder
     */
    public MynaCardEmulator.Builder securityCode(String code) {
        this.securityCode = code;
        return self();
    }

    /**
     * @param code the holder's municipality code (全国地方公共団体コード, 5 digits), in the card-face
     *     AP's basic information; default {@value MynaCardEmulator#DEFAULT_MUNICIPALITY_CODE}
     * @return this builder
     */
    public MynaCardEmulator.Builder municipalityCode(String code) {
        this.municipalityCode = code;
        return self();
    }

    /**
     * @param seed what the card's keys, certificate serials, identifiers, default security code
     *     and face photo are drawn from: the same seed (with the same other settings) gives a
     *     card with byte-identical keys and certificates; default a random seed, so that every
     *     card is another
     * @return this builder
     */
    public MynaCardEmulator.Builder seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * @param fresh true to generate four new RSA-2048 keys with the JDK instead of drawing them
     *     from the prime pool by the seed (slow: a second or more); default false
     * @return this builder
     */
    public MynaCardEmulator.Builder freshKeys(boolean fresh) {
        this.freshKeys = fresh;
        return self();
    }

    /**
     * @param file a state file to write now and to update atomically on every later state change
     *     (counter spent or restored, PIN changed or reset); default none (nothing is saved)
     * @return this builder
     */
    public MynaCardEmulator.Builder stateFile(Path file) {
        this.stateFile = file;
        return self();
    }

    /**
     * Gives the card the form of another card's and reader's answers, as a card report recorded
     * them ({@code mynacard card-report}): extended lengths carried or refused (by the reader or
     * the card), short EF identifiers, reads past a file's end, cut answers, GET RESPONSE, the time
     * each kind of command takes and the ATR; see {@link CardProfile} for how the emulator reads a
     * report. The card keeps its own files, PINs and rules. The report is kept in the state file,
     * so every process that opens the card answers in that form.
     *
     * @param report the report, or null for none (the default: the emulator's own form)
     * @return this builder
     */
    public MynaCardEmulator.Builder profile(io.github.mynacard.report.CardReport report) {
        this.profile = report == null ? null : report.toJson();
        return self();
    }

    private MynaCardEmulator.Builder self() {
        return (MynaCardEmulator.Builder) this;
    }
}
