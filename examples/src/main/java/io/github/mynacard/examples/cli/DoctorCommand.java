package io.github.mynacard.examples.cli;

import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code mynacard doctor}: from the counters and certificate dates, what the holder should do, in
 * the terms of the public procedure. Spends no attempt.
 */
@Command(name = "doctor", header = "What the card holder should do: kiosk, municipal office, certificate renewal.", mixinStandardHelpOptions = true,
        description = {"Tell the card holder what to do, from the PIN counters and the certificate dates (no PIN needed, "
            + "no attempt spent): a blocked signing password with a known user-authentication PIN (or a blocked "
            + "user-authentication PIN with a known signing password) is reset at a convenience-store kiosk after the "
            + "JPKI PIN-reset app's face check; anything else blocked means the municipal office; a certificate expired "
            + "or expiring within " + DoctorCommand.RENEW_DAYS
            + " days should be renewed (at the same visit).",
            "With --face: also reads the card face with 照合番号B (asked like a PIN; it has its own 10 attempts) for the "
                + "card's own expiry date, and checks the holder's rule of thumb that the certificates end about five years "
                + "before the card (card expiry - 5 years) against the certificates' actual dates, saying when they disagree.",
            "Order for --pin-stdin (with --face): 照合番号B."})
public final class DoctorCommand extends PinCommand {

    static final String EMULATOR = "This is an emulated card, so there is no kiosk or office to go to: "
            + "'mynacard reset-signing-pin' plays the convenience-store kiosk (a new signing password, with the user-authentication "
            + "PIN), and --fresh --force (or 'mynacard emulator init --force') starts a new card with every counter full. "
            + "Its security code and 照合番号B are test values: --show-numbers prints them.";

    /** How far a certificate's end may be from the card's expiry minus five years and still agree with the rule. */
    static final int RULE_TOLERANCE_DAYS = 31;

    @picocli.CommandLine.Option(names = "--face", description = "Also read the card face (照合番号B) for the card's own expiry date.")
    boolean face;

    @picocli.CommandLine.Option(names = "--show-numbers", description = EmulatedTestValues.OPTION_DESCRIPTION)
    boolean showNumbers;

    /** Certificates expiring within this many days should be renewed. */
    static final int RENEW_DAYS = 90;

    static final String KIOSK = "Reset the signing password (署名用電子証明書 暗証番号) yourself: do the face check in the JPKI "
            + "PIN-reset app (JPKI暗証番号リセットアプリ) on your smartphone, then within 24 hours go to a convenience-store "
            + "kiosk (マルチコピー機) with the card and your user-authentication PIN. Kiosks do not offer this between "
            + "23:00 and 6:30. If you do not know the user-authentication PIN, go to the municipal office instead.";

    static final String KIOSK_USER = "Reset the user-authentication PIN (利用者証明用電子証明書 暗証番号) yourself: do the face "
            + "check in the JPKI PIN-reset app (JPKI暗証番号リセットアプリ) on your smartphone, then within 24 hours go to a "
            + "convenience-store kiosk (マルチコピー機) with the card and your signing password. Kiosks do not offer this "
            + "between 23:00 and 6:30. If you do not know the signing password, go to the municipal office instead.";

    @Override
    protected int run(CardSession s) throws Exception {
        EmulatedTestValues.check(s, showNumbers);
        Map<PinKind, PinStatus> pins = new java.util.EnumMap<>(s.card().pinStatuses());
        pins.putAll(CardOverview.verificationNumbers(s.card()));
        List<CardOverview.CertInfo> certs = CardOverview.certificates(s.card());
        LocalDate cardExpiry = null;
        if (face) {
            try (PinOptions.GuardedPin p = pin(s, PinKind.CARD_FACE_NUMBER_B)) {
                cardExpiry = s.card().readCardFace(io.github.mynacard.Unlock.withNumberB(p.chars()).lastAttempt(p.lastAttempt()))
                        .expiryDate();
            }
            pins.putAll(CardOverview.verificationNumbers(s.card()));
        }
        LocalDate today = LocalDate.now(Names.JAPAN);
        List<String[]> actions = advise(pins, certs, today);
        List<String[]> cardAdvice = cardExpiry == null ? List.of() : cardAdvice(cardExpiry, certs, today);
        actions.addAll(0, cardAdvice);
        if (s.emulated()) {
            actions.add(new String[] {"emulator", EMULATOR});
        }
        if (actions.size() > cardAdvice.size() && actions.get(actions.size() - 1)[0].equals("ok") && cardAdvice.stream()
                .anyMatch(a -> !a[0].equals("card"))) {
            actions.remove(actions.size() - 1);
        }
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("pins", CardOverview.pinsJson(pins));
            o.put("certificates", CardOverview.certsJson(certs));
            if (cardExpiry != null) {
                Map<String, Object> c = Json.object();
                c.put("expiryDate", cardExpiry.toString());
                c.put("certificatesExpectedUntil", cardExpiry.minusYears(5).toString());
                c.put("certificatesAgree", ruleAgrees(cardExpiry, certs));
                o.put("cardExpiry", c);
            }
            List<Object> list = new ArrayList<>();
            for (String[] a : actions) {
                Map<String, Object> m = Json.object();
                m.put("kind", a[0]);
                m.put("advice", a[1]);
                list.add(m);
            }
            o.put("advice", list);
            if (showNumbers) {
                o.put("testValues", EmulatedTestValues.json(s.emulator()));
            }
            printJson(o);
            return ExitCodes.OK;
        }
        out().println("Card: " + s.where());
        CardOverview.printPins(out(), pins, "  ");
        out().println();
        out().println("What to do:");
        int n = 1;
        for (String[] a : actions) {
            out().println(Names.wrap("  " + n++ + ". ", a[1], Names.width(ctx())));
        }
        if (s.emulated()) {
            out().println();
            EmulatedTestValues.print(out(), s.emulator(), showNumbers);
        }
        return ExitCodes.OK;
    }

    /** Whether every present holder certificate ends within the tolerance of card expiry minus five years. */
    static boolean ruleAgrees(LocalDate cardExpiry, List<CardOverview.CertInfo> certs) {
        LocalDate expected = cardExpiry.minusYears(5);
        for (CardOverview.CertInfo c : certs) {
            if (c.which() == JpkiCertificate.AUTHENTICATION && c.present() && c.notAfter() != null
                    && Math.abs(ChronoUnit.DAYS.between(expected, c.notAfter())) > RULE_TOLERANCE_DAYS) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the card face's expiry date says: the card's own validity (kind {@code card}, or
     * {@code renew-card} within {@value #RENEW_DAYS} days or after), and the rule of thumb that
     * the certificates end about five years before the card, checked against the authentication
     * certificate's actual date (kind {@code warning} when they disagree).
     */
    static List<String[]> cardAdvice(LocalDate cardExpiry, List<CardOverview.CertInfo> certs, LocalDate today) {
        List<String[]> out = new ArrayList<>();
        long days = ChronoUnit.DAYS.between(today, cardExpiry);
        if (days < 0) {
            out.add(new String[] {"renew-card", "The card itself expired on " + cardExpiry + ": apply for a new card at the "
                    + "municipal office (its certificates cannot be renewed on an expired card)."});
        } else if (days <= RENEW_DAYS) {
            out.add(new String[] {"renew-card", "The card itself expires on " + cardExpiry + " (in " + days + " days): apply "
                    + "for a new card at the municipal office."});
        } else {
            out.add(new String[] {"card", "The card itself is valid until " + cardExpiry + " (有効期限, from the card face)."});
        }
        LocalDate expected = cardExpiry.minusYears(5);
        CardOverview.CertInfo auth = certs.stream().filter(c -> c.which() == JpkiCertificate.AUTHENTICATION && c.present()
                && c.notAfter() != null).findFirst().orElse(null);
        if (auth == null) {
            return out;
        }
        if (ruleAgrees(cardExpiry, certs)) {
            out.add(new String[] {"card", "The certificates end on " + auth.notAfter() + ", about five years before the card, "
                    + "as the usual rule has it (card expiry - 5 years = " + expected + "); renewing them then keeps the card "
                    + "usable until " + cardExpiry + "."});
        } else if (auth.notAfter().isAfter(cardExpiry)) {
            out.add(new String[] {"warning", "The certificates end on " + auth.notAfter() + ", after the card itself ("
                    + cardExpiry + "): they cannot be used beyond the card's expiry. Go by the card's date."});
        } else {
            out.add(new String[] {"warning", "The certificates end on " + auth.notAfter() + ", not about five years before the "
                    + "card (card expiry - 5 years = " + expected + ") as the usual rule has it (they may have been issued "
                    + "or renewed at another time): go by the certificates' own date for them and by " + cardExpiry
                    + " for the card."});
        }
        return out;
    }

    /**
     * The advice, each as a kind ({@code ok}, {@code kiosk}, {@code municipal-office}, {@code renew},
     * {@code warning}) and a sentence.
     */
    static List<String[]> advise(Map<PinKind, PinStatus> pins, List<CardOverview.CertInfo> certs, LocalDate today) {
        List<String[]> out = new ArrayList<>();
        boolean signingBlocked = pins.get(PinKind.SIGNING).blocked();
        boolean userBlocked = pins.get(PinKind.USER_AUTH).blocked();
        List<String> office = new ArrayList<>();
        // the two JPKI PINs reset each other at a kiosk; with both blocked, or any other PIN, only the office can
        if (signingBlocked && !userBlocked) {
            out.add(new String[] {"kiosk", KIOSK});
        }
        if (userBlocked && !signingBlocked) {
            out.add(new String[] {"kiosk", KIOSK_USER});
        }
        for (PinStatus p : pins.values()) {
            boolean kiosk = (p.kind() == PinKind.SIGNING && !userBlocked) || (p.kind() == PinKind.USER_AUTH && !signingBlocked);
            if (p.blocked() && !kiosk) {
                office.add(Names.pin(p.kind()));
            }
        }
        boolean visit = !office.isEmpty();
        if (visit) {
            out.add(new String[] {"municipal-office", "Blocked: " + String.join(", ", office) + ". Only the municipal office "
                    + "(市区町村の窓口) can reset " + (office.size() == 1 ? "it" : "them") + ": bring the card and an identity document."});
        }
        for (PinStatus p : pins.values()) {
            if (!p.blocked() && p.remaining() < p.maxAttempts()) {
                out.add(new String[] {"warning", "The " + Names.pin(p.kind()) + " has " + p.remaining() + " of " + p.maxAttempts()
                        + " attempts left" + (p.lastAttempt() ? " - the next wrong entry blocks it; if you are not sure of it, do not try." : ".")
                        + " A correct entry restores the counter."});
            }
        }
        for (CardOverview.CertInfo c : certs) {
            if (c.which() == JpkiCertificate.AUTHENTICATION_CA || c.which() == JpkiCertificate.SIGNING_CA) {
                continue;
            }
            if (!c.present()) {
                out.add(new String[] {"municipal-office", "The card holds no " + Names.certificate(c.which())
                        + "; it can be issued at the municipal office" + (visit ? " at the same visit." : ".")});
                continue;
            }
            if (c.notAfter() == null) {
                continue;
            }
            long days = ChronoUnit.DAYS.between(today, c.notAfter());
            String name = Names.certificate(c.which());
            String also = c.which() == JpkiCertificate.AUTHENTICATION
                    ? " (the signing certificate, readable only with its password, is normally issued and renewed with it)" : "";
            if (days < 0) {
                out.add(new String[] {"renew", "The " + name + " expired on " + c.notAfter() + also + ": renew it at the municipal "
                        + "office" + (visit ? " at the same visit." : ".")});
                visit = true;
            } else if (days <= RENEW_DAYS) {
                out.add(new String[] {"renew", "The " + name + " expires on " + c.notAfter() + " (in " + days + " days)" + also
                        + ": renew it at the municipal office" + (visit ? " at the same visit." : " soon.")});
                visit = true;
            }
        }
        if (out.isEmpty()) {
            LocalDate until = certs.stream().filter(c -> c.notAfter() != null && c.which() == JpkiCertificate.AUTHENTICATION)
                    .map(CardOverview.CertInfo::notAfter).findFirst().orElse(null);
            out.add(new String[] {"ok", "Nothing to do: every PIN has all its attempts"
                    + (until == null ? "." : " and the user-authentication certificate is valid until " + until + ".")});
        }
        return out;
    }
}
