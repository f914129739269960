package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The emulated back office's own certificates, made from the fixed test keys with fixed names,
 * serials and dates (cached per JVM), so they are the same bytes in every process and run: the
 * two delegated OCSP responders (issued by the test CA roots: keyUsage digitalSignature, extended
 * key usage id-kp-OCSPSigning, id-pkix-ocsp-nocheck), the test TSA's self-signed root, and the
 * TSA's certificate (issued by that root: keyUsage digitalSignature and extended key usage
 * timeStamping, both critical; a CRL distribution point of the root's CRL and an OCSP URI on
 * loopback at {@link BackOfficeServer#DEFAULT_PORT}).
 */
final class BackOfficeCertificates {

    private static final Map<String, X509Certificate> CACHE = new ConcurrentHashMap<>();

    private BackOfficeCertificates() {
    }

    private static Date start() {
        return Date.from(ZonedDateTime.of(LocalDate.of(2023, 7, 16), LocalTime.MIDNIGHT, CardCertificates.JST).toInstant());
    }

    private static Date end(int year) {
        return Date.from(ZonedDateTime.of(LocalDate.of(year, 7, 15), LocalTime.of(23, 59, 59), CardCertificates.JST).toInstant());
    }

    /** @return the delegated OCSP responder certificate of a hierarchy's CA */
    static X509Certificate responder(JpkiKey hierarchy) {
        boolean signing = hierarchy == JpkiKey.SIGNING;
        return CACHE.computeIfAbsent(signing ? "sign-ocsp" : "auth-ocsp", k -> {
            X509Certificate ca = signing ? CardCertificates.signRoot() : CardCertificates.authRoot();
            KeyPair caKey = TestKeys.get(signing ? TestKeys.SIGN_CA : TestKeys.AUTH_CA);
            KeyPair key = TestKeys.get(signing ? TestKeys.SIGN_OCSP : TestKeys.AUTH_OCSP);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "JP")
                    .addRDN(BCStyle.O, "JPKI")
                    .addRDN(BCStyle.OU, signing ? "JPKI for digital signature" : "JPKI for user authentication")
                    .addRDN(BCStyle.OU, "mynacard test OCSP responder")
                    .build();
            return build(ca, caKey, subject, key, signing ? 102 : 101, end(2033), b -> b
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning))
                    .addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE));
        });
    }

    /** @return the test TSA's self-signed root */
    static X509Certificate tsaRoot() {
        return CACHE.computeIfAbsent("tsa-root", k -> {
            KeyPair key = TestKeys.get(TestKeys.TSA_ROOT);
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "JP")
                    .addRDN(BCStyle.O, "mynacard")
                    .addRDN(BCStyle.OU, "mynacard test TSA root")
                    .build();
            try {
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(201), start(), end(2043), name,
                        key.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                        .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
                return CardCertificates.sign(b, key);
            } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
                throw new IllegalStateException("could not build the test TSA root", e);
            }
        });
    }

    /** @return the test TSA's certificate, issued by {@link #tsaRoot()} */
    static X509Certificate tsa() {
        return CACHE.computeIfAbsent("tsa", k -> {
            KeyPair key = TestKeys.get(TestKeys.TSA);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "JP")
                    .addRDN(BCStyle.O, "mynacard")
                    .addRDN(BCStyle.CN, "mynacard test TSA")
                    .build();
            CRLDistPoint dp = new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, BackOfficeServer.TSA_CRL_URL))),
                    null, null)});
            return build(tsaRoot(), TestKeys.get(TestKeys.TSA_ROOT), subject, key, 202, end(2033), b -> b
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                    .addExtension(Extension.cRLDistributionPoints, false, dp)
                    .addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(AccessDescription.id_ad_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, BackOfficeServer.OCSP_URL))));
        });
    }

    @FunctionalInterface
    private interface Extensions {
        X509v3CertificateBuilder add(X509v3CertificateBuilder b) throws java.io.IOException;
    }

    private static X509Certificate build(X509Certificate issuer, KeyPair issuerKey, X500Name subject, KeyPair key, long serial,
            Date to, Extensions extensions) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial), start(), to, subject,
                    key.getPublic())
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            return CardCertificates.sign(extensions.add(b), issuerKey);
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not build a back-office certificate", e);
        }
    }
}
