package io.github.mynacard.login;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the holder's program returns to the service: the service's origin, the nonce, the signature
 * and the user-authentication certificate.
 *
 * <h2>Format 2 (the one {@link CardLogin} makes)</h2>
 *
 * <p>Its text form is six UTF-8 lines {@code name: value}, in this order:
 *
 * <pre>
 * mynacard-login: 2
 * origin: https://service.example   (the origin the holder's program saw, as {@link LoginOrigin} writes it)
 * nonce: 0000019d...                (hex, the nonce as the service sent it)
 * algorithm: SHA256withRSA
 * signature: Q2FyZC...              (Base64: RSA PKCS#1 v1.5 with SHA-256 over the signed message)
 * certificate: MIIE...              (Base64, the DER of the user-authentication certificate)
 * </pre>
 *
 * <p>The signed message is 81 bytes: the ASCII text {@value #SIGNED_PREFIX_2}, then SHA-256 of the
 * origin's ASCII form, then SHA-256 of the nonce's bytes. Hashing the origin into what the card
 * signs is what stops a relay: a site that passes on a genuine service's nonce gets an answer
 * signed for its own origin, which the genuine service refuses. The prefix keeps the
 * authentication key from being made to sign, through this protocol, anything but a login.
 *
 * <h2>Format 1 (read only)</h2>
 *
 * <p>Five lines, without {@code origin}, version {@code 1}; the card signed the ASCII text
 * {@value #SIGNED_PREFIX_1} followed by the nonce's bytes. It names no service, so an answer can
 * be relayed; {@link LoginVerifier} refuses it unless told otherwise, and this library no longer
 * makes it.
 *
 * @param version 2, or 1 for a response read from the old format
 * @param origin the origin the response names (null in format 1)
 * @param nonce the nonce
 * @param algorithm {@code SHA256withRSA}
 * @param signature the signature
 * @param certificate the user-authentication certificate
 */
public record LoginResponse(int version, LoginOrigin origin, byte[] nonce, String algorithm, byte[] signature,
        X509Certificate certificate) {

    /** The version {@link CardLogin} makes. */
    public static final int VERSION = 2;
    /** The algorithm of both formats. */
    public static final String ALGORITHM = "SHA256withRSA";
    /** What the card signs before the two hashes in format 2. */
    public static final String SIGNED_PREFIX_2 = "mynacard-login-2:";
    /** What the card signed before the nonce in format 1. */
    public static final String SIGNED_PREFIX_1 = "mynacard-login-1:";

    /**
     * @param version 1 or 2
     * @param origin the origin (required in format 2, absent in format 1)
     * @param nonce the nonce
     * @param algorithm the algorithm
     * @param signature the signature
     * @param certificate the certificate
     * @throws NullPointerException when a value is null
     * @throws IllegalArgumentException when the version and the origin do not go together
     */
    public LoginResponse {
        if (version == 2) {
            Objects.requireNonNull(origin, "origin");
        } else if (version == 1) {
            if (origin != null) {
                throw new IllegalArgumentException("a format-1 login response names no origin");
            }
        } else {
            throw new IllegalArgumentException("a login response is format 1 or 2, not " + version);
        }
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        Objects.requireNonNull(algorithm, "algorithm");
        signature = Objects.requireNonNull(signature, "signature").clone();
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * A format-2 response.
     *
     * @param origin the origin
     * @param nonce the nonce
     * @param signature the signature
     * @param certificate the certificate
     * @return the response
     */
    public static LoginResponse of(LoginOrigin origin, byte[] nonce, byte[] signature, X509Certificate certificate) {
        return new LoginResponse(VERSION, origin, nonce, ALGORITHM, signature, certificate);
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
     * The message the card signs in format 2.
     *
     * @param origin the service's origin
     * @param nonce a nonce
     * @return {@value #SIGNED_PREFIX_2} ‖ SHA-256(origin) ‖ SHA-256(nonce)
     */
    public static byte[] signedMessage(LoginOrigin origin, byte[] nonce) {
        byte[] prefix = SIGNED_PREFIX_2.getBytes(StandardCharsets.US_ASCII);
        byte[] o = sha256(origin.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] n = sha256(nonce);
        byte[] m = new byte[prefix.length + o.length + n.length];
        System.arraycopy(prefix, 0, m, 0, prefix.length);
        System.arraycopy(o, 0, m, prefix.length, o.length);
        System.arraycopy(n, 0, m, prefix.length + o.length, n.length);
        return m;
    }

    /**
     * The message the card signed in format 1.
     *
     * @param nonce a nonce
     * @return {@value #SIGNED_PREFIX_1} ‖ nonce
     */
    public static byte[] signedMessageVersion1(byte[] nonce) {
        byte[] prefix = SIGNED_PREFIX_1.getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[prefix.length + nonce.length];
        System.arraycopy(prefix, 0, m, 0, prefix.length);
        System.arraycopy(nonce, 0, m, prefix.length, nonce.length);
        return m;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return the text form, in this response's version */
    public String encode() {
        String cert;
        try {
            cert = Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the certificate cannot be encoded", e);
        }
        return "mynacard-login: " + version + "\n" + (version == 1 ? "" : "origin: " + origin + "\n")
                + "nonce: " + HexFormat.of().formatHex(nonce) + "\n" + "algorithm: " + algorithm + "\n"
                + "signature: " + Base64.getEncoder().encodeToString(signature) + "\n" + "certificate: " + cert + "\n";
    }

    /**
     * Reads the text form strictly: the version line first, then exactly the lines of that version,
     * in order.
     *
     * @param text the text
     * @return the response
     * @throws IllegalArgumentException when the text is not a login response of format 1 or 2 (the
     *     message says which line)
     */
    public static LoginResponse parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] lines = text.replace("\r\n", "\n").strip().split("\n");
        String first = lines[0];
        if (!first.startsWith("mynacard-login:")) {
            throw new IllegalArgumentException("line 1 of a login response must be 'mynacard-login: 2'");
        }
        String v = first.substring("mynacard-login:".length()).strip();
        int version;
        if (v.equals("2")) {
            version = 2;
        } else if (v.equals("1")) {
            version = 1;
        } else {
            throw new IllegalArgumentException("unsupported login response version '" + shortened(v) + "' (this library reads 1 and 2)");
        }
        String[] names = version == 2 ? new String[] {"mynacard-login", "origin", "nonce", "algorithm", "signature", "certificate"}
                : new String[] {"mynacard-login", "nonce", "algorithm", "signature", "certificate"};
        if (lines.length != names.length) {
            throw new IllegalArgumentException("a format-" + version + " login response has " + names.length + " lines, not " + lines.length);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0 || !lines[i].substring(0, colon).equals(names[i])) {
                throw new IllegalArgumentException("line " + (i + 1) + " of a login response must be '" + names[i] + ": ...'");
            }
            values.put(names[i], lines[i].substring(colon + 1).strip());
        }
        LoginOrigin origin = null;
        if (version == 2) {
            try {
                origin = LoginOrigin.of(values.get("origin"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the login response's origin line: " + e.getMessage(), e);
            }
            if (!origin.toString().equals(values.get("origin"))) {
                throw new IllegalArgumentException("the login response's origin is not written in its one form ("
                        + origin + ")");
            }
        }
        byte[] nonce;
        byte[] signature;
        byte[] der;
        try {
            nonce = HexFormat.of().parseHex(values.get("nonce"));
            signature = Base64.getDecoder().decode(values.get("signature"));
            der = Base64.getDecoder().decode(values.get("certificate"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a login response value is not valid hex or Base64", e);
        }
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new LoginResponse(version, origin, nonce, values.get("algorithm"), signature, cert);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the login response's certificate does not parse", e);
        }
    }

    private static String shortened(String s) {
        return s.length() <= 16 ? s : s.substring(0, 16) + "…";
    }

    /** @return the version, the origin and the lengths, never the values */
    @Override
    public String toString() {
        return "LoginResponse[format " + version + (origin != null ? ", " + origin : "") + ", nonce=" + nonce.length + " bytes, "
                + algorithm + ", signature=" + signature.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoginResponse r && version == r.version && Objects.equals(origin, r.origin) && Arrays.equals(nonce, r.nonce)
                && algorithm.equals(r.algorithm) && Arrays.equals(signature, r.signature) && certificate.equals(r.certificate);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }
}
