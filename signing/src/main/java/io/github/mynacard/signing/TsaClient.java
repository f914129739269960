package io.github.mynacard.signing;

import io.github.mynacard.signing.TimestampException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * An RFC 3161 time-stamp client over HTTP ({@code application/timestamp-query}).
 *
 * <p>Each request carries a fresh random 64-bit nonce and asks for the authority's certificate
 * ({@code certReq}). The answer must: come within the timeout (connecting, sending and reading
 * all count; an authority that accepts the connection and never answers ends the call when the
 * time is up), be at most {@value #MAX_RESPONSE_BYTES} bytes, have the status granted, echo the
 * nonce, time-stamp the digest sent, be signed by the authority certificate it carries, whose
 * extended key usage is the critical {@code id-kp-timeStamping}, and, when trust anchors are
 * given, that certificate must lead to one of them. Any failure is a {@link TimestampException}
 * with its {@link TimestampException.Reason}.
 *
 * <pre>{@code
 * TsaClient tsa = TsaClient.of(URI.create("http://tsa.example/tsp")).withTimeout(Duration.ofSeconds(5));
 * tsa.probe();                       // before asking for the PIN
 * Timestamp t = tsa.timestamp(data); // SHA-256 of the data
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TsaClient {

    /** The largest answer accepted, in bytes. */
    public static final int MAX_RESPONSE_BYTES = 256 * 1024;

    /** The default bound on one whole request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI uri;
    private final Duration timeout;
    private final List<X509Certificate> anchors;
    private final HttpClient http;

    private TsaClient(URI uri, Duration timeout, List<X509Certificate> anchors) {
        this.uri = uri;
        this.timeout = timeout;
        this.anchors = List.copyOf(anchors);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param uri the authority's URL, {@code http} or {@code https}
     * @return a client with the default timeout and no trust anchors
     * @throws IllegalArgumentException when the URL is not http or https
     */
    public static TsaClient of(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("a time-stamp authority is reached by an http or https URL");
        }
        return new TsaClient(uri, DEFAULT_TIMEOUT, List.of());
    }

    /**
     * @param timeout the bound on one whole request (connect, send, answer); default 10 seconds
     * @return a client with that bound
     */
    public TsaClient withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        return new TsaClient(uri, timeout, anchors);
    }

    /**
     * @param trustAnchors roots the authority's certificate must lead to; empty to accept any
     *     authority certificate that verifies (the default)
     * @return a client that checks them
     */
    public TsaClient withTrustAnchors(List<X509Certificate> trustAnchors) {
        return new TsaClient(uri, timeout, Objects.requireNonNull(trustAnchors, "trustAnchors"));
    }

    /** @return the authority's URL */
    public URI uri() {
        return uri;
    }

    /** @return the bound on one request */
    public Duration timeout() {
        return timeout;
    }

    /** @return the trust anchors (empty: not checked) */
    public List<X509Certificate> trustAnchors() {
        return anchors;
    }

    /**
     * Time-stamps data: its SHA-256 is sent.
     *
     * @param data the data
     * @return the verified time-stamp
     * @throws TimestampException when no verified time-stamp came back
     */
    public Timestamp timestamp(byte[] data) throws TimestampException {
        return timestampDigest(DigestAlgorithm.SHA256.digest(Objects.requireNonNull(data, "data")), DigestAlgorithm.SHA256);
    }

    /**
     * Time-stamps data with a chosen digest algorithm.
     *
     * @param data the data
     * @param algorithm the digest algorithm to send its digest with
     * @return the verified time-stamp
     * @throws TimestampException when no verified time-stamp came back
     */
    public Timestamp timestamp(byte[] data, DigestAlgorithm algorithm) throws TimestampException {
        return timestampDigest(algorithm.digest(Objects.requireNonNull(data, "data")), algorithm);
    }

    /**
     * Time-stamps a digest already computed.
     *
     * @param digest the digest of the data
     * @param algorithm its algorithm
     * @return the verified time-stamp
     * @throws TimestampException when no verified time-stamp came back
     * @throws IllegalArgumentException when the digest's length is not the algorithm's
     */
    public Timestamp timestampDigest(byte[] digest, DigestAlgorithm algorithm) throws TimestampException {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(algorithm, "algorithm");
        if (digest.length != algorithm.length()) {
            throw new IllegalArgumentException("a " + algorithm.jcaName() + " digest has " + algorithm.length() + " bytes");
        }
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        BigInteger nonce = new BigInteger(64, RANDOM);
        TimeStampRequest request = gen.generate(algorithm.asn1(), digest.clone(), nonce);
        byte[] answer;
        try {
            answer = post(request.getEncoded());
        } catch (IOException e) {
            throw new TimestampException(Reason.MALFORMED, "the time-stamp request could not be encoded", e);
        }
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(answer);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimestampException(Reason.MALFORMED, "the time-stamp authority at " + where()
                    + " did not answer with a time-stamp response", e);
        }
        int status = response.getStatus();
        if (status != 0 && status != 1) {
            String text = response.getStatusString();
            throw new TimestampException(Reason.REFUSED, "the time-stamp authority at " + where() + " refused the request (status "
                    + status + (text == null ? "" : ", " + sanitize(text)) + ")", null);
        }
        TimeStampToken token = response.getTimeStampToken();
        if (token == null) {
            throw new TimestampException(Reason.MALFORMED, "the time-stamp authority at " + where()
                    + " granted the request but sent no token", null);
        }
        if (!nonce.equals(token.getTimeStampInfo().getNonce())) {
            throw new TimestampException(Reason.WRONG_NONCE, "the time-stamp from " + where()
                    + " does not answer this request (its nonce differs)", null);
        }
        return Timestamps.verify(token, alg -> alg == algorithm ? digest : new byte[0], anchors);
    }

    /**
     * Asks the authority for a time-stamp of a throwaway digest, to prove that it answers with a
     * verified token before a signature (and its PIN) is attempted.
     *
     * @return the throwaway time-stamp
     * @throws TimestampException when the authority does not give a verified time-stamp
     */
    public Timestamp probe() throws TimestampException {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return timestamp(random);
    }

    private String where() {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String sanitize(String s) {
        String t = s.replaceAll("[\\p{Cntrl}]", " ").strip();
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }

    private byte[] post(byte[] body) throws TimestampException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/timestamp-query")
                .header("Accept", "application/timestamp-reply").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(req, info -> new CappedBody(MAX_RESPONSE_BYTES));
        HttpResponse<byte[]> resp;
        try {
            resp = future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TimestampException(Reason.TIMEOUT, "the time-stamp request to " + where() + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException) {
                throw timedOut(c);
            }
            if (c instanceof TooLarge) {
                throw new TimestampException(Reason.MALFORMED, "the time-stamp authority at " + where() + " sent more than "
                        + MAX_RESPONSE_BYTES + " bytes", c);
            }
            for (Throwable t = c; t != null; t = t.getCause()) {
                if (t instanceof TooLarge) {
                    throw new TimestampException(Reason.MALFORMED, "the time-stamp authority at " + where() + " sent more than "
                            + MAX_RESPONSE_BYTES + " bytes", c);
                }
                if (t instanceof ConnectException || t instanceof java.net.UnknownHostException
                        || t instanceof java.nio.channels.UnresolvedAddressException) {
                    throw new TimestampException(Reason.UNREACHABLE, "the time-stamp authority at " + where()
                            + " cannot be reached", c);
                }
            }
            throw new TimestampException(Reason.UNREACHABLE, "the connection to the time-stamp authority at " + where()
                    + " failed before an answer came", c);
        }
        if (resp.statusCode() != 200) {
            throw new TimestampException(Reason.REFUSED, "the time-stamp authority at " + where() + " answered HTTP "
                    + resp.statusCode(), null);
        }
        return resp.body();
    }

    private TimestampException timedOut(Throwable cause) {
        return new TimestampException(Reason.TIMEOUT, "the time-stamp authority at " + where() + " did not answer within "
                + timeout.toMillis() + " ms", cause);
    }

    /** Too many bytes in an answer. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("answer too large");
        }
    }

    /** Collects a body up to a bound, and cancels the exchange past it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (buffer.size() + b.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }

    /** @return the authority's host (no path or query) */
    @Override
    public String toString() {
        return "TsaClient[" + where() + ", timeout=" + timeout + ", anchors=" + anchors.size() + "]";
    }
}
