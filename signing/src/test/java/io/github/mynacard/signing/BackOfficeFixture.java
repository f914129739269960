package io.github.mynacard.signing;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.BackOfficeServer;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.revocation.CrlSource;
import io.github.mynacard.revocation.HttpSettings;
import io.github.mynacard.revocation.RevocationChecker;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** An emulated card and its back office (CRLs, OCSP, time-stamps) on loopback. */
final class BackOfficeFixture implements AutoCloseable {

    static final Duration TSA_TIMEOUT = Duration.ofSeconds(2);

    final CardFixture card;
    final JpkiBackOffice office;
    final BackOfficeServer server;

    BackOfficeFixture() throws Exception {
        card = new CardFixture();
        office = JpkiBackOffice.of(card.emulator);
        server = BackOfficeServer.start(office, 0);
    }

    HttpSettings http() {
        return HttpSettings.defaults().withConnectTimeout(Duration.ofSeconds(2)).withRequestTimeout(Duration.ofSeconds(3));
    }

    TsaClient tsa() {
        return TsaClient.of(server.tsaUrl()).withTimeout(TSA_TIMEOUT).withTrustAnchors(List.of(office.tsaRoot()));
    }

    OcspSource ocsp() {
        return OcspSource.of(server.ocspUrl(), http());
    }

    /** OCSP first, then the signing CA's and the authority's CRLs. */
    RevocationChecker checker() {
        return RevocationChecker.of(ocsp(), CrlSource.fromUrls(List.of(server.crlUrl(JpkiKey.SIGNING), server.tsaCrlUrl()), http()));
    }

    X509Certificate ca() {
        return office.certificateAuthority(JpkiKey.SIGNING);
    }

    List<X509Certificate> anchors() {
        return List.of(ca(), office.tsaRoot());
    }

    CmsSigner.Builder cms() throws Exception {
        return CmsSigner.builder(card.signingKey(), card.signingCertificate()).provider(card.provider).addCertificate(ca());
    }

    PdfSigner.Builder pdf() throws Exception {
        return PdfSigner.builder(card.signingKey(), card.signingCertificate()).provider(card.provider).caCertificate(ca());
    }

    @Override
    public void close() throws Exception {
        server.close();
        card.close();
    }
}
