package io.github.mynacard.mock;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/** A card-verifiable certificate (7F21) read by the tests: its key ids and key, its signature checked with the JDK. */
record Cvc(byte[] certifyingId, byte[] subjectId, PublicKey key, byte[] body, byte[] signature) {

    static Cvc parse(byte[] file) throws Exception {
        Ber outer = Ber.at(file, 0);
        if (outer.tag() != 0x7F21) {
            throw new AssertionError("not a 7F21 certificate");
        }
        Ber body = outer.child(0x5F4E);
        byte[] b = body.value();
        return new Cvc(Arrays.copyOf(b, 16), Arrays.copyOfRange(b, 16, 32), rsaKey(b, 32), b, outer.child(0x5F37).value());
    }

    /** The RSA key of {@code 90 <exponent> 91 <modulus>} at an offset. */
    static PublicKey rsaKey(byte[] data, int offset) throws Exception {
        Ber e = Ber.at(data, offset);
        Ber n = Ber.at(data, e.end());
        if (e.tag() != 0x90 || n.tag() != 0x91 || n.length() != 256) {
            throw new AssertionError("not an RSA-2048 key 90/91");
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, n.value()), new BigInteger(1, e.value())));
    }

    boolean signedBy(PublicKey authority) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(authority);
        s.update(body);
        return s.verify(signature);
    }
}
