package io.github.mynacard.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import io.github.mynacard.revocation.RevocationChecker;
import java.util.Calendar;
import java.util.List;
import org.apache.pdfbox.cos.COSName;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

/**
 * Signs PDF files with PAdES baseline signatures (ETSI EN 319 142-1) at the level asked, B-B by
 * default (see {@link Builder#level(SignatureLevel)}), as incremental updates made by PDFBox.
 *
 * <ul>
 *   <li>The signature dictionary has {@code /Filter /Adobe.PPKLite}, {@code /SubFilter
 *       /ETSI.CAdES.detached} and the signing time in {@code /M}.</li>
 *   <li>{@code /ByteRange} covers the whole file except the {@code /Contents} hex string; PDFBox
 *       hands exactly those bytes to the signer.</li>
 *   <li>{@code /Contents} is a detached CMS SignedData from {@link CmsSigner}, SHA-256 with RSA,
 *       with the signing-certificate-v2 attribute and <b>no</b> signing-time attribute (PAdES keeps
 *       the time in {@code /M}).</li>
 * </ul>
 *
 * <p>The signature dictionary names no person ({@code /Name} is not set): the certificate says who
 * signed. Reason and location are optional. Instances are immutable; each {@code sign} call makes
 * one card signature.
 */
public final class PdfSigner {

    /** Room reserved for the CMS in {@code /Contents}, in bytes (twice that in hex digits). */
    static final int SIGNATURE_SIZE = 16 * 1024;

    /** Room for a time-stamped CMS. */
    static final int TIMESTAMPED_SIGNATURE_SIZE = 32 * 1024;

    private final CmsSigner cms;
    private final Clock clock;
    private final String reason;
    private final String location;
    private final SignatureLevel level;
    private final PdfSubFilter subFilter;
    private final TsaClient tsa;
    private final RevocationChecker revocation;
    private final X509Certificate certificate;
    private final X509Certificate caCertificate;

    private PdfSigner(Builder b) {
        if (b.level.timestamped() && b.tsa == null) {
            throw new IllegalStateException("level " + b.level.label() + " needs a time-stamp authority: call timestamps(…)");
        }
        if (b.level.longTerm() && !b.revocation.enabled()) {
            throw new IllegalStateException("level " + b.level.label() + " needs a revocation checker: call revocation(…)");
        }
        CmsSigner.Builder cb = CmsSigner.builder(b.key, b.certificate).provider(b.provider).clock(b.clock)
                .signingTime(b.subFilter == PdfSubFilter.ADBE_PKCS7_DETACHED)
                .level(b.level.timestamped() ? SignatureLevel.B_T : SignatureLevel.B_B).timestamps(b.tsa).skipPreflight();
        if (b.caCertificate != null) {
            cb.addCertificate(b.caCertificate);
        }
        this.cms = cb.build();
        this.clock = b.clock;
        this.reason = b.reason;
        this.location = b.location;
        this.level = b.level;
        this.subFilter = b.subFilter;
        this.tsa = b.tsa;
        this.revocation = b.revocation;
        this.certificate = b.certificate;
        this.caCertificate = b.caCertificate;
    }

    /**
     * Starts a PDF signer.
     *
     * @param key the private key (a card key handle, or any JCA RSA key)
     * @param signerCertificate the key's certificate
     * @return a builder
     */
    public static Builder builder(PrivateKey key, X509Certificate signerCertificate) {
        return new Builder(Objects.requireNonNull(key, "key"), Objects.requireNonNull(signerCertificate, "signerCertificate"));
    }

    /** Options of a {@link PdfSigner}. */
    public static final class Builder {
        private final PrivateKey key;
        private final X509Certificate certificate;
        private X509Certificate caCertificate;
        private Provider provider;
        private Clock clock = Clock.systemUTC();
        private String reason;
        private String location;
        private SignatureLevel level = SignatureLevel.B_B;
        private PdfSubFilter subFilter = PdfSubFilter.ETSI_CADES_DETACHED;
        private TsaClient tsa;
        private RevocationChecker revocation = RevocationChecker.none();

        private Builder(PrivateKey key, X509Certificate certificate) {
            this.key = key;
            this.certificate = certificate;
        }

        /**
         * @param provider the JCA provider of the key (for a card key, the {@code MynaCardProvider})
         * @return this builder
         */
        public Builder provider(Provider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * @param caCertificate the issuer's certificate, to include in the CMS; null for none
         * @return this builder
         */
        public Builder caCertificate(X509Certificate caCertificate) {
            this.caCertificate = caCertificate;
            return this;
        }

        /**
         * @param clock the source of {@code /M}; default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param reason the {@code /Reason} text; null for none
         * @return this builder
         */
        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /**
         * @param location the {@code /Location} text; null for none
         * @return this builder
         */
        public Builder location(String location) {
            this.location = location;
            return this;
        }

        /**
         * @param level B-B (the default); B-T: a signature time-stamp in the CMS (needs {@link
         *     #timestamps(TsaClient)}); B-LT: then an incremental update with the document security
         *     store ({@code /DSS}: certificates, CRLs, OCSP responses for the signer and authority
         *     certificates; needs {@link #revocation(RevocationChecker)} and the CA certificate);
         *     B-LTA: then a document time-stamp in a further update
         * @return this builder
         */
        public Builder level(SignatureLevel level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param subFilter {@link PdfSubFilter#ETSI_CADES_DETACHED} (PAdES, the default) or {@link
         *     PdfSubFilter#ADBE_PKCS7_DETACHED} (the PKCS#7 form, with a signing-time attribute
         *     besides {@code /M}); every level is offered in both
         * @return this builder
         */
        public Builder subFilter(PdfSubFilter subFilter) {
            this.subFilter = Objects.requireNonNull(subFilter, "subFilter");
            return this;
        }

        /**
         * @param tsa the time-stamp authority for B-T and above (signature and document time-stamps); null for none
         * @return this builder
         */
        public Builder timestamps(TsaClient tsa) {
            this.tsa = tsa;
            return this;
        }

        /**
         * @param checker where revocation is checked before signing and where B-LT's evidence
         *     comes from; default {@link RevocationChecker#none()}
         * @return this builder
         */
        public Builder revocation(RevocationChecker checker) {
            this.revocation = Objects.requireNonNull(checker, "checker");
            return this;
        }

        /**
         * @return the signer
         * @throws IllegalStateException when the level needs a time-stamp authority or revocation checker not given
         */
        public PdfSigner build() {
            return new PdfSigner(this);
        }
    }

    /**
     * Signs a PDF file into a new file.
     *
     * @param in the PDF to sign
     * @param out where to write the signed PDF (replaced if it exists)
     * @throws IOException when a file cannot be read or written, or the input is not a PDF
     * @throws SigningException when the signature cannot be made (the card's refusal is in the cause chain)
     */
    public void sign(Path in, Path out) throws IOException, SigningException {
        byte[] signed = sign(Files.readAllBytes(in));
        Files.write(out, signed);
    }

    /**
     * Signs a PDF in memory.
     *
     * @param pdf the PDF to sign
     * @return the signed PDF: the original bytes followed by an incremental update
     * @throws IOException when the input is not a PDF PDFBox can read
     * @throws SigningException when the signature cannot be made
     */
    public byte[] sign(byte[] pdf) throws IOException, SigningException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * SIGNATURE_SIZE + 4096);
        sign(pdf, out);
        return out.toByteArray();
    }

    /**
     * Signs a PDF and writes the signed file to a stream (not closed).
     *
     * @param pdf the PDF to sign
     * @param out where the signed PDF goes
     * @throws IOException when the input is not a PDF PDFBox can read, or writing fails
     * @throws SigningException when the signature cannot be made
     */
    public void sign(byte[] pdf, OutputStream out) throws IOException, SigningException {
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(out, "out");
        SigningPreflight.builder(certificate).issuer(caCertificate).level(level).revocation(revocation).timestamps(tsa)
                .clock(clock).build().check();
        if (!level.longTerm()) {
            ByteArrayOutputStream signed = new ByteArrayOutputStream(pdf.length + 2 * TIMESTAMPED_SIGNATURE_SIZE + 4096);
            signOnce(pdf, signed);
            signed.writeTo(out);
            return;
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream(pdf.length + 2 * TIMESTAMPED_SIGNATURE_SIZE + 4096);
        Timestamp ts = signOnce(pdf, signed);
        ValidationData.waitPast(ts.time());
        List<X509Certificate> pool = caCertificate == null ? List.of() : List.of(caCertificate);
        ValidationData data = ValidationData.collect(certificate, pool, List.of(ts), tsa.trustAnchors(), revocation);
        byte[] lt = PdfDss.add(signed.toByteArray(), data);
        if (level == SignatureLevel.B_LTA) {
            lt = PdfDss.addDocumentTimestamp(lt, tsa);
        }
        out.write(lt);
    }

    private Timestamp signOnce(byte[] pdf, ByteArrayOutputStream out) throws IOException, SigningException {
        SigningException[] failure = new SigningException[1];
        Timestamp[] stamp = new Timestamp[1];
        int size = level.timestamped() ? TIMESTAMPED_SIGNATURE_SIZE : SIGNATURE_SIZE;
        try (PDDocument doc = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName(subFilter.pdfName()));
            Calendar when = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(clock.millis());
            signature.setSignDate(when);
            if (reason != null) {
                signature.setReason(reason);
            }
            if (location != null) {
                signature.setLocation(location);
            }
            options.setPreferredSignatureSize(size);
            doc.addSignature(signature, (InputStream content) -> {
                try {
                    CmsSigner.Signed result = cms.signDetailed(content);
                    byte[] cmsBytes = result.der();
                    stamp[0] = result.timestamp();
                    if (cmsBytes.length > size) {
                        throw new IOException("the CMS signature (" + cmsBytes.length + " bytes) does not fit the reserved "
                                + size + " bytes");
                    }
                    return cmsBytes;
                } catch (SigningException e) {
                    failure[0] = e;
                    throw new IOException(e.getMessage(), e);
                }
            }, options);
            ByteArrayOutputStream written = new ByteArrayOutputStream(pdf.length + 2 * size + 4096);
            doc.saveIncremental(written);
            byte[] bytes = written.toByteArray();
            out.write(bytes);
        } catch (IOException e) {
            if (failure[0] != null) {
                throw failure[0];
            }
            throw e;
        }
        return stamp[0];
    }

    /**
     * Checks, without any key, that a PDF can be signed by {@link #sign(byte[])}: that it is a PDF
     * (it starts with {@code %PDF-}), that PDFBox reads it, and that it is not encrypted. Call it
     * before asking for the signing password, so that a wrong input never costs a PIN attempt.
     *
     * @param pdf the bytes to sign
     * @throws IOException with a one-line reason when the bytes cannot be signed as a PDF
     */
    public static void checkSignable(byte[] pdf) throws IOException {
        Objects.requireNonNull(pdf, "pdf");
        byte[] magic = "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int start = 0;
        // PDF readers accept a header within the first 1024 bytes; so does PDFBox
        while (start <= Math.min(1024, pdf.length - magic.length)
                && !java.util.Arrays.equals(pdf, start, start + magic.length, magic, 0, magic.length)) {
            start++;
        }
        if (pdf.length < magic.length || start > Math.min(1024, pdf.length - magic.length)) {
            throw new IOException("not a PDF (no %PDF- header)");
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            if (doc.isEncrypted()) {
                throw new IOException("the PDF is encrypted; it cannot be signed without its password");
            }
        } catch (org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException e) {
            throw new IOException("the PDF is encrypted; it cannot be opened without its password", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("the PDF is encrypted")) {
                throw e;
            }
            throw new IOException("not a readable PDF (" + e.getMessage() + ")", e);
        }
    }

    /** @return a description without personal data */
    @Override
    public String toString() {
        return "PdfSigner[" + level.label() + ", " + subFilter.pdfName() + ", " + cms + "]";
    }
}
