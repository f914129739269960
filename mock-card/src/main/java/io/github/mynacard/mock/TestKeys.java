package io.github.mynacard.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The pre-generated public test keys shipped as resources (the test hierarchy's, shared by every card), loaded once per JVM. */
final class TestKeys {

    static final String AUTH_CA = "auth-ca";
    static final String SIGN_CA = "sign-ca";
    static final String TERMINAL_KIOSK = "terminal-kiosk";
    static final String TERMINAL_OFFICE = "terminal-office";
    /** The authority (key id 6000033) that certifies each card's card-info AP key. */
    static final String CVC_CA = "cvc-ca";
    /** The authority (key id 6000023) that certifies each card's card-face AP key. */
    static final String CARD_FACE_CVC_CA = "card-face-cvc-ca";

    /** The delegated OCSP responder of the digital-signature CA. */
    static final String SIGN_OCSP = "sign-ocsp";
    /** The delegated OCSP responder of the user-authentication CA. */
    static final String AUTH_OCSP = "auth-ocsp";
    /** The test time-stamping authority's own root. */
    static final String TSA_ROOT = "tsa-root";
    /** The test time-stamping unit (signs the time-stamp tokens). */
    static final String TSA = "tsa";

    private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    static KeyPair get(String name) {
        return CACHE.computeIfAbsent(name, TestKeys::loadResource);
    }

    private static KeyPair loadResource(String name) {
        String path = "keys/" + name + ".pem";
        try (InputStream in = TestKeys.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test key resource " + path);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String b64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return fromPkcs8(Base64.getDecoder().decode(b64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable test key resource " + path, e);
        }
    }

    static KeyPair fromPkcs8(byte[] pkcs8) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("RSA");
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) priv;
        PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new KeyPair(pub, priv);
    }

    static PublicKey publicFromX509(byte[] spki) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
    }
}
