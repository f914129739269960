package io.github.mynacard.cert;

import io.github.mynacard.CardDataException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The URLs a certificate names in its CRL distribution points extension (RFC 5280, 4.2.1.13). The
 * JDK has no public reader for it; this one walks the extension with the library's small DER
 * reader. Only distribution points that name a full URI and carry neither {@code reasons} nor a
 * {@code cRLIssuer} are returned (a partial or indirect CRL would need more than a URL to judge).
 */
public final class CrlDistributionPoints {

    private static final String OID = "2.5.29.31";
    private static final int CONTEXT_0_CONSTRUCTED = 0xA0;
    private static final int URI_TAG = 0x86;
    private static final int OCTET_STRING = 0x04;

    private CrlDistributionPoints() {
    }

    /**
     * @param certificate a certificate
     * @return the URIs of its full-scope distribution points, in order; empty when it has none
     * @throws IllegalArgumentException when the extension is present but not well-formed DER
     */
    public static List<URI> of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        byte[] ext = certificate.getExtensionValue(OID);
        if (ext == null) {
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        try {
            Der outer = new Der(ext);
            Der points = outer.expect(OCTET_STRING, "the extension's OCTET STRING").contents()
                    .expect(Der.SEQUENCE, "CRLDistributionPoints").contents();
            while (points.hasMore()) {
                Der point = points.expect(Der.SEQUENCE, "a DistributionPoint").contents();
                List<URI> names = new ArrayList<>();
                boolean restricted = false;
                while (point.hasMore()) {
                    Der.Tlv field = point.next();
                    if (field.tag() == CONTEXT_0_CONSTRUCTED) {
                        Der name = field.contents();
                        Der.Tlv choice = name.next();
                        if (choice.tag() == CONTEXT_0_CONSTRUCTED) {
                            Der general = choice.contents();
                            while (general.hasMore()) {
                                Der.Tlv g = general.next();
                                if (g.tag() == URI_TAG) {
                                    uri(new String(g.value(), StandardCharsets.US_ASCII), names);
                                }
                            }
                        }
                    } else {
                        restricted = true;
                    }
                }
                if (!restricted) {
                    out.addAll(names);
                }
            }
        } catch (CardDataException e) {
            throw new IllegalArgumentException("the certificate's CRL distribution points are not well-formed: " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    private static void uri(String s, List<URI> names) {
        try {
            names.add(new URI(s));
        } catch (URISyntaxException e) {
            // not a URI a fetcher could use: skipped
        }
    }
}
