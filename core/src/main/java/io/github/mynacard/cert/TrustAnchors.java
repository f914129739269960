package io.github.mynacard.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CA certificates a chain may end at, for example the J-LIS roots of several generations (which
 * share one DN and differ by key).
 *
 * <p>{@link #fromDirectory(Path)} is lenient: files that are not certificates are <b>skipped and
 * listed</b> in {@link #skipped()} (file name and reason), so a README or a CRL next to the roots
 * does not stop the program; it fails only when the folder holds no certificate at all.
 *
 * <p>{@link #jpki()} gives the real J-LIS CA certificates built into the library.
 *
 * @param certificates the anchors, in file-name order
 * @param skipped one line per skipped file: its name and why it was skipped
 */
public record TrustAnchors(List<X509Certificate> certificates, List<String> skipped) {

    /** Where the built-in J-LIS certificates are, as resources of this class. */
    private static final String JPKI_FOLDER = "jpki/";
    /** The built-in J-LIS certificates, in the order {@link #jpki()} returns them. */
    private static final List<String> JPKI_FILES = List.of("signing-ca-2023.pem", "signing-ca-2015.pem",
            "authentication-ca-2023.pem", "authentication-ca-2015.pem");
    /**
     * The organizational unit the emulator (module {@code mynacard-mock-card}) names its test CAs
     * with, next to the J-LIS hierarchy's own unit: {@code C=JP, O=JPKI, OU=<hierarchy>, OU=mynacard test CA}.
     */
    static final String EMULATOR_CA_UNIT = "mynacard test CA";

    /**
     * @param certificates the anchors
     * @param skipped the skipped files
     * @throws NullPointerException when an argument or element is null
     */
    public TrustAnchors {
        certificates = List.copyOf(certificates);
        skipped = List.copyOf(skipped);
    }

    /**
     * Anchors from certificates at hand.
     *
     * @param certificates the anchors
     * @return the anchors
     * @throws IllegalArgumentException when none is given
     */
    public static TrustAnchors of(X509Certificate... certificates) {
        if (certificates.length == 0) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        return new TrustAnchors(List.of(certificates), List.of());
    }

    /**
     * The real CA certificates of J-LIS (地方公共団体情報システム機構, Japan Agency for Local
     * Authority Information Systems), which issue the holder certificates of My Number Cards:
     * the CA for digital signature (署名用, {@code OU=JPKI for digital signature}) and the CA for
     * user authentication (利用者証明用, {@code OU=JPKI for user authentication}), each of the
     * 2023 and the 2015 generation, in that order. All four are self-signed; the two generations
     * of one hierarchy share one subject and differ by key, which is how {@link ChainValidator}
     * tells them apart.
     *
     * <table>
     *   <caption>The built-in certificates (validity in UTC)</caption>
     *   <tr><th>Certificate</th><th>Valid</th><th>SHA-256 of the DER</th></tr>
     *   <tr><td>digital signature, 2023</td><td>2023-07-16 to 2033-07-15</td>
     *       <td>{@code D227F6CDE11D35C5252178F106F843D24651944975413B539FA2FB68DBFA365F}</td></tr>
     *   <tr><td>digital signature, 2015</td><td>2015-10-20 to 2025-10-19</td>
     *       <td>{@code 19645405A1FE14377434BD55957628AC4038557C542403A2243F21C706FC9355}</td></tr>
     *   <tr><td>user authentication, 2023</td><td>2023-07-16 to 2033-07-15</td>
     *       <td>{@code 64114F29620C24ED2631D46476A040E7EE740D956089C00B036A6A8118C322B5}</td></tr>
     *   <tr><td>user authentication, 2015</td><td>2015-10-20 to 2025-10-19</td>
     *       <td>{@code 4DCFC4CA0AAF9FB2A3081B3F0C991C320B3ACC008667A341EEAEC5AF1D58CA7D}</td></tr>
     * </table>
     *
     * <p>They are public: the files come unchanged from the certificates the open-source
     * {@code myna} tool bundles (github.com/jpki/myna, {@code src/ta/}); the resource folder's
     * README records their subjects, validity and fingerprints. The 2015 generation has expired:
     * a chain through it validates only at a time before 2025-10-20 (Japan).
     *
     * <p>They are <b>never the anchors of an emulated card</b>: the emulator's CAs have keys of
     * their own (and {@code OU=mynacard test CA} in their names), so no certificate an emulated
     * card holds validates against these; check those against the emulator's CA certificates.
     *
     * @return the four J-LIS CA certificates, with nothing skipped (loaded once; immutable)
     * @throws IllegalStateException when the library's own resources are missing or damaged
     */
    public static TrustAnchors jpki() {
        return Jpki.ANCHORS;
    }

    /**
     * Whether some of these anchors are J-LIS CA certificates of {@link #jpki()}.
     *
     * @return true when at least one anchor is one of the built-in J-LIS certificates
     */
    public boolean includesJpki() {
        Set<X509Certificate> jlis = Set.copyOf(Jpki.ANCHORS.certificates());
        return certificates.stream().anyMatch(jlis::contains);
    }

    /**
     * Whether a certificate was issued by one of the emulator's test CAs, going by its issuer's
     * name ({@code OU=mynacard test CA}). A name is no proof: use this to explain a failure, never
     * to trust.
     *
     * @param certificate a certificate
     * @return true when its issuer's name is that of an emulator test CA
     */
    public static boolean issuedByEmulator(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        String name = "," + certificate.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253) + ",";
        String rdn = ",OU=" + EMULATOR_CA_UNIT + ",";
        for (int i = name.indexOf(rdn); i >= 0; i = name.indexOf(rdn, i + 1)) {
            if (i == 0 || name.charAt(i - 1) != '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * A sentence for people on why no anchor issued a certificate, when these anchors say more
     * than "no key matched": for a certificate of an emulated card checked against J-LIS
     * anchors, that it comes from an emulated card and J-LIS never issued it; for another
     * certificate checked against J-LIS anchors alone, that J-LIS did not issue it.
     *
     * @param certificate the certificate no anchor signed
     * @return the sentence, or an empty string when there is nothing to add
     */
    public String noIssuerNote(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (!includesJpki()) {
            return "";
        }
        if (issuedByEmulator(certificate)) {
            return "the certificate is from an emulated card (issued by the emulator's test CA "
                    + certificate.getIssuerX500Principal().getName() + "), not by J-LIS: the J-LIS CA certificates never "
                    + "trust it; check it against the emulator's own CA certificates instead";
        }
        if (Set.copyOf(Jpki.ANCHORS.certificates()).containsAll(certificates)) {
            return "the certificate was not issued by J-LIS: none of the J-LIS CA certificates signed it";
        }
        return "";
    }

    /** Loaded on first use. */
    private static final class Jpki {
        static final TrustAnchors ANCHORS = load();

        private static TrustAnchors load() {
            try {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                List<X509Certificate> certs = new ArrayList<>();
                for (String file : JPKI_FILES) {
                    try (InputStream in = TrustAnchors.class.getResourceAsStream(JPKI_FOLDER + file)) {
                        if (in == null) {
                            throw new IllegalStateException("the built-in J-LIS certificate " + file + " is missing");
                        }
                        certs.add((X509Certificate) cf.generateCertificate(in));
                    }
                }
                return new TrustAnchors(certs, List.of());
            } catch (IOException e) {
                throw new UncheckedIOException("the built-in J-LIS certificates cannot be read", e);
            } catch (CertificateException e) {
                throw new IllegalStateException("the built-in J-LIS certificates do not parse", e);
            }
        }
    }

    /**
     * Loads every certificate in a folder (not its subfolders): PEM files (several certificates per
     * file allowed) and DER files, whatever their extension.
     *
     * @param directory the folder
     * @return the anchors, with the list of skipped files
     * @throws IOException when the folder cannot be listed or a file cannot be read
     * @throws CertificateException when the folder holds no certificate; the message lists the
     *     skipped files
     */
    public static TrustAnchors fromDirectory(Path directory) throws IOException, CertificateException {
        Objects.requireNonNull(directory, "directory");
        List<Path> files;
        try (Stream<Path> s = Files.list(directory)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> found = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            String name = f.getFileName().toString();
            try {
                Collection<? extends Certificate> certs = cf.generateCertificates(new ByteArrayInputStream(bytes));
                int before = found.size();
                for (Certificate c : certs) {
                    if (c instanceof X509Certificate) {
                        found.add((X509Certificate) c);
                    }
                }
                if (found.size() == before) {
                    skipped.add(name + ": no X.509 certificate");
                }
            } catch (CertificateException e) {
                skipped.add(name + ": not a certificate (" + e.getMessage() + ")");
            }
        }
        if (found.isEmpty()) {
            throw new CertificateException("no certificate in " + directory
                    + (skipped.isEmpty() ? " (empty folder)" : "; skipped: " + String.join("; ", skipped)));
        }
        return new TrustAnchors(found, skipped);
    }
}
