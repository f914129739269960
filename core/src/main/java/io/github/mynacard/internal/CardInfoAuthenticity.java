package io.github.mynacard.internal;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardDataException;
import io.github.mynacard.apdu.BerTlv;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;

/**
 * Checks the card-info AP's integrity record (EF 0003) and its issuer's card-verifiable
 * certificate (EF 0004), laid out as public implementations read them:
 * <ol>
 *   <li>the certificate's body ({@code 5F4E}) is signed ({@code 5F37}, SHA-256 with RSA) by the
 *       authority key the caller trusts; the body holds two 16-byte key ids and the issuer's RSA
 *       key ({@code 90} exponent, {@code 91} modulus);</li>
 *   <li>the record's {@code DF31} and {@code DF32} elements are signed ({@code DF33}, SHA-256 with
 *       RSA, PKCS#1 v1.5) by that issuer key;</li>
 *   <li>{@code DF31} is the SHA-256 of the My Number file's physical bytes and {@code DF32} that of
 *       the basic four file's value from {@code DF22} to the end of {@code DF25}.</li>
 * </ol>
 * Public sources agree on the hashes; what exactly the signature covers is reported by one
 * project only ("the bytes before DF33"), taken here as the {@code DF31} and {@code DF32} elements.
 */
final class CardInfoAuthenticity {

    private CardInfoAuthenticity() {
    }

    /**
     * @param trusted the authority key the caller trusts
     * @param myNumberPhysical the My Number file as read (filler included), or null when it was not read
     * @param basicFourTlv the basic four element, or null when it was not read
     * @param record the integrity record (EF 0003)
     * @param cvc the issuer certificate (EF 0004)
     * @return the outcome; the files not read are not checked, the ones read are
     */
    static Authenticity check(PublicKey trusted, byte[] myNumberPhysical, byte[] basicFourTlv, byte[] record, byte[] cvc) {
        try {
            PublicKey issuer = Cvc.certifiedKey(trusted, cvc);
            if (issuer == null) {
                return failed("the issuer certificate (EF 0004) is not signed by the trusted authority");
            }
            BerTlv rec = BerTlv.parse(record, 0);
            if (rec.tag() != 0xFF30) {
                return failed("the integrity record (EF 0003) does not start with tag FF30");
            }
            List<BerTlv> items = rec.children();
            if (items.size() < 3 || items.get(0).tag() != 0xDF31 || items.get(1).tag() != 0xDF32 || items.get(2).tag() != 0xDF33) {
                return failed("the integrity record (EF 0003) is not DF31, DF32, DF33");
            }
            byte[] value = rec.value();
            int coveredLength = items.get(0).encodedLength() + items.get(1).encodedLength();
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(issuer);
            s.update(value, 0, coveredLength);
            if (!s.verify(items.get(2).value())) {
                return failed("the integrity record's signature does not verify with the issuer key");
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (myNumberPhysical != null && !MessageDigest.isEqual(items.get(0).value(), sha.digest(myNumberPhysical))) {
                return failed("the My Number file does not match the integrity record");
            }
            if (basicFourTlv != null && !MessageDigest.isEqual(items.get(1).value(), sha.digest(basicFourCovered(basicFourTlv)))) {
                return failed("the basic four information does not match the integrity record");
            }
            String read = myNumberPhysical != null && basicFourTlv != null ? "" : myNumberPhysical != null
                    ? " (for the My Number, the file read)" : " (for the basic four information, the file read)";
            return new Authenticity(Authenticity.Status.GENUINE, "integrity record and issuer certificate verified" + read);
        } catch (CardDataException e) {
            return failed("an authenticity file is malformed: " + e.getMessage());
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed("the signatures could not be checked: " + e.getClass().getSimpleName());
        }
    }

    private static Authenticity failed(String why) {
        return new Authenticity(Authenticity.Status.FAILED, why);
    }

    /** The basic four element's value after the DF21 offset table. */
    private static byte[] basicFourCovered(byte[] tlv) throws CardDataException {
        BerTlv outer = BerTlv.parse(tlv, 0);
        byte[] v = outer.value();
        BerTlv first = BerTlv.parse(v, 0);
        if (first.tag() != 0xDF21) {
            throw new CardDataException("the basic four file does not start with its offset table");
        }
        return Arrays.copyOfRange(v, first.encodedLength(), v.length);
    }
}
