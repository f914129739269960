package io.github.mynacard.examples.cli;

import io.github.mynacard.cert.CertificateValidity;
import io.github.mynacard.cert.TrustAnchors;
import io.github.mynacard.signing.CmsVerifier;
import io.github.mynacard.signing.PdfVerifier;
import io.github.mynacard.signing.SignatureVerification;
import io.github.mynacard.signing.SignatureVerificationException;
import io.github.mynacard.signing.VerificationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mynacard verify-signature}: checks a detached CMS signature or the signatures of a PDF. No card needed. */
@Command(name = "verify-signature", header = "Verify a raw signature (.sig), a detached CMS (.p7s) or a signed PDF; no card needed.",
        mixinStandardHelpOptions = true,
        description = {"Verify a detached CMS signature (FILE --sig FILE.p7s; without --sig, FILE.p7s when it exists), "
            + "every signature of a PDF (a FILE ending in .pdf, or --pdf), or a raw SHA256withRSA signature as 'mynacard "
            + "sign' writes it (FILE --sig FILE.sig: a signature file of exactly 256 bytes, or --raw; without --sig, "
            + "FILE.sig when it exists and FILE.p7s does not). A raw signature carries no certificate: it is checked with "
            + "--cert FILE (the signer's certificate, PEM or DER, e.g. from 'mynacard cert export signing'), or else with "
            + "the certificates of the emulated card (--card FILE, default ~/.mynacard/card.state; both keys are tried); when "
            + "neither key verifies it, the file changed after signing or another card's key signed it, and the message "
            + "says what to give. A raw signature carries no signing time, so its certificate is judged at the current time. Prints each signer certificate's subject, "
            + "issuer and serial, its validity (expired, or expiring within 90 days) and its chain: validated against the "
            + "CA certificates in --trust-anchors DIR (PEM or DER files; put the time-stamping authority's root there too), "
            + "or reported as not checked. The holder's name is shown only with --show-holder.",
            "For CMS and PDF signatures it also prints the level (B-B, B-T, B-LT, B-LTA; PKCS7-… for adbe.pkcs7.detached), "
                + "the verified time-stamp times, and the revocation status at the signing time: from the validation data "
                + "the signature carries (--revocation embedded, the default), from sources asked now (--revocation "
                + "ocsp:URL, crl:FILE, crl:URL, pointers, emulator), or not at all (--revocation off). A certificate "
                + "revoked after a time-stamped signing time leaves the signature valid (\"revoked later\").",
            "A signature made while its certificate was outside its validity is not valid: the signing time is a verified "
                + "time-stamp's time when there is one (a certificate that expired after it leaves the signature valid), "
                + "else the time the signer claims.",
            "Exit code 0: every signature verifies (and, with --trust-anchors, every chain validates); 8: a signature does "
                + "not verify, is malformed, or its certificate was not valid at the signing time; 9: the signatures verify "
                + "but a chain does not validate, or no revocation source could say; 12: the signer's certificate was "
                + "revoked before the signing time (or is revoked and no time-stamp shows the signature is older)."})
public final class VerifySignatureCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The signed file (the content, or the signed PDF).")
    Path file;

    @Option(names = "--sig", paramLabel = "FILE.p7s", description = "The detached CMS signature (DER).")
    Path sig;

    @Option(names = "--pdf", description = "FILE is a signed PDF (the default for a name ending in .pdf without --sig).")
    boolean pdf;

    @Option(names = "--trust-anchors", paramLabel = "DIR", description = "Validate each signer's chain against the CA certificates in DIR. The word jpki means the "
            + "built-in J-LIS CA certificates (a folder named jpki is given as ./jpki); they never trust an emulated card: "
            + "for one, give the folder 'mynacard emulator services --trust-out DIR' writes.")
    Path trustAnchors;

    @Option(names = "--show-holder", description = "Show the holder's name from the signing certificate (personal data).")
    boolean showHolder;

    @Option(names = "--raw", description = "The --sig file is a raw signature (the default for a file of 256 bytes).")
    boolean raw;

    @Option(names = "--cert", paramLabel = "FILE", description = "For a raw signature: the signer's certificate (PEM or DER).")
    Path cert;

    @Option(names = "--card", paramLabel = "FILE",
            description = "For a raw signature without --cert: the emulated card whose certificates to try (default: "
                + "~/.mynacard/card.state); for --revocation emulator: the card whose back office to ask.")
    Path card;

    @picocli.CommandLine.Mixin
    RevocationOptions revocation;

    /**
     * One verified signature; {@code verification} is null for a raw signature, whose {@code
     * problem} says why it is not valid although its value verifies (or is null).
     */
    private record Signer(X509Certificate certificate, Map<String, Object> extraJson, List<String> extraText,
            SignatureVerification verification, String problem) {

        Signer(X509Certificate certificate, Map<String, Object> extraJson, List<String> extraText,
                SignatureVerification verification) {
            this(certificate, extraJson, extraText, verification, null);
        }
    }

    private VerificationOptions options;

    @Override
    protected int execute() throws Exception {
        CliFiles.requireFile(file);
        if (pdf && sig != null) {
            throw CliException.badInput("--pdf and --sig exclude each other: a PDF carries its signatures inside");
        }
        boolean isPdf = pdf || (sig == null && !raw && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf"));
        Path signature = sig;
        if (!isPdf && signature == null) {
            Path p7s = Path.of(file + ".p7s");
            Path dotSig = Path.of(file + ".sig");
            signature = !raw && Files.isRegularFile(p7s) ? p7s : Files.isRegularFile(dotSig) ? dotSig : null;
            if (signature == null) {
                throw CliException.badInput("give the signature with --sig FILE (" + p7s + " and " + dotSig
                        + " do not exist), or --pdf for a signed PDF");
            }
        }
        if (!isPdf) {
            CliFiles.requireFile(signature);
        }
        boolean isRaw = !isPdf && (raw || Files.size(signature) == RAW_LENGTH);
        if ((cert != null || (card != null && revocation.parsed().stream().noneMatch(x -> x.kind() == RevocationOptions.Kind.EMULATOR)))
                && !isRaw) {
            throw CliException.badInput("--cert and --card are for a raw signature (or --card for --revocation emulator); a CMS "
                    + "signature or a PDF carries its certificate");
        }
        List<X509Certificate> candidates = isRaw ? rawCandidates() : List.of();
        TrustAnchors anchors = CertificateChecks.anchors(trustAnchors, err());
        options = options(anchors, isRaw);
        String format = isPdf ? "pdf" : isRaw ? "raw" : "cms";
        List<Signer> signers;
        try {
            signers = isPdf ? pdfSigners() : isRaw ? List.of(rawSigner(signature, candidates)) : List.of(cmsSigner(signature));
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.SIGNATURE_INVALID || !json()) {
                throw e;
            }
            Map<String, Object> o = Json.object();
            o.put("in", file.toString());
            o.put("format", format);
            if (!isPdf) {
                o.put("sig", signature.toString());
            }
            o.put("signatureValid", false);
            o.put("signers", List.of());
            printJson(o, ExitCodes.SIGNATURE_INVALID, e.getMessage());
            return ExitCodes.SIGNATURE_INVALID;
        }

        boolean untrusted = false;
        int verdictCode = ExitCodes.OK;
        String verdictWhy = null;
        for (Signer s : signers) {
            SignatureVerification v = s.verification();
            int c = v == null ? (s.problem() == null ? ExitCodes.OK : ExitCodes.SIGNATURE_INVALID) : exitOf(v.verdict());
            if (v != null && c == ExitCodes.SIGNATURE_INVALID && v.verdict() == SignatureVerification.Verdict.INVALID
                    && CertificateChecks.chain(anchors, s.certificate(), List.of()).failed()) {
                c = ExitCodes.OK; // the signature verifies; the untrusted chain is reported as such below (exit 9)
            }
            if (c != ExitCodes.OK && (verdictCode == ExitCodes.OK || c == ExitCodes.SIGNATURE_INVALID)) {
                verdictCode = c;
                verdictWhy = v == null ? s.problem() : v.detail();
            }
        }
        List<Object> jsonSigners = new ArrayList<>();
        if (!json()) {
            out().println("Signature: " + (verdictCode == ExitCodes.OK ? "VALID" : "NOT VALID") + " (" + (isPdf ? signers.size() + " PDF signature(s) in " + file
                    : (isRaw ? "raw SHA256withRSA " : "detached CMS ") + signature + " over " + file) + ")");
        }
        for (int i = 0; i < signers.size(); i++) {
            Signer s = signers.get(i);
            X509Certificate c = s.certificate();
            CertificateValidity validity = CertificateChecks.validity(c);
            CertificateChecks.Chain chain = CertificateChecks.chain(anchors, c, List.of());
            untrusted |= chain.failed();
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("subject", c.getSubjectX500Principal().getName());
                o.put("issuer", c.getIssuerX500Principal().getName());
                o.put("serialNumber", c.getSerialNumber().toString(16));
                if (showHolder) {
                    o.put("holder", CertificateChecks.holderName(c));
                }
                o.put("validity", CertificateChecks.validityJson(validity));
                o.put("chain", chain.json());
                o.putAll(s.extraJson());
                jsonSigners.add(o);
                continue;
            }
            out().println(signers.size() > 1 ? "Signer " + (i + 1) + ":" : "Signer:");
            out().println("  Subject:   " + c.getSubjectX500Principal().getName());
            out().println("  Issuer:    " + c.getIssuerX500Principal().getName());
            out().println("  Serial:    " + c.getSerialNumber().toString(16));
            if (showHolder) {
                out().println("  Holder:    " + CertificateChecks.holderName(c));
            }
            out().println("  Validity:  " + CertificateChecks.validityText(validity));
            out().println("  Chain:     " + chain.text());
            for (String line : s.extraText()) {
                out().println("  " + line);
            }
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("in", file.toString());
            o.put("format", format);
            if (!isPdf) {
                o.put("sig", signature.toString());
            }
            o.put("signatureValid", verdictCode == ExitCodes.OK);
            o.put("signers", jsonSigners);
            if (verdictCode != ExitCodes.OK) {
                printJson(o, verdictCode, "signature NOT valid for " + file + ": " + verdictWhy);
            } else {
                printJson(o, untrusted ? ExitCodes.NOT_TRUSTED : ExitCodes.OK,
                        untrusted ? "the signature verifies, but a signer's certificate chain does not validate against --trust-anchors" : null);
            }
        } else if (verdictCode != ExitCodes.OK) {
            out().println("Result: NOT valid: " + verdictWhy);
        } else if (untrusted) {
            out().println("Result: the signature verifies, but the signer's certificate chain is NOT valid against "
                    + trustAnchors + ".");
        }
        if (verdictCode != ExitCodes.OK) {
            failed("signature NOT valid for " + file + ": " + verdictWhy);
            return verdictCode;
        }
        if (untrusted) {
            failed("the signature verifies, but a signer's certificate chain does not validate against --trust-anchors");
        }
        return untrusted ? ExitCodes.NOT_TRUSTED : ExitCodes.OK;
    }

    /** The length of a raw RSA-2048 signature, as 'sign' writes it. */
    static final int RAW_LENGTH = 256;

    /** The certificates a raw signature may be from: --cert, or the emulated card's signing and authentication certificates. */
    private List<X509Certificate> rawCandidates() throws CliException {
        if (cert != null) {
            return KeyFiles.certificates(cert, "--cert");
        }
        Path state = card != null ? card : ctx().defaultCardFile();
        if (!Files.exists(state)) {
            throw CliException.badInput("a raw signature carries no certificate: give the signer's certificate with --cert FILE "
                    + "(e.g. from 'mynacard cert export signing --out FILE'), or the emulated card with --card FILE ("
                    + state + " does not exist)");
        }
        io.github.mynacard.mock.MynaCardEmulator emulated = EmulatorCards.load(state);
        try {
            return List.of(emulated.certificate(io.github.mynacard.JpkiCertificate.SIGNING),
                    emulated.certificate(io.github.mynacard.JpkiCertificate.AUTHENTICATION));
        } finally {
            emulated.close();
        }
    }

    private Signer rawSigner(Path signature, List<X509Certificate> candidates) throws CliException {
        byte[] value = CliFiles.read(signature);
        for (X509Certificate c : candidates) {
            try {
                java.security.Signature v = java.security.Signature.getInstance("SHA256withRSA");
                v.initVerify(c.getPublicKey());
                try (java.io.InputStream in = Files.newInputStream(file)) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        v.update(buf, 0, n);
                    }
                }
                if (v.verify(value)) {
                    String problem = rawOutsideValidity(c, cert == null ? candidates.indexOf(c) : -1);
                    Map<String, Object> j = Json.object();
                    if (problem != null) {
                        j.put("detail", problem);
                    }
                    return new Signer(c, j, problem == null ? List.of() : List.of("Verdict:   NOT VALID: " + problem), null,
                            problem);
                }
            } catch (java.security.GeneralSecurityException e) {
                // not this key (or not a signature of its size): try the next
            } catch (IOException e) {
                throw CliException.badInput("cannot read " + file + ": " + CliFiles.reason(e));
            }
        }
        return (Signer) throwInvalid(rawMismatch(candidates.size()));
    }

    /**
     * A raw signature carries no signing time, so its certificate is judged now (as a CMS without
     * one is): outside its validity, the signature is not valid.
     *
     * @param c the certificate whose key verified the signature
     * @param index 0 for the card's signing certificate, 1 for its user-authentication certificate, -1 for --cert
     * @return why the signature is not valid, or null when the certificate is valid now
     */
    private static String rawOutsideValidity(X509Certificate c, int index) {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String name = index == 0 ? "the signing certificate" : index == 1 ? "the user-authentication certificate"
                : "the signer's certificate";
        String time = "the current time " + now + " (a raw signature carries no signing time that could show it was made "
                + "earlier)";
        if (now.isAfter(c.getNotAfter().toInstant())) {
            return name + " had expired on " + c.getNotAfter().toInstant() + ", before " + time;
        }
        if (now.isBefore(c.getNotBefore().toInstant())) {
            return name + " was not yet valid at " + time + ": its validity begins on " + c.getNotBefore().toInstant();
        }
        return null;
    }

    /**
     * Why a raw signature did not verify, honestly: it was not made by the keys tried, which is
     * what a file changed after signing also looks like; and what to give to check it against
     * the signer's keys.
     */
    private String rawMismatch(int tried) {
        String keys;
        if (cert != null) {
            keys = "the key of " + (tried == 1 ? "the certificate" : "the " + tried + " certificates") + " in " + cert;
        } else {
            Path state = card != null ? card : ctx().defaultCardFile();
            keys = "the signing and user-authentication certificates of the emulated card " + state
                    + (card == null ? " (the default card)" : "");
        }
        return "the raw signature was not made by these keys (" + keys + "): either " + file + " changed after it was "
                + "signed, or it was signed by another card's key (the two cannot be told apart). To check it against the "
                + "signer's keys, give the signer's certificate with --cert FILE ('mynacard cert export signing --out FILE' "
                + "on the signer's card, with --reader NAME for a card in a reader) or the signer's emulated card with "
                + "--card FILE";
    }

    private Object throwInvalid(String why) throws CliException {
        throw new CliException(ExitCodes.SIGNATURE_INVALID, "signature NOT valid for " + file + ": " + why);
    }

    private Signer cmsSigner(Path signature) throws CliException {
        byte[] p7s = CliFiles.read(signature);
        try {
            return signer(CmsVerifier.verify(file, p7s, options));
        } catch (SignatureVerificationException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    private List<Signer> pdfSigners() throws CliException {
        List<SignatureVerification> results;
        try {
            results = PdfVerifier.verify(CliFiles.read(file), options);
        } catch (SignatureVerificationException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + " as a PDF: " + e.getMessage());
        }
        List<Signer> out = new ArrayList<>();
        for (SignatureVerification r : results) {
            out.add(signer(r));
        }
        return out;
    }

    /** A CMS or PDF signature's findings as the command prints them. */
    private static Signer signer(SignatureVerification r) {
        Map<String, Object> j = Json.object();
        List<String> t = new ArrayList<>();
        boolean pdfSig = r.subFilter() != null;
        j.put("verdict", Json.enumValue(r.verdict()));
        j.put("detail", r.detail());
        j.put("level", r.level().label());
        t.add("Verdict:   " + verdictText(r.verdict()) + ": " + r.detail());
        t.add("Level:     " + r.level().label().toUpperCase(Locale.ROOT));
        if (pdfSig) {
            j.put("subFilter", r.subFilter());
            t.add("SubFilter: " + r.subFilter());
        }
        j.put("signingTime", r.claimedSigningTime() == null ? null : r.claimedSigningTime().toString());
        t.add("Signed at: " + (r.claimedSigningTime() == null ? "(not given)" : r.claimedSigningTime() + " (claimed by the signer"
                + (pdfSig ? ", /M" : "") + ")"));
        j.put("signatureTimestamps", r.signatureTimestampTimes().stream().map(Object::toString).toList());
        j.put("documentTimestamps", r.documentTimestampTimes().stream().map(Object::toString).toList());
        j.put("trustedSigningTime", r.trustedSigningTime() == null ? null : r.trustedSigningTime().toString());
        for (java.time.Instant i : r.signatureTimestampTimes()) {
            t.add("Time-stamp: " + i + " (signature time-stamp, verified)");
        }
        for (java.time.Instant i : r.documentTimestampTimes()) {
            t.add("Time-stamp: " + i + " (document time-stamp, verified)");
        }
        j.put("revocation", CertificateChecks.revocationJson(r.revocation()));
        t.add("Revocation: " + CertificateChecks.revocationText(r.revocation()));
        if (pdfSig) {
            j.put("coversWholeDocument", r.coversWholeDocument());
            t.add("Covers:    " + (r.coversWholeDocument() ? "the whole document" : "an earlier revision (later changes follow)"));
        }
        return new Signer(r.signerCertificate(), j, t, r);
    }

    private static String verdictText(SignatureVerification.Verdict v) {
        return switch (v) {
            case VALID -> "VALID";
            case VALID_REVOKED_LATER -> "VALID at the signing time; the certificate was revoked later";
            case REVOKED -> "REVOKED";
            case REVOCATION_UNKNOWN -> "REVOCATION UNKNOWN";
            case CERTIFICATE_EXPIRED_AT_SIGNING -> "NOT VALID";
            case INVALID -> "NOT VALID";
        };
    }

    /** The exit code of a verdict. */
    static int exitOf(SignatureVerification.Verdict v) {
        return switch (v) {
            case VALID, VALID_REVOKED_LATER -> ExitCodes.OK;
            case REVOKED -> ExitCodes.REVOKED;
            case REVOCATION_UNKNOWN -> ExitCodes.NOT_TRUSTED;
            case CERTIFICATE_EXPIRED_AT_SIGNING, INVALID -> ExitCodes.SIGNATURE_INVALID;
        };
    }

    /** The verification options from --trust-anchors and --revocation, checked before anything is verified. */
    private VerificationOptions options(TrustAnchors anchors, boolean isRaw) throws CliException {
        List<RevocationOptions.Spec> specs = revocation.parsed();
        if (isRaw && revocation.given()) {
            throw CliException.badInput("--revocation is for CMS and PDF signatures: a raw signature carries no time or certificate");
        }
        VerificationOptions o = VerificationOptions.defaults();
        if (anchors != null) {
            o = o.withTrustAnchors(anchors.certificates());
        }
        boolean embedded = specs.stream().anyMatch(s -> s.kind() == RevocationOptions.Kind.EMBEDDED);
        if (embedded && specs.size() > 1) {
            throw CliException.badInput("--revocation embedded stands alone: the signature's own data, or sources asked now, not both");
        }
        if (revocation.off()) {
            return o.withRevocation(VerificationOptions.RevocationMode.OFF);
        }
        if (specs.isEmpty() || embedded) {
            return o.withRevocation(VerificationOptions.RevocationMode.EMBEDDED);
        }
        return o.withRevocationChecker(revocation.checker(card, List.of()));
    }

    private CliException invalid(SignatureVerificationException e) {
        return new CliException(ExitCodes.SIGNATURE_INVALID, "signature NOT valid for " + file + ": " + e.getMessage(), e);
    }
}
