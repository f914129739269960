package io.github.mynacard.signing;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.security.cert.X509Certificate;
import java.util.List;

/** EU DSS, offline: trusted roots only, no online certificate, CRL or OCSP fetching; the default policy. */
public final class DssValidation {

    private DssValidation() {
    }

    /**
     * @param signed the signature or the signed PDF
     * @param detachedContent the signed content of a detached signature, or null
     * @param roots the only trust anchors
     * @return DSS's reports
     * @throws Exception when DSS cannot read it
     */
    public static Reports validate(byte[] signed, byte[] detachedContent, List<X509Certificate> roots) throws Exception {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        for (X509Certificate r : roots) {
            trusted.addCertificate(new CertificateToken(r));
        }
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setAIASource(null);
        verifier.setCrlSource(null);
        verifier.setOcspSource(null);
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed));
        validator.setCertificateVerifier(verifier);
        if (detachedContent != null) {
            List<DSSDocument> detached = List.of(new InMemoryDocument(detachedContent));
            validator.setDetachedContents(detached);
        }
        return validator.validateDocument();
    }

}
