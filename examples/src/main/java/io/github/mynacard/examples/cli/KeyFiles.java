package io.github.mynacard.examples.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a trusted public key from a file: a PEM or DER X.509 certificate, or a PEM or DER SubjectPublicKeyInfo (RSA). */
final class KeyFiles {

    private static final Pattern PEM_PUBLIC_KEY = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private KeyFiles() {
    }

    /**
     * @param file the key or certificate file
     * @return its public key
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when the file is missing or holds neither form
     */
    static PublicKey publicKey(Path file) throws CliException {
        byte[] bytes = CliFiles.read(file);
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes)).getPublicKey();
        } catch (CertificateException notACertificate) {
            // try a bare public key
        }
        byte[] der = bytes;
        Matcher m = PEM_PUBLIC_KEY.matcher(new String(bytes, StandardCharsets.US_ASCII));
        if (m.find()) {
            der = Base64.getMimeDecoder().decode(m.group(1));
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CliException.badInput(file + " holds no RSA public key or certificate (PEM or DER)");
        }
    }

    /**
     * @param file a file of certificates: one DER certificate, or PEM certificates one after another
     * @param option the option that named it, for the message
     * @return its certificates (at least one)
     * @throws CliException with {@link ExitCodes#BAD_INPUT} when the file is missing or holds no certificate
     */
    static java.util.List<java.security.cert.X509Certificate> certificates(Path file, String option) throws CliException {
        byte[] bytes = CliFiles.read(file);
        try {
            java.util.List<java.security.cert.X509Certificate> certs = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes))) {
                certs.add((java.security.cert.X509Certificate) c);
            }
            if (!certs.isEmpty()) {
                return certs;
            }
        } catch (CertificateException | RuntimeException e) {
            // said below
        }
        throw CliException.badInput(option + ": " + file + " holds no certificate (PEM or DER)");
    }
}
