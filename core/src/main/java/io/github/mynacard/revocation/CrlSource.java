package io.github.mynacard.revocation;

import io.github.mynacard.cert.CrlDistributionPoints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers from X.509 CRLs: files read when the source is built, URLs fetched when first needed,
 * the certificate's own distribution points, or CRLs already in hand (a signature's embedded
 * evidence). The JDK's {@link CertificateFactory} parses them.
 *
 * <p>A CRL answers for a certificate only when all of these hold; otherwise the answer is
 * unknown and says which failed:
 * <ul>
 * <li>its issuer name equals the certificate's issuer name (indirect CRLs are not read);</li>
 * <li>its signature verifies with the issuer certificate's key;</li>
 * <li>it has no critical extension (a delta CRL indicator or an issuing distribution point
 *     restricts what it covers, and is not read), and the certificate's entry has none either;</li>
 * <li>it is fresh: {@code thisUpdate} is not later than now (five minutes of clock skew allowed)
 *     and {@code nextUpdate} is present and not passed; judged at the source's clock, or for
 *     {@link #asOf} at the given moment, where a CRL issued after it is acceptable too.</li>
 * </ul>
 * Then an entry for the certificate's serial number is {@link RevocationStatus.Status#REVOKED}
 * with its revocation date and reason code (unspecified when it has none), and no entry is
 * {@link RevocationStatus.Status#GOOD}. The evidence is the CRL's DER.
 *
 * <p>Fetched CRLs are kept, by URL, until their {@code nextUpdate} (at most {@value #CACHE_SIZE}
 * URLs). Never throws from {@link #check}; thread-safe.
 */
public final class CrlSource implements RevocationSource {

    /** How many fetched CRLs are kept. */
    static final int CACHE_SIZE = 32;
    private static final Duration SKEW = Duration.ofMinutes(5);

    /** A parsed CRL and where it came from. */
    private record Crl(X509CRL crl, byte[] der, String source) {
    }

    private enum Mode { STATIC, URLS, POINTERS }

    private final Mode mode;
    private final List<Crl> crls;
    private final List<URI> urls;
    private final HttpSettings http;
    private final Clock clock;
    private final Instant asOf;
    private final String description;
    private final Map<URI, Crl> cache;

    private CrlSource(Mode mode, List<Crl> crls, List<URI> urls, HttpSettings http, Clock clock, Instant asOf,
            String description, Map<URI, Crl> cache) {
        this.mode = mode;
        this.crls = crls;
        this.urls = urls;
        this.http = http;
        this.clock = clock;
        this.asOf = asOf;
        this.description = description;
        this.cache = cache;
    }

    private static Map<URI, Crl> newCache() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<URI, Crl> eldest) {
                return size() > CACHE_SIZE;
            }
        };
    }

    /**
     * CRLs read from files now, so that a bad file is found before anything else happens.
     *
     * @param files DER or PEM CRL files
     * @return the source, judging freshness at the system clock
     * @throws IOException when a file cannot be read or is not a CRL (the message names the file)
     */
    public static CrlSource fromFiles(List<Path> files) throws IOException {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no CRL files given");
        }
        List<Crl> out = new ArrayList<>();
        for (Path f : files) {
            String name = String.valueOf(f.getFileName());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new IOException("cannot read the CRL file " + name + ": " + e.getMessage(), e);
            }
            try {
                out.add(parse(bytes, "CRL file " + name));
            } catch (CRLException e) {
                throw new IOException("the file " + name + " is not an X.509 CRL: " + e.getMessage(), e);
            }
        }
        return new CrlSource(Mode.STATIC, List.copyOf(out), List.of(), null, Clock.systemUTC(), null,
                "CRL file" + (files.size() == 1 ? " " : "s ") + names(out), null);
    }

    /**
     * CRLs given as bytes, judged at the system clock.
     *
     * @param evidence CRLs ({@link RevocationEvidence.Kind#CRL}; other kinds are refused)
     * @return the source
     * @throws IllegalArgumentException when an item is not a CRL (the message names its source)
     */
    public static CrlSource fromEvidence(List<RevocationEvidence> evidence) {
        return new CrlSource(Mode.STATIC, parseAll(evidence), List.of(), null, Clock.systemUTC(), null,
                "CRLs " + evidence.stream().map(RevocationEvidence::source).toList(), null);
    }

    /**
     * CRLs carried inside a signature, judged as of a past moment such as the signature's trusted
     * time: a CRL whose {@code nextUpdate} is before {@code at} was already stale then and
     * answers unknown; one issued at or after {@code at} is acceptable evidence (a certificate
     * it does not list was not revoked at {@code at}; one it lists carries its revocation time, see
     * {@link RevocationStatus#revokedAt}).
     *
     * @param evidence CRLs ({@link RevocationEvidence.Kind#CRL})
     * @param at the moment the answer is about
     * @return the source; it never touches the network
     * @throws IllegalArgumentException when an item is not a CRL
     */
    public static CrlSource asOf(List<RevocationEvidence> evidence, Instant at) {
        Objects.requireNonNull(at, "at");
        return new CrlSource(Mode.STATIC, parseAll(evidence), List.of(), null, Clock.systemUTC(), at,
                "embedded CRLs " + evidence.stream().map(RevocationEvidence::source).toList(), null);
    }

    /**
     * CRLs fetched from URLs when first needed and kept until their {@code nextUpdate}.
     *
     * @param urls {@code http} or {@code https} URLs
     * @param http the timeouts and size bound
     * @return the source
     * @throws IllegalArgumentException for an empty list or a URL of another scheme
     */
    public static CrlSource fromUrls(List<URI> urls, HttpSettings http) {
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(http, "http");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no CRL URLs given");
        }
        urls.forEach(HttpSettings::checkScheme);
        return new CrlSource(Mode.URLS, List.of(), List.copyOf(urls), http, Clock.systemUTC(), null,
                "CRL " + urls, newCache());
    }

    /**
     * CRLs fetched from the {@code http} URLs each certificate names in its CRL distribution points
     * (see {@link CrlDistributionPoints}); other schemes (LDAP, https) are skipped. Only a relying
     * party that chose to let certificates say where to fetch should use this.
     *
     * @param http the timeouts and size bound
     * @return the source
     */
    public static CrlSource fromCertificatePointers(HttpSettings http) {
        return new CrlSource(Mode.POINTERS, List.of(), List.of(), Objects.requireNonNull(http, "http"),
                Clock.systemUTC(), null, "CRL distribution points of the certificate", newCache());
    }

    /**
     * @param c the clock freshness is judged at (and the cache expires by)
     * @return a copy with that clock (sharing the cache)
     */
    public CrlSource withClock(Clock c) {
        return new CrlSource(mode, crls, urls, http, Objects.requireNonNull(c, "clock"), asOf, description, cache);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "CrlSource[" + description + "]";
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        try {
            return switch (mode) {
                case STATIC -> answer(crls, certificate, issuer, List.of());
                case URLS -> fetchAndAnswer(urls, certificate, issuer);
                case POINTERS -> pointers(certificate, issuer);
            };
        } catch (RuntimeException e) {
            return RevocationStatus.unknown(description + ": the check failed: " + e.getMessage());
        }
    }

    private RevocationStatus pointers(X509Certificate certificate, X509Certificate issuer) {
        List<URI> http = new ArrayList<>();
        try {
            for (URI u : CrlDistributionPoints.of(certificate)) {
                if ("http".equals(u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT)) && u.getHost() != null) {
                    http.add(u);
                }
            }
        } catch (IllegalArgumentException e) {
            return RevocationStatus.unknown(e.getMessage());
        }
        if (http.isEmpty()) {
            return RevocationStatus.unknown("the certificate names no http CRL distribution point");
        }
        return fetchAndAnswer(http, certificate, issuer);
    }

    private RevocationStatus fetchAndAnswer(List<URI> from, X509Certificate certificate, X509Certificate issuer) {
        List<Crl> got = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (URI u : from) {
            Crl c = cached(u);
            if (c == null) {
                try {
                    c = parse(http.get(u), "CRL " + u);
                } catch (IOException e) {
                    failures.add("could not fetch " + u + ": " + e.getMessage());
                    continue;
                } catch (CRLException e) {
                    failures.add(u + " did not answer a CRL");
                    continue;
                }
                keep(u, c);
            }
            got.add(c);
        }
        return answer(got, certificate, issuer, failures);
    }

    private Crl cached(URI u) {
        synchronized (cache) {
            Crl c = cache.get(u);
            if (c != null && !clock.instant().isBefore(c.crl().getNextUpdate().toInstant())) {
                cache.remove(u);
                return null;
            }
            return c;
        }
    }

    private void keep(URI u, Crl c) {
        if (c.crl().getNextUpdate() != null && clock.instant().isBefore(c.crl().getNextUpdate().toInstant())) {
            synchronized (cache) {
                cache.put(u, c);
            }
        }
    }

    /** The first definite answer among the CRLs, else unknown with every reason. */
    private RevocationStatus answer(List<Crl> from, X509Certificate certificate, X509Certificate issuer, List<String> failures) {
        List<String> why = new ArrayList<>(failures);
        for (Crl c : from) {
            RevocationStatus s = judge(c, certificate, issuer);
            if (s.status() != RevocationStatus.Status.UNKNOWN) {
                return s;
            }
            why.add(s.detail());
        }
        if (why.isEmpty()) {
            why.add("no CRL");
        }
        return RevocationStatus.unknown(String.join("; ", why));
    }

    private RevocationStatus judge(Crl c, X509Certificate certificate, X509Certificate issuer) {
        X509CRL crl = c.crl();
        if (!crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
            return RevocationStatus.unknown(c.source() + " is issued by " + crl.getIssuerX500Principal().getName()
                    + ", not by the certificate's issuer");
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            return RevocationStatus.unknown(c.source() + ": its signature does not verify with the issuer's key");
        }
        Set<String> critical = crl.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            return RevocationStatus.unknown(c.source() + " has critical extensions this library does not read " + critical
                    + " (a delta CRL or an issuing distribution point)");
        }
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        Instant at = asOf != null ? asOf : clock.instant();
        if (asOf == null && thisUpdate.isAfter(at.plus(SKEW))) {
            return RevocationStatus.unknown(c.source() + " was issued in the future (" + thisUpdate + ")");
        }
        if (nextUpdate == null) {
            return RevocationStatus.unknown(c.source() + " has no nextUpdate, so its freshness cannot be judged");
        }
        if (at.isAfter(nextUpdate)) {
            return RevocationStatus.unknown(c.source() + " is stale: its next update was due at " + nextUpdate
                    + (asOf != null ? ", before " + asOf : ""));
        }
        RevocationEvidence ev = new RevocationEvidence(RevocationEvidence.Kind.CRL, c.der(), c.source());
        X509CRLEntry entry = crl.getRevokedCertificate(certificate);
        if (entry == null) {
            return RevocationStatus.good(c.source() + " (issued " + thisUpdate + ") does not list the certificate", ev,
                    thisUpdate, nextUpdate);
        }
        Set<String> entryCritical = entry.getCriticalExtensionOIDs();
        if (entryCritical != null && !entryCritical.isEmpty()) {
            return RevocationStatus.unknown(c.source() + ": the certificate's entry has critical extensions " + entryCritical);
        }
        CRLReason r = entry.getRevocationReason();
        RevocationReason reason = r == null ? RevocationReason.UNSPECIFIED : reasonOf(r);
        if (reason == null || reason == RevocationReason.REMOVE_FROM_CRL) {
            return RevocationStatus.unknown(c.source() + ": the certificate's entry has a reason a full CRL does not use");
        }
        Instant when = entry.getRevocationDate().toInstant();
        return RevocationStatus.revoked(when, reason, c.source() + " (issued " + thisUpdate + ") lists the certificate as revoked at "
                + when + ", " + reason.label(), ev, thisUpdate, nextUpdate);
    }

    private static RevocationReason reasonOf(CRLReason r) {
        try {
            return RevocationReason.ofCode(r.ordinal());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<Crl> parseAll(List<RevocationEvidence> evidence) {
        Objects.requireNonNull(evidence, "evidence");
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("no CRLs given");
        }
        List<Crl> out = new ArrayList<>();
        for (RevocationEvidence e : evidence) {
            if (e.kind() != RevocationEvidence.Kind.CRL) {
                throw new IllegalArgumentException(e.source() + " is not a CRL but " + e.kind());
            }
            try {
                out.add(parse(e.der(), e.source()));
            } catch (CRLException x) {
                throw new IllegalArgumentException(e.source() + " is not an X.509 CRL: " + x.getMessage(), x);
            }
        }
        return List.copyOf(out);
    }

    private static Crl parse(byte[] bytes, String source) throws CRLException {
        try {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
            if (crl == null) {
                throw new CRLException("no CRL in the data");
            }
            return new Crl(crl, crl.getEncoded(), source);
        } catch (CertificateException e) {
            throw new CRLException("no X.509 factory", e);
        } catch (RuntimeException e) {
            throw new CRLException("malformed CRL", e);
        }
    }

    private static String names(List<Crl> crls) {
        return String.join(", ", crls.stream().map(c -> c.source().substring("CRL file ".length())).toList());
    }
}
