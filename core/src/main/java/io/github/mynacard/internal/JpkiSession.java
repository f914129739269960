package io.github.mynacard.internal;

import io.github.mynacard.CardDataException;
import io.github.mynacard.CardType;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.SecurityStatusException;
import io.github.mynacard.apdu.ResponseApdu;
import io.github.mynacard.apdu.StatusWords;
import io.github.mynacard.transport.CardTransaction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** The JPKI application (公的個人認証AP): token, certificates, signing. */
public final class JpkiSession {

    private final CardChannel ch;
    private final PinGuard pins;

    /**
     * @param ch the session's channel
     * @param pins the session's PIN guard
     */
    public JpkiSession(CardChannel ch, PinGuard pins) {
        this.ch = ch;
        this.pins = pins;
    }

    /**
     * Reads the token label (EF 0006) and names the card type.
     *
     * @return the card type
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses
     */
    public CardType cardType() throws IOException, MynaCardException {
        ch.select(Application.JPKI);
        byte[] d = ch.firstRead(0x0006, "JPKI token file", 0x20);
        if (d.length == 0) {
            throw new CardDataException("the JPKI token file is empty");
        }
        int end = d.length;
        while (end > 0 && (d[end - 1] == 0x20 || d[end - 1] == 0x00)) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (d[i] < 0x20 || d[i] > 0x7E) {
                return CardType.UNKNOWN;
            }
        }
        return CardType.fromLabel(new String(d, 0, end, StandardCharsets.US_ASCII));
    }

    /**
     * Reads a certificate. The signing certificate needs the signing password verified earlier in
     * this session (and the JPKI application not selected again since).
     *
     * @param which the certificate
     * @return the parsed certificate
     * @throws IOException when the link fails
     * @throws MynaCardException when access is refused or the data is not a certificate
     */
    public X509Certificate readCertificate(JpkiCertificate which) throws IOException, MynaCardException {
        ch.select(Application.JPKI);
        byte[] der;
        try {
            der = ch.readFile(which.fileId(), name(which));
        } catch (SecurityStatusException e) {
            throw new SecurityStatusException("the signing certificate can only be read after the signing password "
                    + "is verified in the same session", e.statusWord());
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new CardDataException("the " + name(which) + " is not a valid X.509 certificate", e);
        }
    }

    /**
     * Verifies the key's PIN and signs a DigestInfo with {@code 80 2A 00 80}; the card pads.
     *
     * @param key the key
     * @param digestInfo the DER DigestInfo (1..245 bytes)
     * @param pin the key's PIN
     * @param lastAttempt whether the last PIN attempt may be spent
     * @return the 256-byte signature
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses or answers nonsense
     */
    public byte[] sign(JpkiKey key, byte[] digestInfo, char[] pin, LastAttempt lastAttempt)
            throws IOException, MynaCardException {
        ResponseApdu r;
        try (CardTransaction t = ch.beginTransaction()) { // the VERIFY and the signature it unlocks, as one step
            pins.verify(key.pin(), pin, lastAttempt);
            ch.selectFile(key.fileId(), name(key));
            r = ch.send(Commands.jpkiSign(digestInfo));
        }
        if (r.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
            throw new SecurityStatusException("the card refused to sign: the " + key.pin().englishName()
                    + " is not verified", r.sw());
        }
        Refusals.check(r, "sign with the " + name(key));
        if (r.length() != 256) {
            throw new CardDataException("the card returned a " + r.length() + "-byte signature; RSA-2048 gives 256");
        }
        return r.data();
    }

    static String name(JpkiCertificate c) {
        switch (c) {
            case AUTHENTICATION: return "user-authentication certificate";
            case AUTHENTICATION_CA: return "user-authentication CA certificate";
            case SIGNING: return "signing certificate";
            default: return "signing CA certificate";
        }
    }

    static String name(JpkiKey k) {
        return k == JpkiKey.SIGNING ? "signing key" : "user-authentication key";
    }
}
