package io.github.mynacard.examples.cli;

import io.github.mynacard.CardType;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.SecurityStatusException;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.cert.CertificateValidity;
import io.github.mynacard.cert.ChainValidator;
import io.github.mynacard.cert.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mynacard self-test}: safe checks of a card in a real reader. By default only reads that need
 * no PIN and status queries that spend nothing; PIN tests need {@code --allow-pin-tests}, the card
 * on an allow-list, a terminal, and every PIN's counter at its maximum (a wrong-PIN budget of zero).
 */
@Command(name = "self-test", header = "Safe checks of a card in a reader: no PIN unless --allow-pin-tests and an allow-list.",
        mixinStandardHelpOptions = true,
        description = {"Checks that the library works with a card in a real reader (--reader NAME; without it, the emulated "
            + "card), and prints a PASS/WARN/FAIL/SKIP list. By default it sends NO PIN: it reads the card type, the four PIN "
            + "counters (empty VERIFY, spends nothing), the authentication certificate and both CA certificates with their "
            + "validity, checks that the authentication certificate is signed by the card's CA, and that the signing "
            + "certificate is PIN-protected. It prints the SHA-256 of the authentication certificate's DER, the card's "
            + "line for an allow-list.",
            "PIN tests (the user-authentication PIN signs a random digest, checked with the certificate; the signing "
                + "password reads the signing certificate, checked against the signing CA) run only with --allow-pin-tests "
                + "AND --allow-list FILE holding the card's line (SHA-256 hex; '#' comments) AND a terminal: each PIN is "
                + "asked at a masked prompt (Enter skips it), and is sent only when its counter is at its maximum. After "
                + "one wrong PIN no other PIN is sent.",
            "Exit code 0 when nothing failed (warnings allowed), 10 when a check failed."})
public final class SelfTestCommand extends CardCommand {

    @Option(names = "--allow-pin-tests", description = "Also run the tests that send a PIN (needs --allow-list and a terminal).")
    boolean allowPinTests;

    @Option(names = "--allow-list", paramLabel = "FILE",
            description = "Cards the PIN tests may run on: one SHA-256 hex of an authentication certificate's DER per line.")
    Path allowList;

    /** The outcome of one check. */
    enum Outcome { PASS, WARN, FAIL, SKIP }

    /**
     * One line of the report.
     *
     * @param name what was checked
     * @param outcome the outcome
     * @param detail what was found, never a PIN or personal data
     */
    record Check(String name, Outcome outcome, String detail) {
        /**
         * @return the check's stable id: the English part of its name in lower case, words joined
         *     by hyphens ({@code card-type}, {@code pin-counter-signing-password})
         */
        String id() {
            String english = name.replaceAll("\\(.*?\\)", " ").replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
            return english.replaceAll("^-+|-+$", "");
        }
    }

    /** A check that may fail with any exception (reported as FAIL). */
    private interface Step {
        Check run() throws Exception;
    }

    /** A PIN test, given the PIN typed. */
    private interface PinStep {
        Check run(char[] pin) throws Exception;
    }

    private final List<Check> checks = new ArrayList<>();
    private boolean wrongPinSeen;

    @Override
    protected int run(CardSession s) throws Exception {
        Set<String> allowed = allowedCards();
        check("card type", () -> {
            CardType t = s.card().cardType();
            return new Check("card type", t == CardType.UNKNOWN ? Outcome.WARN : Outcome.PASS,
                    t + (t.label().isEmpty() ? " (unknown token label)" : " (token " + t.label() + ")"));
        });
        checkCounters(s);
        Map<JpkiCertificate, X509Certificate> certs = new EnumMap<>(JpkiCertificate.class);
        for (JpkiCertificate which : List.of(JpkiCertificate.AUTHENTICATION, JpkiCertificate.AUTHENTICATION_CA,
                JpkiCertificate.SIGNING_CA)) {
            check(Names.certificate(which), () -> {
                X509Certificate c = s.card().readCertificate(which);
                certs.put(which, c);
                return validityCheck(Names.certificate(which), c);
            });
        }
        X509Certificate auth = certs.get(JpkiCertificate.AUTHENTICATION);
        X509Certificate authCa = certs.get(JpkiCertificate.AUTHENTICATION_CA);
        if (auth != null && authCa != null) {
            check("authentication certificate signed by the card's CA", () -> issuedBy(auth, authCa));
        }
        check("signing certificate PIN-protected", () -> {
            try {
                s.card().readCertificate(JpkiCertificate.SIGNING);
                return new Check("signing certificate PIN-protected", Outcome.WARN, "the card let it be read without the password");
            } catch (SecurityStatusException expected) {
                return new Check("signing certificate PIN-protected", Outcome.PASS, "refused without the password, as it should be");
            }
        });
        String hash = auth == null ? null : CertificateChecks.sha256(auth);
        if (allowPinTests) {
            pinTests(s, allowed, hash, certs);
        } else {
            checks.add(new Check("PIN tests", Outcome.SKIP, "not asked for (--allow-pin-tests); no PIN was sent"));
        }
        return report(s, hash);
    }

    /** Reads the allow-list before anything is sent; checks the options. */
    private Set<String> allowedCards() throws CliException {
        if (allowPinTests && allowList == null) {
            throw CliException.badInput("--allow-pin-tests needs --allow-list FILE (SHA-256 hex of the authentication "
                    + "certificates of the cards the PIN tests may run on); nothing was sent");
        }
        if (allowList == null) {
            return Set.of();
        }
        if (!allowPinTests) {
            throw CliException.badInput("--allow-list goes with --allow-pin-tests");
        }
        Set<String> out = new HashSet<>();
        String[] lines = new String(CliFiles.read(allowList), StandardCharsets.UTF_8).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").replace(":", "").strip().toLowerCase(Locale.ROOT);
            if (line.isEmpty()) {
                continue;
            }
            if (!line.matches("[0-9a-f]{64}")) {
                throw CliException.badInput(allowList + " line " + (i + 1) + " is not a SHA-256 in hex");
            }
            out.add(line);
        }
        return out;
    }

    private void checkCounters(CardSession s) {
        Map<PinKind, PinStatus> pins;
        try {
            pins = s.card().pinStatuses();
        } catch (Exception e) {
            checks.add(new Check("PIN counters", Outcome.FAIL, ErrorHandler.message(e)));
            return;
        }
        for (PinStatus p : pins.values()) {
            Outcome o = p.blocked() || p.lastAttempt() ? Outcome.WARN : Outcome.PASS;
            checks.add(new Check("PIN counter: " + Names.pin(p.kind()), o, CardOverview.counter(p).strip()
                    + (p.blocked() ? " (see 'mynacard doctor')" : "")));
        }
    }

    private static Check validityCheck(String name, X509Certificate c) {
        CertificateValidity v = CertificateChecks.validity(c);
        return new Check(name, v.status() == CertificateValidity.Status.VALID ? Outcome.PASS : Outcome.WARN,
                "read; " + CertificateChecks.validityText(v));
    }

    /** Whether {@code ca} signed {@code cert}, judged at the certificate's issue time so that an expired card still passes. */
    private static Check issuedBy(X509Certificate cert, X509Certificate ca) {
        String name = "authentication certificate signed by the card's CA";
        try {
            ChainValidator.of(TrustAnchors.of(ca))
                    .withClock(Clock.fixed(cert.getNotBefore().toInstant().plusSeconds(1), ZoneOffset.UTC)).validate(cert);
            return new Check(name, Outcome.PASS, "chain validates (at the certificate's issue time)");
        } catch (Exception e) {
            return new Check(name, Outcome.FAIL, ErrorHandler.message(e));
        }
    }

    private void pinTests(CardSession s, Set<String> allowed, String hash, Map<JpkiCertificate, X509Certificate> certs) {
        String name = "PIN tests";
        if (hash == null) {
            checks.add(new Check(name, Outcome.SKIP, "the authentication certificate could not be read, so the card cannot be "
                    + "matched with the allow-list; no PIN was sent"));
            return;
        }
        if (!allowed.contains(hash)) {
            checks.add(new Check(name, Outcome.SKIP, "this card is not on " + allowList + "; add the line " + hash
                    + " to allow them; no PIN was sent"));
            return;
        }
        if (ctx().terminal() == null) {
            checks.add(new Check(name, Outcome.SKIP, "no terminal: the self-test asks PINs only at an interactive prompt; "
                    + "no PIN was sent"));
            return;
        }
        pinTest(s, PinKind.USER_AUTH, "user-authentication PIN and key", pin -> {
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
            byte[] sig = s.card().signDigest(JpkiKey.AUTHENTICATION, DigestAlgorithm.SHA256, digest, pin, LastAttempt.REFUSE);
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(certs.get(JpkiCertificate.AUTHENTICATION).getPublicKey());
            v.update(data);
            boolean ok = v.verify(sig);
            return new Check("user-authentication PIN and key", ok ? Outcome.PASS : Outcome.FAIL, ok
                    ? "PIN accepted; a signature over a random digest verifies with the authentication certificate"
                    : "PIN accepted, but the signature does not verify with the authentication certificate");
        });
        pinTest(s, PinKind.SIGNING, "signing password and certificate", pin -> {
            X509Certificate signing = s.card().readSigningCertificate(pin, LastAttempt.REFUSE);
            X509Certificate ca = certs.get(JpkiCertificate.SIGNING_CA);
            Check validity = validityCheck("signing password and certificate", signing);
            if (ca == null) {
                return new Check(validity.name(), Outcome.WARN, "password accepted, certificate " + validity.detail()
                        + "; the signing CA certificate could not be read to check it");
            }
            try {
                ChainValidator.of(TrustAnchors.of(ca))
                        .withClock(Clock.fixed(signing.getNotBefore().toInstant().plusSeconds(1), ZoneOffset.UTC)).validate(signing);
            } catch (Exception e) {
                return new Check(validity.name(), Outcome.FAIL, "password accepted, but the signing certificate is not signed "
                        + "by the card's signing CA: " + ErrorHandler.message(e));
            }
            return new Check(validity.name(), validity.outcome(), "password accepted; certificate signed by the card's "
                    + "signing CA, " + validity.detail());
        });
    }

    /** Runs one PIN test with a wrong-PIN budget of zero: only with a full counter, and never after a wrong PIN. */
    private void pinTest(CardSession s, PinKind kind, String name, PinStep step) {
        check(name, () -> {
            if (wrongPinSeen) {
                return new Check(name, Outcome.SKIP, "a wrong PIN was entered earlier in this run; no further PIN is sent");
            }
            PinStatus st = s.card().pinStatus(kind);
            if (st.remaining() < st.maxAttempts()) {
                return new Check(name, Outcome.SKIP, "the counter is " + st.remaining() + "/" + st.maxAttempts()
                        + ", below its maximum: no PIN is sent (the self-test's wrong-PIN budget is zero)");
            }
            try (Secret pin = PinOptions.prompt(ctx(), Names.pin(kind) + " for the self-test (Enter to skip): ")) {
                if (pin.chars().length == 0) {
                    return new Check(name, Outcome.SKIP, "skipped at the prompt; no PIN was sent");
                }
                PinStatus now = s.card().pinStatus(kind); // another program may have spent one while it was typed
                if (now.remaining() < now.maxAttempts()) {
                    return new Check(name, Outcome.SKIP, "the counter fell to " + now.remaining() + "/" + now.maxAttempts()
                            + " while the PIN was typed: no PIN is sent (the self-test's wrong-PIN budget is zero)");
                }
                return step.run(pin.chars());
            } catch (WrongPinException e) {
                wrongPinSeen = true;
                throw e;
            }
        });
    }

    private void check(String name, Step step) {
        try {
            checks.add(step.run());
        } catch (Exception e) {
            checks.add(new Check(name, Outcome.FAIL, ErrorHandler.message(e)));
        }
    }

    private int report(CardSession s, String hash) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        for (Check c : checks) {
            counts.merge(c.outcome(), 1, Integer::sum);
        }
        boolean failed = counts.get(Outcome.FAIL) > 0;
        int code = failed ? ExitCodes.SELF_TEST_FAILED : ExitCodes.OK;
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("authCertificateSha256", hash);
            List<Object> list = new ArrayList<>();
            for (Check c : checks) {
                Map<String, Object> j = Json.object();
                j.put("id", c.id());
                j.put("name", c.name());
                j.put("outcome", c.outcome());
                j.put("detail", c.detail());
                list.add(j);
            }
            o.put("checks", list);
            for (Outcome k : Outcome.values()) {
                o.put(k.name().toLowerCase(Locale.ROOT), counts.get(k));
            }
            printJson(o, code, failed ? counts.get(Outcome.FAIL) + " check(s) failed" : null);
            return code;
        }
        out().println("Self-test of the " + s.where() + (allowPinTests ? "" : " (no PIN is sent)"));
        for (Check c : checks) {
            out().printf("  %-4s  %s: %s%n", c.outcome(), c.name(), c.detail());
        }
        out().println("Authentication certificate SHA-256 (the card's line for --allow-list): "
                + (hash == null ? "(not read)" : hash));
        out().println("Result: " + counts.get(Outcome.PASS) + " passed, " + counts.get(Outcome.WARN) + " warnings, "
                + counts.get(Outcome.FAIL) + " failed, " + counts.get(Outcome.SKIP) + " skipped"
                + (failed ? " - SELF-TEST FAILED" : ""));
        if (failed) {
            failed(counts.get(Outcome.FAIL) + " check(s) failed");
        }
        return code;
    }
}
