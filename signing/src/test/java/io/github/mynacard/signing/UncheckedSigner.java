package io.github.mynacard.signing;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.jca.MynaCardLoadStoreParameter;
import io.github.mynacard.jca.MynaCardProvider;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Calendar;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

/**
 * Signs as a signer without the check before signing would: with whatever certificate the card
 * holds, expired or not, at a claimed time of the caller's choice. The verifiers must judge what
 * such signers produce.
 */
public final class UncheckedSigner {

    private UncheckedSigner() {
    }

    /**
     * A detached CMS (CAdES B-B with a signing-time attribute) made with the card's signing key.
     *
     * @param emulator the card
     * @param content the content
     * @param clock the claimed signing time
     * @return the DER of the SignedData
     * @throws Exception when signing fails
     */
    public static byte[] cms(MynaCardEmulator emulator, byte[] content, Clock clock) throws Exception {
        return cms(emulator, content, clock, null);
    }

    /**
     * A detached CMS made with the card's signing key, with a signature time-stamp (CAdES B-T)
     * when an authority is given.
     *
     * @param emulator the card
     * @param content the content
     * @param clock the claimed signing time
     * @param tsa the time-stamping authority, or null for B-B
     * @return the DER of the SignedData
     * @throws Exception when signing fails
     */
    public static byte[] cms(MynaCardEmulator emulator, byte[] content, Clock clock, TsaClient tsa) throws Exception {
        try (MynaCard card = MynaCard.open(emulator)) {
            MynaCardProvider provider = new MynaCardProvider(card);
            CmsSigner.Builder b = builder(emulator, card, provider).clock(clock);
            if (tsa != null) {
                b.level(SignatureLevel.B_T).timestamps(tsa);
            }
            return b.build().sign(content);
        }
    }

    /**
     * A PAdES B-B signature (ETSI.CAdES.detached, {@code /M} from the clock) made with the card's
     * signing key, as an incremental update of the PDF.
     *
     * @param emulator the card
     * @param pdf the PDF to sign
     * @param clock the claimed signing time ({@code /M})
     * @return the signed PDF
     * @throws Exception when signing fails
     */
    public static byte[] pdf(MynaCardEmulator emulator, byte[] pdf, Clock clock) throws Exception {
        try (MynaCard card = MynaCard.open(emulator)) {
            MynaCardProvider provider = new MynaCardProvider(card);
            CmsSigner cms = builder(emulator, card, provider).clock(clock).signingTime(false).build();
            try (PDDocument doc = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
                PDSignature signature = new PDSignature();
                signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
                signature.setSubFilter(COSName.getPDFName(PdfSubFilter.ETSI_CADES_DETACHED.pdfName()));
                Calendar when = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
                when.setTimeInMillis(clock.millis());
                signature.setSignDate(when);
                options.setPreferredSignatureSize(PdfSigner.SIGNATURE_SIZE);
                doc.addSignature(signature, (InputStream in) -> {
                    try {
                        return cms.sign(in.readAllBytes());
                    } catch (SigningException e) {
                        throw new java.io.IOException(e.getMessage(), e);
                    }
                }, options);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.saveIncremental(out);
                return out.toByteArray();
            }
        }
    }

    private static CmsSigner.Builder builder(MynaCardEmulator emulator, MynaCard card, MynaCardProvider provider)
            throws Exception {
        KeyStore ks = KeyStore.getInstance("MynaCard", provider);
        ks.load(new MynaCardLoadStoreParameter(new KeyStore.CallbackHandlerProtection(callbacks -> {
            for (javax.security.auth.callback.Callback c : callbacks) {
                ((javax.security.auth.callback.PasswordCallback) c)
                        .setPassword(MynaCardEmulator.DEFAULT_SIGNING_PIN.toCharArray());
            }
        })));
        X509Certificate certificate = emulator.certificate(JpkiCertificate.SIGNING);
        return CmsSigner.builder((PrivateKey) ks.getKey("signing", null), certificate).provider(provider)
                .addCertificate(emulator.certificate(JpkiCertificate.SIGNING_CA)).skipPreflight();
    }
}
