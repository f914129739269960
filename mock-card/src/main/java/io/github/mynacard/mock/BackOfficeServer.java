package io.github.mynacard.mock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mynacard.JpkiKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a {@link JpkiBackOffice} over HTTP ({@code com.sun.net.httpserver}), bound to
 * {@code 127.0.0.1} only, for tests of relying parties that fetch CRLs, ask OCSP and time-stamp:
 *
 * <ul>
 *   <li>{@code GET /crl/signing.crl}, {@code /crl/authentication.crl}, {@code /crl/tsa.crl}:
 *       the CRLs, {@code application/pkix-crl};
 *   <li>{@code POST /ocsp} ({@code application/ocsp-request}), or {@code GET /ocsp/<base64>}
 *       (RFC 6960 appendix A, URL-encoded Base64; the URL-safe alphabet is accepted too):
 *       {@code application/ocsp-response};
 *   <li>{@code POST /tsa} ({@code application/timestamp-query}):
 *       {@code application/timestamp-reply}.
 * </ul>
 *
 * Anything else is {@code 404}, another method {@code 405}, a body over 64 KiB {@code 413}. Each
 * request reads the card's state file anew, so a revocation made by another process meanwhile is
 * in the next answer. The holder certificates and the TSA certificate point at
 * {@link #DEFAULT_PORT}; a server on another port serves the same answers, but those pointers then
 * lead nowhere.
 *
 * <p>{@link #fault} makes a service misbehave, for tests of clients that must fail typed within a
 * bounded time. Closing the server stops it at once and releases hung exchanges.
 */
public final class BackOfficeServer implements AutoCloseable {

    /** The port the emulated holder certificates' CRL distribution points and OCSP URI name. */
    public static final int DEFAULT_PORT = 18470;

    static final String BASE = "http://127.0.0.1:" + DEFAULT_PORT;
    static final String SIGNING_CRL_URL = BASE + "/crl/signing.crl";
    static final String AUTHENTICATION_CRL_URL = BASE + "/crl/authentication.crl";
    static final String TSA_CRL_URL = BASE + "/crl/tsa.crl";
    static final String OCSP_URL = BASE + "/ocsp";

    private static final int MAX_BODY = 64 * 1024;
    /** How long a hung exchange waits at most when the server is never closed. */
    private static final long HANG_MS = TimeUnit.MINUTES.toMillis(10);

    /** The services a fault can be set on. */
    public enum Service {
        /** The three CRL paths. */
        CRL,
        /** The OCSP responder. */
        OCSP,
        /** The time-stamping authority. */
        TSA
    }

    /** How a service misbehaves. */
    public enum Fault {
        /** Answers as it should. */
        NONE,
        /** Reads the request and never answers (until the server is closed). */
        HANG,
        /** Answers 200 with the right content type and 64 random bytes. */
        GARBAGE,
        /**
         * Answers with a well-formed, signed answer to another question: OCSP and TSA with a nonce
         * other than the request's (a nonce is added when the request had none); CRL with the CRL of
         * the other JPKI hierarchy (for {@code /crl/tsa.crl}, the signing CA's).
         */
        WRONG_NONCE,
        /** Answers HTTP 500 with an empty body. */
        SERVER_ERROR
    }

    private final JpkiBackOffice office;
    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<Service, Fault> faults = new EnumMap<>(Service.class);
    private final SecureRandom random = new SecureRandom();

    private BackOfficeServer(JpkiBackOffice office, HttpServer server, ExecutorService executor) {
        this.office = office;
        this.server = server;
        this.executor = executor;
        for (Service s : Service.values()) {
            faults.put(s, Fault.NONE);
        }
    }

    /**
     * Starts serving.
     *
     * @param office the back office to serve
     * @param port the TCP port on 127.0.0.1; 0 for any free port
     * @return the running server
     * @throws IOException when the port cannot be bound (in use, or not allowed)
     */
    public static BackOfficeServer start(JpkiBackOffice office, int port) throws IOException {
        Objects.requireNonNull(office, "office");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 32);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mynacard-back-office-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        BackOfficeServer s = new BackOfficeServer(office, http, executor);
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /**
     * @param hierarchy which CA
     * @return {@code http://127.0.0.1:P/crl/signing.crl} or {@code .../crl/authentication.crl}
     */
    public URI crlUrl(JpkiKey hierarchy) {
        return uri(Objects.requireNonNull(hierarchy, "hierarchy") == JpkiKey.SIGNING ? "/crl/signing.crl" : "/crl/authentication.crl");
    }

    /** @return {@code http://127.0.0.1:P/crl/tsa.crl} */
    public URI tsaCrlUrl() {
        return uri("/crl/tsa.crl");
    }

    /** @return {@code http://127.0.0.1:P/ocsp} */
    public URI ocspUrl() {
        return uri("/ocsp");
    }

    /** @return {@code http://127.0.0.1:P/tsa} */
    public URI tsaUrl() {
        return uri("/tsa");
    }

    /**
     * Makes a service misbehave from the next request on (or behave again, with
     * {@link Fault#NONE}).
     *
     * @param service which service
     * @param fault how
     */
    public void fault(Service service, Fault fault) {
        synchronized (faults) {
            faults.put(Objects.requireNonNull(service, "service"), Objects.requireNonNull(fault, "fault"));
        }
    }

    private Fault faultOf(Service s) {
        synchronized (faults) {
            return faults.get(s);
        }
    }

    /** Stops at once: the port is released, hung exchanges are dropped. Idempotent. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ exchanges

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            String method = x.getRequestMethod();
            if (path.startsWith("/crl/")) {
                JpkiKey h = switch (path) {
                    case "/crl/signing.crl" -> JpkiKey.SIGNING;
                    case "/crl/authentication.crl" -> JpkiKey.AUTHENTICATION;
                    default -> null;
                };
                boolean tsa = path.equals("/crl/tsa.crl");
                if (h == null && !tsa) {
                    send(x, 404, null, new byte[0]);
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    send(x, 405, null, new byte[0]);
                } else if (!faulted(x, Service.CRL, "application/pkix-crl")) {
                    byte[] crl;
                    if (faultOf(Service.CRL) == Fault.WRONG_NONCE) {
                        crl = office.crl(h == JpkiKey.SIGNING ? JpkiKey.AUTHENTICATION : JpkiKey.SIGNING);
                    } else {
                        crl = tsa ? office.tsaCrl() : office.crl(h);
                    }
                    send(x, 200, "application/pkix-crl", crl);
                }
            } else if (path.equals("/ocsp") || path.equals("/ocsp/") || path.startsWith("/ocsp/")) {
                byte[] req;
                if (method.equals("POST") && (path.equals("/ocsp") || path.equals("/ocsp/"))) {
                    req = body(x);
                } else if (method.equals("GET") && path.length() > "/ocsp/".length()) {
                    req = fromUrl(path.substring("/ocsp/".length()));
                } else {
                    send(x, method.equals("GET") || method.equals("POST") ? 404 : 405, null, new byte[0]);
                    return;
                }
                if (req != null && !faulted(x, Service.OCSP, "application/ocsp-response")) {
                    send(x, 200, "application/ocsp-response",
                            office.answerOcsp(req, faultOf(Service.OCSP) == Fault.WRONG_NONCE));
                }
            } else if (path.equals("/tsa") || path.equals("/tsa/")) {
                if (!method.equals("POST")) {
                    send(x, 405, null, new byte[0]);
                    return;
                }
                byte[] req = body(x);
                if (req != null && !faulted(x, Service.TSA, "application/timestamp-reply")) {
                    send(x, 200, "application/timestamp-reply",
                            office.answerTimestamp(req, faultOf(Service.TSA) == Fault.WRONG_NONCE));
                }
            } else {
                send(x, 404, null, new byte[0]);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the card's state file cannot be read: nothing more to say
            try {
                x.sendResponseHeaders(500, -1);
            } catch (IOException | RuntimeException ignored) {
                // headers were sent already
            }
        }
    }

    /** Applies a service's fault; true when the exchange was answered (or dropped) by it. */
    private boolean faulted(HttpExchange x, Service s, String type) throws IOException {
        switch (faultOf(s)) {
            case HANG -> {
                try {
                    closed.await(HANG_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
            case GARBAGE -> {
                byte[] junk = new byte[64];
                random.nextBytes(junk);
                send(x, 200, type, junk);
                return true;
            }
            case SERVER_ERROR -> {
                send(x, 500, null, new byte[0]);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The request body, or null after answering 413 when it is too large. */
    private static byte[] body(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                send(x, 413, null, new byte[0]);
                return null;
            }
            return b;
        }
    }

    /** The DER of a GET request's Base64 path (null bytes decode to an empty request: malformed). */
    private static byte[] fromUrl(String raw) {
        try {
            String b64 = URLDecoder.decode(raw, StandardCharsets.US_ASCII);
            return b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(b64)
                    : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            x.getResponseHeaders().set("Content-Type", type);
        }
        x.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public String toString() {
        return "BackOfficeServer[127.0.0.1:" + port() + "]";
    }
}
