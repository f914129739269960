package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.revocation.CrlSource;
import io.github.mynacard.revocation.RevocationEvidence;
import io.github.mynacard.revocation.RevocationSource;
import io.github.mynacard.revocation.RevocationStatus;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * {@code --revocation emulator}: the emulated card's back office, asked without the network. Each
 * check reads the card's state file again (another process may have revoked a certificate since)
 * and asks the CRL its back office issues now for the certificate's issuer: the signing CA, the
 * authentication CA or the time-stamping authority's root. The CRL is then checked like any other
 * (signature, issuer, freshness), so this source is as strict as {@code crl:URL} of
 * {@code emulator services}.
 */
final class EmulatorRevocationSource implements RevocationSource {

    private final Path stateFile;

    EmulatorRevocationSource(Path stateFile) {
        this.stateFile = stateFile;
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        byte[] crl;
        try (MynaCardEmulator card = MynaCardEmulator.load(stateFile)) {
            JpkiBackOffice office = JpkiBackOffice.of(card);
            if (issuer.equals(office.certificateAuthority(JpkiKey.SIGNING))) {
                crl = office.crl(JpkiKey.SIGNING);
            } else if (issuer.equals(office.certificateAuthority(JpkiKey.AUTHENTICATION))) {
                crl = office.crl(JpkiKey.AUTHENTICATION);
            } else if (issuer.equals(office.tsaRoot())) {
                crl = office.tsaCrl();
            } else {
                return RevocationStatus.unknown("the emulated back office does not issue certificates under "
                        + issuer.getSubjectX500Principal().getName());
            }
        } catch (Exception e) {
            return RevocationStatus.unknown("the emulated card " + stateFile + " could not be read: " + e.getMessage());
        }
        return CrlSource.fromEvidence(List.of(new RevocationEvidence(RevocationEvidence.Kind.CRL, crl, describe())))
                .check(certificate, issuer);
    }

    @Override
    public String describe() {
        return "the emulated back office of " + stateFile;
    }
}
