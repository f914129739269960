package io.github.mynacard.internal;

import io.github.mynacard.CardDataException;
import io.github.mynacard.apdu.BerTlv;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * A card-verifiable certificate as the card-info input support AP and the card face AP hold it in
 * their EF 0004: {@code 7F21 { 5F4E body, 5F37 signature }}, the body being a 16-byte certifying
 * key id, a 16-byte subject key id and an RSA key ({@code 90} exponent, {@code 91} modulus), the
 * signature SHA-256 with RSA over the body by the certifying authority.
 */
final class Cvc {

    private Cvc() {
    }

    /**
     * @param trusted the certifying authority's key
     * @param cvc the certificate's bytes
     * @return the certified key, or null when the signature does not verify with {@code trusted}
     * @throws CardDataException when the certificate is malformed
     * @throws GeneralSecurityException when the signature cannot be checked
     */
    static PublicKey certifiedKey(PublicKey trusted, byte[] cvc) throws CardDataException, GeneralSecurityException {
        BerTlv outer = BerTlv.parse(cvc, 0);
        if (outer.tag() != 0x7F21) {
            throw new CardDataException("the issuer certificate does not start with tag 7F21");
        }
        BerTlv body = outer.child(0x5F4E);
        BerTlv sig = outer.child(0x5F37);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(trusted);
        s.update(body.value());
        if (!s.verify(sig.value())) {
            return null;
        }
        byte[] b = body.value();
        if (b.length < 32 + 4) {
            throw new CardDataException("the issuer certificate's body is too short");
        }
        return rsaKey(BerTlv.parseAll(Arrays.copyOfRange(b, 32, b.length)), "the issuer certificate");
    }

    /**
     * @param elements an RSA key as the card writes it: {@code 90} exponent and {@code 91} modulus
     * @param what a name for messages
     * @return the key
     * @throws CardDataException when an element is missing
     * @throws GeneralSecurityException when the key cannot be built
     */
    static PublicKey rsaKey(List<BerTlv> elements, String what) throws CardDataException, GeneralSecurityException {
        BigInteger e = null;
        BigInteger n = null;
        for (BerTlv t : elements) {
            if (t.tag() == 0x90) {
                e = new BigInteger(1, t.value());
            } else if (t.tag() == 0x91) {
                n = new BigInteger(1, t.value());
            }
        }
        if (e == null || n == null) {
            throw new CardDataException(what + " holds no RSA key");
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }
}
