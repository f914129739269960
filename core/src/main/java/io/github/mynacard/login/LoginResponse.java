package io.github.mynacard.login;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the holder's program returns to the service: the nonce, the signature over it and the
 * user-authentication certificate. Its text form, UTF-8 lines {@code name: value} in this order:
 *
 * <pre>
 * mynacard-login: 1
 * nonce: 0000019d...           (hex, the nonce as the service sent it)
 * algorithm: SHA256withRSA
 * signature: Q2FyZC...         (Base64, 256 bytes: RSA PKCS#1 v1.5 over SHA-256 of the signed message)
 * certificate: MIIE...         (Base64, the DER of the user-authentication certificate)
 * </pre>
 *
 * The signed message is the ASCII text {@value #SIGNED_PREFIX} followed by the nonce's bytes: the
 * prefix keeps a service from having the card sign anything but a login nonce of this protocol.
 *
 * @param nonce the nonce
 * @param algorithm {@code SHA256withRSA}
 * @param signature the signature
 * @param certificate the user-authentication certificate
 */
public record LoginResponse(byte[] nonce, String algorithm, byte[] signature, X509Certificate certificate) {

    /** The version line's value. */
    public static final String VERSION = "1";
    /** The algorithm of version 1. */
    public static final String ALGORITHM = "SHA256withRSA";
    /** What the card signs before the nonce. */
    public static final String SIGNED_PREFIX = "mynacard-login-1:";

    /**
     * @param nonce the nonce
     * @param algorithm the algorithm
     * @param signature the signature
     * @param certificate the certificate
     * @throws NullPointerException when a value is null
     */
    public LoginResponse {
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        Objects.requireNonNull(algorithm, "algorithm");
        signature = Objects.requireNonNull(signature, "signature").clone();
        Objects.requireNonNull(certificate, "certificate");
    }

    /** @return a copy of the nonce */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** @return a copy of the signature */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * @param nonce a nonce
     * @return the message the card signs for it
     */
    public static byte[] signedMessage(byte[] nonce) {
        byte[] prefix = SIGNED_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[prefix.length + nonce.length];
        System.arraycopy(prefix, 0, m, 0, prefix.length);
        System.arraycopy(nonce, 0, m, prefix.length, nonce.length);
        return m;
    }

    /** @return the text form */
    public String encode() {
        try {
            return "mynacard-login: " + VERSION + "\n" + "nonce: " + HexFormat.of().formatHex(nonce) + "\n" + "algorithm: "
                    + algorithm + "\n" + "signature: " + Base64.getEncoder().encodeToString(signature) + "\n" + "certificate: "
                    + Base64.getEncoder().encodeToString(certificate.getEncoded()) + "\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("the certificate cannot be encoded", e);
        }
    }

    /**
     * Reads the text form strictly: exactly the five lines, in order, version 1.
     *
     * @param text the text
     * @return the response
     * @throws IllegalArgumentException when the text is not a version-1 login response (the message
     *     says which line)
     */
    public static LoginResponse parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] names = {"mynacard-login", "nonce", "algorithm", "signature", "certificate"};
        String[] lines = text.replace("\r\n", "\n").strip().split("\n");
        if (lines.length != names.length) {
            throw new IllegalArgumentException("a login response has " + names.length + " lines, not " + lines.length);
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0 || !lines[i].substring(0, colon).equals(names[i])) {
                throw new IllegalArgumentException("line " + (i + 1) + " of a login response must be '" + names[i] + ": ...'");
            }
            v.put(names[i], lines[i].substring(colon + 1).strip());
        }
        if (!VERSION.equals(v.get("mynacard-login"))) {
            throw new IllegalArgumentException("unsupported login response version");
        }
        try {
            byte[] nonce = HexFormat.of().parseHex(v.get("nonce"));
            byte[] signature = Base64.getDecoder().decode(v.get("signature"));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(v.get("certificate"))));
            return new LoginResponse(nonce, v.get("algorithm"), signature, cert);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the login response's certificate does not parse", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a login response value is not valid hex or Base64", e);
        }
    }

    /** @return the lengths, never the values */
    @Override
    public String toString() {
        return "LoginResponse[nonce=" + nonce.length + " bytes, " + algorithm + ", signature=" + signature.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoginResponse r && java.util.Arrays.equals(nonce, r.nonce) && algorithm.equals(r.algorithm)
                && java.util.Arrays.equals(signature, r.signature) && certificate.equals(r.certificate);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(signature);
    }
}
