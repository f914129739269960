package io.github.mynacard.examples.cli;

import io.github.mynacard.revocation.RevocationStatus;
import io.github.mynacard.CardDataException;
import io.github.mynacard.cert.CertificateValidity;
import io.github.mynacard.cert.ChainValidation;
import io.github.mynacard.cert.ChainValidationException;
import io.github.mynacard.cert.ChainValidator;
import io.github.mynacard.cert.SigningCertificateInfo;
import io.github.mynacard.cert.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the commands report about a certificate: its validity (expired, or expiring within 90 days),
 * its chain against {@code --trust-anchors} (or "not checked"), its fingerprint and, only on request,
 * the holder's name. Shared by {@code cert show}, {@code verify-signature} and {@code self-test}.
 */
final class CertificateChecks {

    private CertificateChecks() {
    }

    /**
     * The result of a chain check.
     *
     * @param checked whether trust anchors were given
     * @param valid whether the chain validated (false when not checked)
     * @param detail one line: the anchor used, or why it failed
     */
    record Chain(boolean checked, boolean valid, String detail) {

        /** The result when no anchors were given. */
        static final Chain NOT_CHECKED = new Chain(false, false, "not checked (no --trust-anchors DIR)");

        /** @return whether the chain failed a check that was asked for */
        boolean failed() {
            return checked && !valid;
        }

        /** @return one line for people */
        String text() {
            return !checked ? detail : (valid ? "VALID: " : "NOT VALID: ") + detail;
        }

        /** @return the result as JSON */
        Map<String, Object> json() {
            Map<String, Object> o = Json.object();
            o.put("checked", checked);
            o.put("valid", checked ? valid : null);
            o.put("detail", detail);
            return o;
        }
    }

    /** The word for the built-in J-LIS CA certificates in {@code --trust-anchors}. */
    static final String JPKI = "jpki";

    /** Where the emulator's CA certificates come from, for a message. */
    static final String EMULATOR_ANCHORS = "for an emulated card, give --trust-anchors DIR with the emulator's CA certificates "
            + "(written by 'mynacard emulator services --trust-out DIR', or by 'mynacard cert export signing-ca --out "
            + "DIR/signing-ca.pem' and 'mynacard cert export auth-ca --out DIR/auth-ca.pem')";

    /**
     * Loads {@code --trust-anchors DIR}; files that are not certificates are skipped with a warning.
     * The word {@code jpki} stands for the built-in J-LIS CA certificates ({@link TrustAnchors#jpki()});
     * a folder of that name is then given as {@code ./jpki}.
     *
     * @param dir the folder, {@code jpki}, or null
     * @param err where warnings go
     * @return the anchors, or null when {@code dir} is null
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when the folder cannot be read or holds no certificate
     */
    static TrustAnchors anchors(Path dir, PrintWriter err) throws CliException {
        if (dir == null) {
            return null;
        }
        if (dir.toString().equals(JPKI)) {
            if (Files.isDirectory(dir)) {
                err.println("mynacard: warning: --trust-anchors jpki: using the built-in J-LIS CA certificates, not the folder "
                        + "jpki here (give that folder as ./jpki)");
                err.flush();
            }
            return TrustAnchors.jpki();
        }
        if (!Files.isDirectory(dir)) {
            throw CliException.badInput("--trust-anchors: no such folder: " + dir);
        }
        try {
            TrustAnchors a = TrustAnchors.fromDirectory(dir);
            for (String skipped : a.skipped()) {
                err.println("mynacard: warning: --trust-anchors: skipped " + skipped);
            }
            err.flush();
            return a;
        } catch (IOException | CertificateException e) {
            throw CliException.badInput("--trust-anchors: " + e.getMessage());
        }
    }

    /** A chain failure's kind in words ("no issuer found"), as the command line never shows a constant's name. */
    static String chainReason(ChainValidationException.Reason r) {
        return switch (r) {
            case NO_ISSUER_FOUND -> "no trusted issuer found";
            case EXPIRED -> "a certificate of the chain has expired";
            case NOT_YET_VALID -> "a certificate of the chain is not valid yet";
            case REVOKED -> "a certificate of the chain was revoked";
            case UNDETERMINED_REVOCATION_STATUS -> "the revocation status could not be determined";
            case INVALID -> "the chain is invalid";
        };
    }

    /**
     * Validates a certificate's chain at the current time (no revocation checking).
     *
     * @param anchors the anchors, or null for "not checked"
     * @param cert the certificate
     * @param intermediates candidate intermediates (e.g. the other certificates of a signature)
     * @return the result
     */
    static Chain chain(TrustAnchors anchors, X509Certificate cert, List<X509Certificate> intermediates) {
        if (anchors == null) {
            return Chain.NOT_CHECKED;
        }
        try {
            ChainValidation v = ChainValidator.of(anchors).validate(cert, intermediates);
            return new Chain(true, true, "up to the anchor " + v.anchor().getSubjectX500Principal().getName()
                    );
        } catch (ChainValidationException e) {
            if (e.reason() == ChainValidationException.Reason.NO_ISSUER_FOUND && anchors.includesJpki()) {
                if (TrustAnchors.issuedByEmulator(cert)) {
                    return new Chain(true, false, "the certificate is from an emulated card (issuer "
                            + cert.getIssuerX500Principal().getName() + "), not issued by J-LIS: the J-LIS CA certificates "
                            + "never trust it; " + EMULATOR_ANCHORS);
                }
                if (!anchors.noIssuerNote(cert).isEmpty()) {
                    return new Chain(true, false, "the certificate was not issued by J-LIS: none of the J-LIS CA certificates "
                            + "signed it (issuer " + cert.getIssuerX500Principal().getName() + ")");
                }
            }
            return new Chain(true, false, chainReason(e.reason()) + ": " + e.getMessage());
        }
    }

    /**
     * @param cert a certificate
     * @return its validity now
     */
    static CertificateValidity validity(X509Certificate cert) {
        return CertificateValidity.of(cert, Clock.systemUTC());
    }

    /**
     * @param v a validity
     * @return one line, e.g. {@code "valid until 2031-04-01 (Japan)"} or {@code "EXPIRED on ..."}
     */
    static String validityText(CertificateValidity v) {
        String day = v.notAfter().atZone(Names.JAPAN).toLocalDate() + " (Japan)";
        return switch (v.status()) {
            case VALID -> "valid until " + day;
            case EXPIRING_SOON -> "EXPIRES SOON: valid until " + day + ", " + Math.max(0, v.remaining().toDays())
                    + " days left (renew within 90 days of expiry at the municipal office)";
            case EXPIRED -> "EXPIRED on " + day;
            case NOT_YET_VALID -> "NOT YET VALID (valid until " + day + ")";
        };
    }

    /**
     * @param v a validity
     * @return it as JSON
     */
    static Map<String, Object> validityJson(CertificateValidity v) {
        Map<String, Object> o = Json.object();
        o.put("status", v.status());
        o.put("notAfter", v.notAfter().atZone(Names.JAPAN).toLocalDate().toString());
        o.put("daysLeft", v.remaining().toDays());
        return o;
    }

    /**
     * @param cert a certificate
     * @return the SHA-256 of its DER, lower-case hex without separators
     */
    static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash a certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The holder's name from a JPKI signing certificate (personal data: shown only on request).
     *
     * @param cert a certificate
     * @return the name, or a note when the certificate carries none
     */
    static String holderName(X509Certificate cert) {
        try {
            return SigningCertificateInfo.parse(cert).name();
        } catch (CardDataException e) {
            return "(none: not a JPKI signing certificate)";
        }
    }

    /**
     * One line about a revocation answer.
     *
     * @param r the answer
     * @return e.g. {@code "REVOKED on 2026-12-07T10:00:00Z (key-compromise): …"}
     */
    static String revocationText(RevocationStatus r) {
        return switch (r.status()) {
            case GOOD -> "GOOD: " + r.detail();
            case REVOKED -> "REVOKED on " + r.revocationTime() + " (" + r.reason().label() + "): " + r.detail();
            case UNKNOWN -> "UNKNOWN: " + r.detail();
            case NOT_CHECKED -> "not checked (no --revocation source)";
        };
    }

    /**
     * @param r a revocation answer
     * @return it as JSON
     */
    static Map<String, Object> revocationJson(RevocationStatus r) {
        Map<String, Object> o = Json.object();
        o.put("status", Json.enumValue(r.status()));
        o.put("revokedAt", r.revocationTime() == null ? null : r.revocationTime().toString());
        o.put("reason", r.reason() == null ? null : r.reason().label());
        o.put("detail", r.detail());
        return o;
    }

    /**
     * The exit code a revocation answer asks for, when a check was asked for.
     *
     * @param r the answer
     * @return {@link ExitCodes#REVOKED}, {@link ExitCodes#NOT_TRUSTED} for unknown, else {@link ExitCodes#OK}
     */
    static int revocationExit(RevocationStatus r) {
        return switch (r.status()) {
            case REVOKED -> ExitCodes.REVOKED;
            case UNKNOWN -> ExitCodes.NOT_TRUSTED;
            default -> ExitCodes.OK;
        };
    }
}
