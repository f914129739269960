package io.github.mynacard.examples.cli;

import io.github.mynacard.revocation.CrlSource;
import io.github.mynacard.revocation.HttpSettings;
import io.github.mynacard.revocation.RevocationChecker;
import io.github.mynacard.revocation.RevocationSource;
import io.github.mynacard.signing.OcspSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --revocation SOURCE} (repeatable, asked in the order given): where a command learns
 * whether a certificate was revoked. Parsed and checked (files read, URLs well formed) before a
 * card is opened or a PIN asked.
 *
 * <ul>
 *   <li>{@code off}: not checked;</li>
 *   <li>{@code embedded}: the CRLs and OCSP responses carried in the signature (verify-signature);</li>
 *   <li>{@code crl:FILE} or {@code crl:http://…}: a CRL file, or a CRL's URL;</li>
 *   <li>{@code ocsp:http://…}: an OCSP responder (RFC 6960);</li>
 *   <li>{@code pointers}: the certificate's own CRL distribution points (http only);</li>
 *   <li>{@code emulator}: the emulated card's back office, read from its state file (no network).</li>
 * </ul>
 */
public final class RevocationOptions {

    @Option(names = "--revocation", paramLabel = "SOURCE",
            description = "Where to check revocation, repeatable, asked in order: off, embedded (the signature's own data), "
                + "crl:FILE, crl:URL, ocsp:URL, pointers (the certificate's CRL distribution points), emulator (the "
                + "emulated card's back office).")
    List<String> specs = new ArrayList<>();

    /** What a source is. */
    enum Kind {
        OFF, EMBEDDED, CRL_FILE, CRL_URL, OCSP, POINTERS, EMULATOR
    }

    /**
     * One parsed source.
     *
     * @param kind what it is
     * @param file the CRL file ({@link Kind#CRL_FILE})
     * @param uri the URL ({@link Kind#CRL_URL}, {@link Kind#OCSP})
     * @param text the option as given
     */
    record Spec(Kind kind, Path file, URI uri, String text) {
    }

    /** @return whether any {@code --revocation} was given */
    boolean given() {
        return !specs.isEmpty();
    }

    /**
     * @return the sources in order
     * @throws CliException with {@link ExitCodes#BAD_INPUT} for a source that does not parse, or
     *     {@code off} beside another source
     */
    List<Spec> parsed() throws CliException {
        List<Spec> out = new ArrayList<>();
        for (String s : specs) {
            out.add(parse(s));
        }
        if (out.size() > 1 && out.stream().anyMatch(s -> s.kind() == Kind.OFF)) {
            throw CliException.badInput("--revocation off cannot stand beside another --revocation source");
        }
        return out;
    }

    /** @return whether {@code --revocation off} was given */
    boolean off() throws CliException {
        return parsed().stream().anyMatch(s -> s.kind() == Kind.OFF);
    }

    /**
     * The checker of the given sources, for a certificate checked now ({@code embedded} is left
     * to the verifier, which knows the signature's data and time).
     *
     * @param emulatedCard the emulated card's state file for {@code emulator}, or null
     * @param defaults the sources to use when none was given (e.g. the emulated card's back office)
     * @return the checker ({@link RevocationChecker#none()} for {@code off} or no source)
     * @throws CliException with {@link ExitCodes#BAD_INPUT} for a source that does not parse, a CRL
     *     file that cannot be read, or {@code emulator} without an emulated card
     */
    RevocationChecker checker(Path emulatedCard, List<Spec> defaults) throws CliException {
        List<Spec> given = parsed();
        List<Spec> use = given.isEmpty() ? defaults : given;
        List<RevocationSource> sources = new ArrayList<>();
        for (Spec s : use) {
            switch (s.kind()) {
                case OFF, EMBEDDED -> {
                    // nothing to ask now
                }
                case CRL_FILE -> {
                    try {
                        sources.add(CrlSource.fromFiles(List.of(s.file())));
                    } catch (IOException | IllegalArgumentException e) {
                        throw CliException.badInput("--revocation " + s.text() + ": " + e.getMessage());
                    }
                }
                case CRL_URL -> sources.add(CrlSource.fromUrls(List.of(s.uri()), HTTP));
                case OCSP -> sources.add(OcspSource.of(s.uri(), HTTP));
                case POINTERS -> sources.add(CrlSource.fromCertificatePointers(HTTP));
                case EMULATOR -> {
                    if (emulatedCard == null) {
                        throw CliException.badInput("--revocation emulator needs an emulated card (--card FILE), not a card in a reader");
                    }
                    sources.add(new EmulatorRevocationSource(emulatedCard));
                }
                default -> throw new IllegalStateException(s.kind().name());
            }
        }
        return RevocationChecker.of(sources);
    }

    /** Whether {@code embedded} is among the sources given (or, with none given, is the default). */
    boolean embedded(boolean byDefault) throws CliException {
        List<Spec> given = parsed();
        return given.isEmpty() ? byDefault : given.stream().anyMatch(s -> s.kind() == Kind.EMBEDDED);
    }

    /** The emulated card's back office as the source, for commands on an emulated card. */
    static final Spec EMULATOR = new Spec(Kind.EMULATOR, null, null, "emulator");

    /** Bounded HTTP for every source: 3 s to connect, 5 s for the answer. */
    static final HttpSettings HTTP = HttpSettings.defaults();

    static Spec parse(String text) throws CliException {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "off":
                return new Spec(Kind.OFF, null, null, t);
            case "embedded":
                return new Spec(Kind.EMBEDDED, null, null, t);
            case "pointers":
                return new Spec(Kind.POINTERS, null, null, t);
            case "emulator":
                return new Spec(Kind.EMULATOR, null, null, t);
            default:
                break;
        }
        if (lower.startsWith("ocsp:")) {
            return new Spec(Kind.OCSP, null, url(t.substring(5), "ocsp:"), t);
        }
        if (lower.startsWith("crl:")) {
            String v = t.substring(4);
            String vl = v.toLowerCase(Locale.ROOT);
            if (vl.startsWith("http://") || vl.startsWith("https://")) {
                return new Spec(Kind.CRL_URL, null, url(v, "crl:"), t);
            }
            if (v.isEmpty()) {
                throw CliException.badInput("--revocation crl: needs a CRL file or URL after 'crl:'");
            }
            Path p = Path.of(v);
            CliFiles.requireFile(p);
            return new Spec(Kind.CRL_FILE, p, null, t);
        }
        throw CliException.badInput("--revocation: unknown source '" + t + "' (use off, embedded, crl:FILE, crl:URL, "
                + "ocsp:URL, pointers or emulator)");
    }

    /**
     * @param value a URL
     * @param prefix the source's prefix, for the message
     * @return it, when it is an absolute http or https URL with a host
     * @throws CliException otherwise
     */
    static URI url(String value, String prefix) throws CliException {
        try {
            URI u = new URI(value);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw CliException.badInput("--revocation " + prefix + " needs an http:// or https:// URL with a host, not '"
                        + value + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw CliException.badInput("--revocation " + prefix + " '" + value + "' is not a URL");
        }
    }
}
