package io.github.mynacard.mock;

import io.github.mynacard.Sex;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds the emulator's test CA roots (cached per JVM; the same for every card, as the J-LIS test
 * hierarchy is) and a card's two holder certificates: issued on the issue date, valid until the
 * holder's fifth birthday after it or the card's expiry if that comes first; serial numbers and the
 * authentication certificate's subject CN (an opaque identifier) from the card's seed. The serials
 * are 64-bit: the authentication certificate's below 2^63 with a nonzero first byte, the signing
 * certificate's at or above 2^63, so every card's certificates have the same DER length (the
 * library's recorded APDU traces depend on it).
 *
 * <p>Revocation pointers. Public sources on real JPKI holder certificates: J-LIS publishes its
 * CRLs to registered verifiers only; its notice on publishing revocation lists (官報, 2026-02-27)
 * says a CRL is published by the protocol the certificate's CRL Distribution Points name, HTTP or
 * LDAP v3; verification services' public mocks of JPKI signing certificates show a distribution
 * point that is a directory name per municipality under {@code OU=CRL Distribution Points} of the
 * hierarchy (e.g. {@code CN=<city> CRLDP, OU=<prefecture>, OU=CRL Distribution Points,
 * OU=<hierarchy>, O=..., C=JP}), and no URI a relying party could fetch; OCSP is offered to
 * registered platform operators, and no public dump shows an authorityInfoAccess OCSP URI. The
 * emulated certificates carry a directory name of that shape (prefecture = the first two digits of
 * the municipality code) and, for the same CRL, an HTTP URI of the emulated back office on
 * loopback; and an authorityInfoAccess OCSP URI on the same port ({@link BackOfficeServer}).
 */
final class CardCertificates {

    /** Arc of the signing certificate's subjectAltName otherNames. */
    static final String SAN_ARC = "1.2.392.200149.8.5.5";
    static final ZoneId JST = ZoneOffset.ofHours(9);

    private static final Map<Boolean, X509Certificate> ROOTS = new ConcurrentHashMap<>();

    private CardCertificates() {
    }

    /** @return the test root of the user-authentication hierarchy (cached) */
    static X509Certificate authRoot() {
        return ROOTS.computeIfAbsent(Boolean.TRUE, k -> root(TestKeys.get(TestKeys.AUTH_CA), "JPKI for user authentication", 1));
    }

    /** @return the test root of the digital-signature hierarchy (cached) */
    static X509Certificate signRoot() {
        return ROOTS.computeIfAbsent(Boolean.FALSE, k -> root(TestKeys.get(TestKeys.SIGN_CA), "JPKI for digital signature", 2));
    }

    static X500Name caName(String ou) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "JP")
                .addRDN(BCStyle.O, "JPKI")
                .addRDN(BCStyle.OU, ou)
                .addRDN(BCStyle.OU, "mynacard test CA")
                .build();
    }

    private static X509Certificate root(KeyPair ca, String ou, long serial) {
        try {
            X500Name name = caName(ou);
            Date from = Date.from(ZonedDateTime.of(LocalDate.of(2023, 7, 16), LocalTime.MIDNIGHT, JST).toInstant());
            Date to = Date.from(ZonedDateTime.of(LocalDate.of(2033, 7, 15), LocalTime.of(23, 59, 59), JST).toInstant());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial), from, to, name, ca.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
            return sign(b, ca);
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not build a test CA root", e);
        }
    }

    static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer)
            throws OperatorCreationException, CertificateException, java.io.IOException {
        byte[] der = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())).getEncoded();
        return parse(der);
    }

    static X509Certificate parse(byte[] der) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    }

    /**
     * The holder data a signing certificate carries, and the municipality (5 digits) whose CRL
     * distribution point the holder certificates name.
     */
    record Holder(String name, String address, LocalDate birthDate, Sex sex, String municipalityCode) {
    }

    /**
     * The card's default expiry date: the holder's tenth birthday after the issue date, or the
     * fifth when the holder is under 18 on the issue date (a card lasts until the 10th birthday,
     * the 5th for minors). Counted as {@link #notAfter}.
     */
    static LocalDate cardExpiry(LocalDate issued, LocalDate birthDate) {
        boolean minor = birthDate.plusYears(18).isAfter(issued);
        return nthBirthdayAfter(issued, birthDate, minor ? 5 : 10);
    }

    private static LocalDate nthBirthdayAfter(LocalDate issued, LocalDate birthDate, int n) {
        LocalDate thisYear = birthDate.withYear(issued.getYear());
        LocalDate firstAfter = thisYear.isAfter(issued) ? thisYear : birthDate.withYear(issued.getYear() + 1);
        return birthDate.withYear(firstAfter.getYear() + n - 1);
    }

    /**
     * The last day of validity: the holder's fifth birthday after the issue date, 23:59:59 JST.
     * A birthday later in the year than the issue day falls in issue year + 4, an earlier one (or
     * the issue day itself) in issue year + 5. A 29 February birthday becomes 28 February in a
     * common year.
     */
    static ZonedDateTime notAfter(LocalDate issued, LocalDate birthDate) {
        return ZonedDateTime.of(nthBirthdayAfter(issued, birthDate, 5), LocalTime.of(23, 59, 59), JST);
    }

    /**
     * A holder certificate.
     *
     * @param signing the signing certificate (else the authentication certificate)
     * @param holderKey the certified key
     * @param issued the first day of validity
     * @param cardExpiry the card's expiry date, the last day of validity at the latest
     * @param holder the holder data the signing certificate carries
     * @param seed the card's seed stream for this certificate (serial, subject CN)
     * @return the certificate
     */
    static X509Certificate endEntity(boolean signing, PublicKey holderKey, LocalDate issued, LocalDate cardExpiry, Holder holder,
            SeedStream seed) {
        if (issued.isAfter(cardExpiry)) {
            throw new IllegalArgumentException("the card has expired: no certificate can be issued for it");
        }
        KeyPair ca = TestKeys.get(signing ? TestKeys.SIGN_CA : TestKeys.AUTH_CA);
        X509Certificate caCert = signing ? signRoot() : authRoot();
        try {
            String opaque = HexFormat.of().withUpperCase().formatHex(seed.nextBytes(12));
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "JP").addRDN(BCStyle.CN, opaque).build();
            byte[] s = seed.nextBytes(8);
            s[0] = signing ? (byte) (s[0] | 0x80) : (byte) Math.max(1, s[0] & 0x7F);
            BigInteger serial = new BigInteger(1, s);
            Date from = Date.from(ZonedDateTime.of(issued, LocalTime.MIDNIGHT, JST).toInstant());
            ZonedDateTime end = notAfter(issued, holder.birthDate());
            ZonedDateTime cardEnd = ZonedDateTime.of(cardExpiry, LocalTime.of(23, 59, 59), JST);
            Date to = Date.from((cardEnd.isBefore(end) ? cardEnd : end).toInstant());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name jpkiService = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "JP").addRDN(BCStyle.O, new DERUTF8String("公的個人認証サービス")).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial, from, to, subject, holderKey)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(signing
                            ? KeyUsage.digitalSignature | KeyUsage.nonRepudiation : KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(holderKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert.getPublicKey()))
                    .addExtension(Extension.issuerAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.directoryName, jpkiService)));
            if (signing) {
                b.addExtension(Extension.subjectAlternativeName, false, signingSan(holder));
            }
            b.addExtension(Extension.cRLDistributionPoints, false, distributionPoint(signing, holder.municipalityCode()));
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, BackOfficeServer.OCSP_URL)));
            return sign(b, ca);
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not build a holder certificate", e);
        }
    }

    /**
     * The holder certificates' CRL distribution point: one point with two names for the same CRL,
     * a directory name shaped like JPKI's ({@code C=JP, O=JPKI, OU=<hierarchy>, OU=CRL Distribution
     * Points, OU=<prefecture code>, CN=<municipality code> CRLDP}: 5 digits, so every card's
     * certificate keeps one length) and an HTTP URI of the emulated back office on loopback at
     * {@link BackOfficeServer#DEFAULT_PORT}.
     */
    static CRLDistPoint distributionPoint(boolean signing, String municipalityCode) {
        X500Name dir = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "JP")
                .addRDN(BCStyle.O, "JPKI")
                .addRDN(BCStyle.OU, signing ? "JPKI for digital signature" : "JPKI for user authentication")
                .addRDN(BCStyle.OU, "CRL Distribution Points")
                .addRDN(BCStyle.OU, municipalityCode.substring(0, 2))
                .addRDN(BCStyle.CN, municipalityCode + " CRLDP")
                .build();
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.directoryName, dir),
            new GeneralName(GeneralName.uniformResourceIdentifier,
                    signing ? BackOfficeServer.SIGNING_CRL_URL : BackOfficeServer.AUTHENTICATION_CRL_URL),
        });
        return new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(names), null, null)});
    }

    private static GeneralNames signingSan(Holder h) {
        String name = h.name();
        String address = h.address();
        return new GeneralNames(new GeneralName[] {
            otherName(1, name),
            otherName(2, "0".repeat(name.codePointCount(0, name.length()))),
            otherName(3, String.valueOf(h.sex().code())),
            otherName(4, eraCode(h.birthDate()) + h.birthDate().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)),
            otherName(5, address),
            otherName(6, "0".repeat(address.codePointCount(0, address.length()))),
        });
    }

    private static GeneralName otherName(int arc, String value) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1ObjectIdentifier(SAN_ARC + "." + arc));
        v.add(new DERTaggedObject(true, 0, new DERUTF8String(value)));
        return new GeneralName(GeneralName.otherName, new DERSequence(v));
    }

    /** The era digit of a Gregorian date: 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和. */
    static char eraCode(LocalDate d) {
        if (!d.isBefore(LocalDate.of(2019, 5, 1))) {
            return '5';
        }
        if (!d.isBefore(LocalDate.of(1989, 1, 8))) {
            return '4';
        }
        if (!d.isBefore(LocalDate.of(1926, 12, 25))) {
            return '3';
        }
        if (!d.isBefore(LocalDate.of(1912, 7, 30))) {
            return '2';
        }
        return '1';
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
