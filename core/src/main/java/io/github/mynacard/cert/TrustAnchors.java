package io.github.mynacard.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * The CA certificates a chain may end at, for example the J-LIS roots of several generations (which
 * share one DN and differ by key).
 *
 * <p>{@link #fromDirectory(Path)} is lenient: files that are not certificates are <b>skipped and
 * listed</b> in {@link #skipped()} (file name and reason), so a README or a CRL next to the roots
 * does not stop the program; it fails only when the folder holds no certificate at all.
 *
 * @param certificates the anchors, in file-name order
 * @param skipped one line per skipped file: its name and why it was skipped
 */
public record TrustAnchors(List<X509Certificate> certificates, List<String> skipped) {

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
