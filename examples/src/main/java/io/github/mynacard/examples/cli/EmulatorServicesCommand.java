package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.mock.BackOfficeServer;
import io.github.mynacard.mock.JpkiBackOffice;
import io.github.mynacard.mock.MynaCardEmulator;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mynacard emulator services}: serves the emulated card's JPKI back office (CRLs, OCSP,
 * time stamps) on loopback until stopped, after writing its trust anchors as PEM files.
 */
@Command(name = "services", header = "Serve the emulated card's back office (CRL, OCSP, time stamps) on 127.0.0.1 until stopped.",
        mixinStandardHelpOptions = true,
        description = {"Serve the emulated JPKI back office of the card: the CRLs of its two test CAs and of the test TSA, "
            + "an OCSP responder (RFC 6960) and a time-stamping authority (RFC 3161), over HTTP on 127.0.0.1 only, until "
            + "stopped with Ctrl-C or SIGTERM (exit 0, the port released).",
            "Each answer reads the card's state file anew: 'mynacard emulator revoke' or 'reissue' in another shell shows "
            + "in the next CRL and OCSP answer.",
            "Before serving, the trust anchors are written into --trust-out DIR (made when missing): signing-ca.pem, "
            + "authentication-ca.pem, signing-ocsp.pem, authentication-ocsp.pem, tsa-root.pem and tsa.pem. They are "
            + "public test certificates, the same on every machine and in every run.",
            "The card's certificates point at port " + BackOfficeServer.DEFAULT_PORT + " (the default --port)."})
public final class EmulatorServicesCommand extends BaseCommand {

    /** The PEM files written into {@code --trust-out}, in order. */
    static final String[] TRUST_FILES = {"signing-ca.pem", "authentication-ca.pem", "signing-ocsp.pem", "authentication-ocsp.pem",
        "tsa-root.pem", "tsa.pem"};
    /** Their keys in the JSON output's {@code trust} object. */
    static final String[] TRUST_KEYS = {"signingCa", "authenticationCa", "signingOcsp", "authenticationOcsp", "tsaRoot", "tsa"};

    @Option(names = "--card", paramLabel = "FILE",
            description = "The emulated card's state file (default: ~/.mynacard/card.state, created when missing).")
    Path card;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + BackOfficeServer.DEFAULT_PORT,
            description = "The TCP port on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--trust-out", paramLabel = "DIR", required = true,
            description = "Where to write the trust anchors' PEM files (made when missing; existing files of those names replaced).")
    Path trustOut;

    @Override
    protected int execute() throws Exception {
        if (port < 0 || port > 65535) {
            throw CliException.badInput("--port must be 0 to 65535");
        }
        Path file = card != null ? card : ctx().defaultCardFile();
        cardIs(file);
        requireDirectory(trustOut);
        for (String name : TRUST_FILES) {
            CliFiles.requireWritable(trustOut.resolve(name));
        }
        MynaCardEmulator emulator = EmulatorCards.open(file, EmulatorCards.isDefault(card, ctx()), false, false, err());
        JpkiBackOffice office = JpkiBackOffice.of(emulator);
        X509Certificate[] anchors = {office.certificateAuthority(JpkiKey.SIGNING), office.certificateAuthority(JpkiKey.AUTHENTICATION),
            office.ocspResponder(JpkiKey.SIGNING), office.ocspResponder(JpkiKey.AUTHENTICATION), office.tsaRoot(),
            office.tsaCertificate()};
        ctx().waitForStop();
        BackOfficeServer server;
        try {
            server = BackOfficeServer.start(office, port);
        } catch (BindException e) {
            throw new CliException(ExitCodes.NETWORK, "cannot serve on 127.0.0.1:" + port + ": " + CliFiles.reason(e)
                    + " (another 'mynacard emulator services'? give another --port, or 0 for any free one)", e);
        }
        try (server) {
            Map<String, String> written = new LinkedHashMap<>();
            for (int i = 0; i < TRUST_FILES.length; i++) {
                Path out = trustOut.resolve(TRUST_FILES[i]);
                CliFiles.write(out, pem(anchors[i]));
                written.put(TRUST_KEYS[i], out.toString());
            }
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("signingCrl", server.crlUrl(JpkiKey.SIGNING).toString());
            urls.put("authenticationCrl", server.crlUrl(JpkiKey.AUTHENTICATION).toString());
            urls.put("tsaCrl", server.tsaCrlUrl().toString());
            urls.put("ocsp", server.ocspUrl().toString());
            urls.put("tsa", server.tsaUrl().toString());
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("port", server.port());
                o.put("urls", new LinkedHashMap<String, Object>(urls));
                o.put("trust", new LinkedHashMap<String, Object>(written));
                printJson(o);
            } else {
                out().println("Serving the back office of " + file + " on 127.0.0.1:" + server.port() + " (Ctrl-C to stop):");
                for (Map.Entry<String, String> u : urls.entrySet()) {
                    out().println("  " + u.getKey() + " " + u.getValue());
                }
                out().println("Trust anchors written to " + trustOut + ": " + String.join(", ", TRUST_FILES));
            }
            out().flush();
            ctx().stopSignal().join();
        } finally {
            emulator.close();
        }
        if (!json()) {
            out().println("Stopped.");
        }
        return ExitCodes.OK;
    }

    private static void requireDirectory(Path dir) throws CliException {
        if (Files.isSymbolicLink(dir) && !Files.isDirectory(dir)) {
            throw CliException.badInput("cannot write into " + dir + ": it is a symbolic link to no directory");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw CliException.badInput("cannot write into " + dir + ": it is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CliException.badInput("cannot make the directory " + dir + ": " + CliFiles.reason(e));
        }
    }

    static byte[] pem(X509Certificate cert) throws CertificateEncodingException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
        return ("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
