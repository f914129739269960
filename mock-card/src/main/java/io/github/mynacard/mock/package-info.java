/**
 * A strict software My Number Card and test support: {@link io.github.mynacard.mock.MynaCardEmulator}
 * (a {@link io.github.mynacard.transport.CardTransport} that answers raw APDUs like the card, in
 * memory or in a state file shared by processes), {@link io.github.mynacard.mock.TestTerminals} for
 * the project's PIN-reset model, and {@link io.github.mynacard.mock.VpcdCardServer}, which serves a
 * card to PC/SC programs through vsmartcard's virtual reader. No test framework is needed; the
 * JUnit 5 extension is in the {@code mynacard-junit5} artifact. All keys in this package are public
 * test keys.
 *
 * <h2>Applications and files</h2>
 * <ul>
 *   <li>JPKI AP {@value MynaCardEmulator#JPKI_AID}: the holder's certificates and keys, the CA certificates, the
 *       token; PINs 0018 (user authentication, 3 attempts) and 001B (signing, 5). See
 *       {@code JpkiApplet}.</li>
 *   <li>Card-info input support AP {@value MynaCardEmulator#CARD_INFO_AID}: My Number (EF 0001, behind the
 *       card-info PIN or 照合番号A), basic four (EF 0002, behind the PIN or 照合番号B), the integrity
 *       record (EF 0003, behind any of them), the CVC of the card's card-info key (EF 0004, by the
 *       authority of {@link MynaCardEmulator#cardInfoCvcAuthorityKey()}) and AP basic information (EF 0005), free;
 *       PIN 0011 (3 attempts), 照合番号A 0014 and B 0015 (10 each). See {@code CardInfoApplet}.</li>
 *   <li>Card-face AP {@value MynaCardEmulator#CARD_FACE_AID}: the card face (EF 0002: birth date, sex, name and
 *       address images, a synthetic cartoon face photo in JPEG 2000, the expiry date, the security
 *       code image, signed by the card's face key), behind 照合番号A or B; AP basic information
 *       (EF 0003) and the CVC of the face key (EF 0004, by the authority of
 *       {@link MynaCardEmulator#cardFaceCvcAuthorityKey()}), free; the My Number image (EF 0005), behind
 *       照合番号A; 照合番号A 0013 and B 0012 (10 each, counted apart from the card-info AP's). See
 *       {@code CardFaceApplet} and {@code CardFaceFiles}.</li>
 *   <li>共通カードAP {@value MynaCardEmulator#COMMON_AID}: only the resident-registry PIN EF 001C (3 attempts). The
 *       AP …0401 is not emulated: selecting it answers {@code 6A82}.</li>
 * </ul>
 * 照合番号A is the My Number; 照合番号B the birth date in the Japanese era ({@code YYMMDD}), the
 * card's expiry year and its security code. They are verified like PINs and cannot be changed or
 * reset ({@code 6A81}).
 *
 * <h2>A distinct identity per card</h2>
 * Each card has its own key pairs (JPKI authentication and signing, card-info AP, card face) and
 * certificates (own serial numbers; the authentication certificate's subject CN an opaque
 * identifier), made from a seed ({@link MynaCardEmulator.Builder#seed}; by default a random one): the keys are
 * products of two primes the seed draws from a shipped pool of pre-generated primes
 * ({@code PrimePool}), so a card is built in milliseconds, the same seed gives the same card, and
 * two cards differ. The keys and certificates are kept in the card's state file. The test roots
 * and the two AP authorities are shared by every card, as a test hierarchy is.
 *
 * <h2>Choices where public sources are silent</h2>
 * <ul>
 *   <li>The verification numbers have 10 attempts each (the count one public implementation
 *       reports); the card-info and card-face applications count apart. CHANGE REFERENCE DATA,
 *       CHANGE KEY and RESET RETRY COUNTER on them answer {@code 6A81} (function not supported).
 *       A value of the wrong length spends an attempt like a wrong value: the card compares
 *       bytes.</li>
 *   <li>The card expires on the holder's tenth birthday after the certificate issue date (the
 *       fifth for a holder under 18 on that date); the certificates end on the fifth birthday after
 *       issue, or on the card's expiry if that comes first.</li>
 *   <li>Card-info EF 0005 is {@code FF 40 82 00 9F} as on real cards, with {@code DF43}'s 128 bytes
 *       under the long form {@code 82 00 80} so that the lengths add up to {@code 0x9F}.</li>
 *   <li>The card face's signature covers {@code DF22}..{@code DF27} in three SHA-256 groups, not
 *       {@code DF29} and {@code DF2A}; the My Number image's signature (SHA256withRSA) covers its
 *       {@code DF41} and {@code DF42} elements.</li>
 *   <li>The name and address images are drawn in an installed font that can show them, or else as
 *       boxes holding each character's code point.</li>
 * </ul>
 *
 * <h2>Commands</h2>
 * SELECT ({@code 00 A4}), READ BINARY ({@code 00 B0}, offset and SFI forms, short and extended Le),
 * VERIFY ({@code 00 20}, empty form = status query), CHANGE REFERENCE DATA ({@code 00 24 01}),
 * CHANGE KEY ({@code 80 32 00}, resident-registry PIN only), COMPUTE DIGITAL SIGNATURE
 * ({@code 80 2A 00}, PKCS#1 v1.5 type 1 over the data as given), and the project's PIN-reset model:
 * GET CHALLENGE ({@code 00 84}), EXTERNAL AUTHENTICATE ({@code 00 82}) with a trusted terminal key,
 * RESET RETRY COUNTER ({@code 00 2C 02}). A wrong PIN spends its attempt <em>before</em> it is
 * compared; a blocked PIN refuses even the right value with {@code 6984}; success restores the
 * counter. Selecting an application (even the current one) or {@link MynaCardEmulator#reset()} drops every
 * verified PIN, the terminal role, the pending challenge and the current EF. Every status word and
 * the order of the checks are documented where they are made: {@code CardOs} (the checks every
 * command shares, SELECT), {@code Applet} (file and PIN commands), {@code PinObject} (the PIN
 * rules), {@code TerminalAuthentication} (the reset model).
 *
 */
package io.github.mynacard.mock;
