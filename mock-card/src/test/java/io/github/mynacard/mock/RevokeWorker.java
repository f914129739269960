package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.revocation.RevocationReason;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Run as a separate JVM by {@link BackOfficeServerTest}: revokes one certificate of the card in a
 * state file (arguments: file, key name, reason label) and prints {@code REVOKED}; or, with
 * {@code --print-fingerprints}, prints the SHA-256 of every back-office certificate.
 */
final class RevokeWorker {

    private RevokeWorker() {
    }

    static String fingerprints() throws Exception {
        JpkiBackOffice o = JpkiBackOffice.of(MynaCardEmulator.builder().seed(1L).build());
        StringBuilder s = new StringBuilder();
        for (X509Certificate c : new X509Certificate[] {o.certificateAuthority(JpkiKey.SIGNING),
            o.certificateAuthority(JpkiKey.AUTHENTICATION), o.ocspResponder(JpkiKey.SIGNING), o.ocspResponder(JpkiKey.AUTHENTICATION),
            o.tsaRoot(), o.tsaCertificate()}) {
            s.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()))).append(' ');
        }
        return s.toString().strip();
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--print-fingerprints")) {
            System.out.println(fingerprints());
            return;
        }
        MynaCardEmulator card = MynaCardEmulator.load(Path.of(args[0]));
        card.revoke(JpkiKey.valueOf(args[1]), RevocationReason.ofLabel(args[2]));
        System.out.println("REVOKED");
    }
}
