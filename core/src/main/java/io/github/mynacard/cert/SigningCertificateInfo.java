package io.github.mynacard.cert;

import io.github.mynacard.CardDataException;
import io.github.mynacard.Sex;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The holder's basic four information (基本4情報) as the JPKI signing certificate carries it: the
 * subjectAltName {@code otherName} entries under {@code 1.2.392.200149.8.5.5}.
 *
 * <table>
 *   <caption>otherName values</caption>
 *   <tr><th>OID</th><th>Content</th></tr>
 *   <tr><td>.1</td><td>氏名, name (characters outside JIS levels 1/2 replaced)</td></tr>
 *   <tr><td>.2</td><td>氏名代替文字の使用位置情報: one {@code 0}/{@code 1} flag per character of the name</td></tr>
 *   <tr><td>.3</td><td>性別, sex: one JIS X 0303 digit</td></tr>
 *   <tr><td>.4</td><td>生年月日 as {@code EYYYYMMDD}: era code E (0 unknown, 1 明治, 2 大正, 3 昭和,
 *       4 平成, 5 令和) and the Gregorian date</td></tr>
 *   <tr><td>.5</td><td>住所, address</td></tr>
 *   <tr><td>.6</td><td>住所代替文字の使用位置情報: substitution flags of the address</td></tr>
 * </table>
 *
 * <p>This is personal data: {@link #toString()} prints none of it.
 *
 * @param name the name, family and given name separated as in the certificate
 * @param nameSubstitutionFlags a string of {@code 0}/{@code 1}, {@code 1} where a substitute character was used
 * @param sex the sex
 * @param birthDate the birth date (Gregorian)
 * @param birthDateEraCode the era digit that precedes the date in the certificate, 0–5
 * @param address the address
 * @param addressSubstitutionFlags a string of {@code 0}/{@code 1} for the address
 */
public record SigningCertificateInfo(String name, String nameSubstitutionFlags, Sex sex, LocalDate birthDate,
        int birthDateEraCode, String address, String addressSubstitutionFlags) {

    /** The OID arc of the otherName entries. */
    public static final String ARC = "1.2.392.200149.8.5.5";

    /**
     * @param name the name
     * @param nameSubstitutionFlags the name's flags
     * @param sex the sex
     * @param birthDate the birth date
     * @param birthDateEraCode the era digit, 0–5
     * @param address the address
     * @param addressSubstitutionFlags the address's flags
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the era code is not 0–5
     */
    public SigningCertificateInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nameSubstitutionFlags, "nameSubstitutionFlags");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(addressSubstitutionFlags, "addressSubstitutionFlags");
        if (birthDateEraCode < 0 || birthDateEraCode > 5) {
            throw new IllegalArgumentException("era code must be 0 to 5");
        }
    }

    /**
     * Reads the holder data from a JPKI signing certificate. The otherName values are decoded here
     * with a small DER reader; each must be a UTF8String (PrintableString and IA5String are also
     * accepted) inside the explicit {@code [0]}.
     *
     * @param certificate the signing certificate (from {@code MynaCard.readSigningCertificate})
     * @return the holder data
     * @throws CardDataException when the certificate has no subjectAltName, an entry is missing or
     *     repeated, or a value is malformed (the message names the entry, never its content)
     */
    public static SigningCertificateInfo parse(X509Certificate certificate) throws CardDataException {
        Objects.requireNonNull(certificate, "certificate");
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CardDataException("the subjectAltName extension does not parse", e);
        }
        if (sans == null) {
            throw new CardDataException("the certificate has no subjectAltName: not a JPKI signing certificate");
        }
        Map<Integer, String> values = new HashMap<>();
        for (List<?> entry : sans) {
            if (entry.size() < 2 || !Integer.valueOf(0).equals(entry.get(0)) || !(entry.get(1) instanceof byte[])) {
                continue;
            }
            byte[] der = (byte[]) entry.get(1);
            String[] oidAndValue = otherName(der);
            if (oidAndValue == null) {
                continue;
            }
            String oid = oidAndValue[0];
            if (!oid.startsWith(ARC + ".")) {
                continue;
            }
            int arc;
            try {
                arc = Integer.parseInt(oid.substring(ARC.length() + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (arc < 1 || arc > 6) {
                continue;
            }
            if (values.put(arc, oidAndValue[1]) != null) {
                throw new CardDataException("subjectAltName entry " + oid + " appears twice");
            }
        }
        String name = required(values, 1);
        String nameFlags = flags(required(values, 2), 2);
        String sexCode = required(values, 3);
        String birth = required(values, 4);
        String address = required(values, 5);
        String addressFlags = flags(required(values, 6), 6);
        if (sexCode.length() != 1) {
            throw new CardDataException("subjectAltName entry " + ARC + ".3 (sex) is not one digit");
        }
        Sex sex;
        try {
            sex = Sex.fromCode(sexCode.charAt(0));
        } catch (IllegalArgumentException e) {
            throw new CardDataException("subjectAltName entry " + ARC + ".3 (sex) is not a JIS X 0303 code", e);
        }
        if (birth.length() != 9 || !birth.chars().allMatch(c -> c >= '0' && c <= '9') || birth.charAt(0) > '5') {
            throw new CardDataException("subjectAltName entry " + ARC + ".4 (birth date) is not EYYYYMMDD with era code 0-5");
        }
        LocalDate birthDate;
        try {
            birthDate = LocalDate.of(Integer.parseInt(birth.substring(1, 5)), Integer.parseInt(birth.substring(5, 7)),
                    Integer.parseInt(birth.substring(7, 9)));
        } catch (DateTimeException e) {
            throw new CardDataException("subjectAltName entry " + ARC + ".4 (birth date) is not a valid date", e);
        }
        return new SigningCertificateInfo(name, nameFlags, sex, birthDate, birth.charAt(0) - '0', address, addressFlags);
    }

    /** Decodes an otherName (as the JDK returns it) into its OID and string value, or null if the value is no string. */
    private static String[] otherName(byte[] der) throws CardDataException {
        Der outer = new Der(der);
        Der.Tlv seq = outer.next();
        if (seq.tag() != Der.SEQUENCE && seq.tag() != Der.CONTEXT_0) {
            throw new CardDataException(String.format("otherName: unexpected outer tag %02X", seq.tag()));
        }
        Der body = seq.contents();
        String oid = Der.oid(body.expect(Der.OID, "the otherName type OID"));
        if (!oid.startsWith(ARC + ".")) {
            return null;
        }
        Der.Tlv value = body.expect(Der.CONTEXT_0, "the otherName [0] value");
        Der inner = value.contents();
        Der.Tlv string = inner.next();
        if (string.tag() == Der.CONTEXT_0) {
            // tolerate a doubled explicit tag
            string = string.contents().next();
        }
        try {
            return new String[] {oid, Der.string(string)};
        } catch (CardDataException e) {
            throw new CardDataException("subjectAltName entry " + oid + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<Integer, String> values, int arc) throws CardDataException {
        String v = values.get(arc);
        if (v == null || v.isEmpty()) {
            throw new CardDataException("subjectAltName entry " + ARC + "." + arc + " is missing or empty");
        }
        return v;
    }

    private static String flags(String v, int arc) throws CardDataException {
        if (!v.chars().allMatch(c -> c == '0' || c == '1')) {
            throw new CardDataException("subjectAltName entry " + ARC + "." + arc + " (substitution flags) is not a string of 0 and 1");
        }
        return v;
    }

    /** @return a description without any personal data */
    @Override
    public String toString() {
        return "SigningCertificateInfo[personal data withheld]";
    }
}
