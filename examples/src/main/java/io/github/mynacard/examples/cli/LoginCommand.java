package io.github.mynacard.examples.cli;

import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.jca.MynaCardKeyManager;
import io.github.mynacard.jca.MynaCardTls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard login --url URL}: an HTTPS request authenticated with the card's user-authentication key. */
@Command(name = "login", header = "Log in to an HTTPS service with the card (TLS client authentication, user-authentication key).",
        mixinStandardHelpOptions = true,
        description = {"Sends GET URL over TLS 1.2 with the card's user-authentication certificate (利用者証明用電子証明書) as "
            + "the client certificate, and prints the server's status and answer. Asks for the user-authentication PIN only "
            + "(never the signing password), for the one signature of the handshake; a server that asks for no client "
            + "certificate costs no PIN attempt.",
            "TLS 1.2 only: TLS 1.3 requires an RSA-PSS signature of the client, which the card cannot make.",
            "The server's certificate is checked against the JDK's trusted roots, or against --server-ca.",
            "PIN order for --pin-stdin: the user-authentication PIN."})
public final class LoginCommand extends PinCommand {

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The https:// address to request.")
    String url;

    @Option(names = "--server-ca", paramLabel = "FILE",
            description = "Trust the server certificate(s) in FILE (PEM or DER) instead of the JDK's roots.")
    Path serverCa;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the server's answer to FILE instead of standard output.")
    Path outFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the server (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private URI uri;
    private TrustManager[] trust;

    @Override
    protected void checkInputs() throws Exception {
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw CliException.badInput("--url is not an address: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw CliException.badInput("--url must be an https:// address with a host (the card logs in over TLS)");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw CliException.badInput("--timeout must be 1 to 600 seconds");
        }
        trust = serverCa == null ? null : trustManagers(serverCa);
        if (outFile != null) {
            CliFiles.requireWritable(outFile);
        }
    }

    private static TrustManager[] trustManagers(Path file) throws CliException {
        List<X509Certificate> certs = KeyFiles.certificates(file, "--server-ca");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                ks.setCertificateEntry("server-ca-" + i, certs.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw CliException.badInput("--server-ca: " + e.getMessage());
        }
    }

    @Override
    protected int run(CardSession s) throws Exception {
        int[] asked = {0};
        HttpResponse<byte[]> response;
        try (PinOptions.GuardedPin pin = pin(s, PinKind.USER_AUTH)) {
            MynaCardKeyManager km = new MynaCardKeyManager(s.card(), callbacks -> {
                for (Callback c : callbacks) {
                    if (!(c instanceof PasswordCallback pc)) {
                        throw new UnsupportedCallbackException(c);
                    }
                    if (asked[0]++ > 0) {
                        // the PIN read once is for one handshake; a second would be a surprise to the holder
                        throw new IOException("the server asked for a second signature in one run");
                    }
                    char[] copy = pin.chars().clone();
                    pc.setPassword(copy);
                    Arrays.fill(copy, '\0');
                }
            }, pin.lastAttempt());
            SSLContext tls = MynaCardTls.clientContext(km, trust);
            HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(timeoutSeconds)).followRedirects(HttpClient.Redirect.NEVER).build();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeoutSeconds)).GET()
                    .header("User-Agent", "mynacard").build();
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw failure(e);
            }
        }
        byte[] body = response.body();
        if (outFile != null) {
            CliFiles.write(outFile, body);
        }
        String protocol = response.sslSession().map(x -> x.getProtocol()).orElse("?");
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("url", uri.toString());
            o.put("status", response.statusCode());
            o.put("protocol", protocol);
            o.put("clientCertificateSent", asked[0] > 0);
            o.put("bodyBytes", body.length);
            if (outFile != null) {
                o.put("out", outFile.toString());
            } else {
                o.put("body", new String(body, StandardCharsets.UTF_8));
            }
            printJson(o);
        } else {
            progress("HTTP " + response.statusCode() + " from " + uri.getHost() + " over " + protocol + ", "
                    + (asked[0] > 0 ? "logged in with the card's user-authentication certificate"
                            : "the server asked for no client certificate (no PIN was used)")
                    + (outFile != null ? "; answer (" + body.length + " bytes) written to " + outFile : ""));
            if (outFile == null) {
                out().print(new String(body, StandardCharsets.UTF_8));
                out().flush();
            }
        }
        return ExitCodes.OK;
    }

    /** The one-line failure of a request: the card's own refusal when it was one, else what the network or TLS said. */
    private Exception failure(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MynaCardException m) {
                return m;
            }
            if (c instanceof IllegalStateException ise && MynaCardKeyManager.NO_TLS13.equals(ise.getMessage())) {
                return new CliException(ExitCodes.NETWORK, ise.getMessage(), e);
            }
        }
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String why = describe(e);
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException || rootCause(e) instanceof ConnectException) {
            return new CliException(ExitCodes.NETWORK, "cannot connect to " + host + ": " + why, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new CliException(ExitCodes.NETWORK, host + " did not answer within " + timeoutSeconds + " s", e);
        }
        if (why.toLowerCase(Locale.ROOT).contains("certificate_revoked")) {
            return new CliException(ExitCodes.REVOKED, host + " refused the card's user-authentication certificate as revoked "
                    + "(TLS alert certificate_revoked): the card was reported lost or returned, or its holder's data changed; "
                    + "a new certificate is issued at the municipal office", e);
        }
        if (why.toLowerCase(Locale.ROOT).contains("protocol_version")) {
            return new CliException(ExitCodes.NETWORK, host + " does not accept TLS 1.2 (it may speak TLS 1.3 only). "
                    + MynaCardKeyManager.NO_TLS13, e);
        }
        if (e instanceof SSLException || rootCause(e) instanceof SSLException
                || rootCause(e) instanceof java.security.cert.CertificateException) {
            return new CliException(ExitCodes.NETWORK, "the TLS handshake with " + host + " failed: " + why
                    + (untrustedServer(e) ? " (the server's certificate is not trusted: give its CA with --server-ca)" : ""), e);
        }
        return new CliException(ExitCodes.NETWORK, "the request to " + host + " failed: " + why, e);
    }

    private static boolean untrustedServer(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertPathBuilderException || c instanceof java.security.cert.CertPathValidatorException
                    || c instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static String describe(Throwable e) {
        Throwable r = rootCause(e);
        String m = r.getMessage() != null ? r.getMessage() : e.getMessage();
        return m != null ? m.strip() : ErrorHandler.toolWords(r.getClass().getSimpleName());
    }
}
