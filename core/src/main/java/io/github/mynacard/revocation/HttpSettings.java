package io.github.mynacard.revocation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How revocation sources talk HTTP: a connect timeout, a bound on the whole exchange (from the
 * request to the last byte of the body), and a bound on the response's size. Requests go through
 * the JDK's {@link HttpClient} with its default proxy selector; redirects are never followed (a
 * CRL or OCSP URL that redirects answers unknown), so a response cannot move to another scheme or
 * host. Immutable and thread-safe; one HTTP client is made on first use and shared.
 */
public final class HttpSettings {

    /** The default connect timeout: 3 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The default bound on a whole request: 5 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** The default maximum response size: 4 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private static final HttpSettings DEFAULTS =
            new HttpSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private volatile HttpClient client;

    private HttpSettings(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** @return the defaults: 3 s to connect, 5 s for a whole request, at most 4 MiB */
    public static HttpSettings defaults() {
        return DEFAULTS;
    }

    /**
     * @param timeout how long connecting may take (positive)
     * @return a copy with that connect timeout
     */
    public HttpSettings withConnectTimeout(Duration timeout) {
        return new HttpSettings(positive(timeout, "connect timeout"), requestTimeout, maxResponseBytes);
    }

    /**
     * @param timeout how long a whole request may take, body included (positive)
     * @return a copy with that bound
     */
    public HttpSettings withRequestTimeout(Duration timeout) {
        return new HttpSettings(connectTimeout, positive(timeout, "request timeout"), maxResponseBytes);
    }

    /**
     * @param max the largest response body accepted, in bytes (positive)
     * @return a copy with that bound
     */
    public HttpSettings withMaxResponseBytes(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("the maximum response size must be positive");
        }
        return new HttpSettings(connectTimeout, requestTimeout, max);
    }

    /** @return the connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the bound on a whole request */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the largest response body accepted, in bytes */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * Fetches a URL with GET.
     *
     * @param uri an {@code http} or {@code https} URL
     * @return the body of a 200 response
     * @throws IOException when the server cannot be reached, does not answer in time, answers
     *     another status than 200, or sends too much
     * @throws IllegalArgumentException for another scheme
     */
    public byte[] get(URI uri) throws IOException {
        return exchange(HttpRequest.newBuilder(checkScheme(uri)).GET(), uri);
    }

    /**
     * Sends a body with POST, as OCSP does (RFC 6960, appendix A).
     *
     * @param uri an {@code http} or {@code https} URL
     * @param contentType the body's media type, such as {@code application/ocsp-request}
     * @param body the body
     * @return the body of a 200 response
     * @throws IOException when the server cannot be reached, does not answer in time, answers
     *     another status than 200, or sends too much
     * @throws IllegalArgumentException for another scheme
     */
    public byte[] post(URI uri, String contentType, byte[] body) throws IOException {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        return exchange(HttpRequest.newBuilder(checkScheme(uri)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.clone())), uri);
    }

    /**
     * @param uri a URL
     * @return it, when its scheme is {@code http} or {@code https}
     * @throws IllegalArgumentException otherwise
     */
    static URI checkScheme(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http or https URL: " + uri);
        }
        return uri;
    }

    private byte[] exchange(HttpRequest.Builder b, URI uri) throws IOException {
        HttpRequest request = b.timeout(requestTimeout).build();
        CompletableFuture<HttpResponse<byte[]>> f = client().sendAsync(request, this::bounded);
        try {
            HttpResponse<byte[]> r = f.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException(uri + " did not answer within " + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) {
                throw new HttpTimeoutException(uri + " did not answer within " + requestTimeout.toMillis() + " ms");
            }
            if (c instanceof IOException io) {
                throw new IOException(uri + ": " + (io.getMessage() == null ? "connection failed" : io.getMessage()), io);
            }
            throw new IOException(uri + ": the request failed", c);
        }
    }

    /** A body handler that refuses a declared or actual body larger than the bound. */
    private HttpResponse.BodySubscriber<byte[]> bounded(HttpResponse.ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Bounded(maxResponseBytes, declared > maxResponseBytes);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1).build();
                    client = c;
                }
            }
        }
        return c;
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive");
        }
        return d;
    }

    /** @return the timeouts and size bound */
    @Override
    public String toString() {
        return "HttpSettings[connect=" + connectTimeout.toMillis() + " ms, request=" + requestTimeout.toMillis()
                + " ms, max=" + maxResponseBytes + " bytes]";
    }

    /** Collects a body up to a bound; beyond it, cancels and fails. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final boolean tooLargeAlready;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Bounded(int max, boolean tooLargeAlready) {
            this.max = max;
            this.tooLargeAlready = tooLargeAlready;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (tooLargeAlready) {
                s.cancel();
                result.completeExceptionally(new IOException("the response is larger than " + max + " bytes"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (out.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the response is larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
