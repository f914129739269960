package io.github.mynacard.login;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The service a login is for: a web origin (scheme, host and port, RFC 6454), in the one form both
 * sides sign and compare. {@link #of} reads an address such as {@code https://Service.Example:443/}
 * and keeps {@code https://service.example}: the scheme and host in lower case, an internationalised
 * host in its ASCII (Punycode) form, and the port only when it is not the scheme's default.
 *
 * <p>The scheme is {@code https}; {@code http} is accepted only for a loopback host
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), which browsers also treat as secure, for a
 * service under development. An address with a path other than {@code /}, a query, a fragment or
 * user information is refused: an origin names a service, not a page, and a login bound to a page
 * would fail on the next page of the same service.
 */
public final class LoginOrigin {

    /** The longest serialised origin accepted. */
    public static final int MAX_LENGTH = 255;

    private final String serialized;

    private LoginOrigin(String serialized) {
        this.serialized = serialized;
    }

    /**
     * @param address the service's address: {@code https://host}, {@code https://host:port}, with or
     *     without a trailing {@code /}
     * @return its origin
     * @throws IllegalArgumentException when it is not such an address (the message says why)
     */
    public static LoginOrigin of(String address) {
        Objects.requireNonNull(address, "address");
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the origin is not an address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("the origin must be an address like https://service.example");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the origin must not carry a user name or password");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the origin is scheme, host and port only, without a path, query or fragment");
        }
        String host = uri.getHost();
        if (host == null) {
            // java.net.URI leaves host null for names it does not take as server-based (e.g. non-ASCII)
            host = hostOf(uri.getRawAuthority());
        }
        host = asciiHost(host);
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        int defaultPort;
        if (scheme.equals("https")) {
            defaultPort = 443;
        } else if (scheme.equals("http") && loopback) {
            defaultPort = 80;
        } else if (scheme.equals("http")) {
            throw new IllegalArgumentException("the origin must be https (http only for localhost, 127.0.0.1 or [::1])");
        } else {
            throw new IllegalArgumentException("the origin's scheme must be https, not " + scheme);
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw new IllegalArgumentException("the origin's port must be 1 to 65535");
        }
        String s = scheme + "://" + host + (port < 0 || port == defaultPort ? "" : ":" + port);
        if (s.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the origin is longer than " + MAX_LENGTH + " characters");
        }
        return new LoginOrigin(s);
    }

    private static String hostOf(String authority) {
        String a = authority;
        int colon = a.lastIndexOf(':');
        if (colon > 0 && !a.endsWith("]")) {
            String port = a.substring(colon + 1);
            if (!port.chars().allMatch(Character::isDigit) || port.isEmpty()) {
                throw new IllegalArgumentException("the origin's port must be digits");
            }
            a = a.substring(0, colon);
        }
        return a;
    }

    private static String asciiHost(String host) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the origin has no host");
        }
        if (host.startsWith("[")) {
            return host.toLowerCase(Locale.ROOT);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the origin's host is not a valid host name");
        }
        if (ascii.isEmpty() || ascii.endsWith(".")) {
            throw new IllegalArgumentException("the origin's host is not a valid host name");
        }
        return ascii.toLowerCase(Locale.ROOT);
    }

    /** @return the serialised origin, for example {@code https://service.example:8443} */
    @Override
    public String toString() {
        return serialized;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoginOrigin other && serialized.equals(other.serialized);
    }

    @Override
    public int hashCode() {
        return serialized.hashCode();
    }
}
