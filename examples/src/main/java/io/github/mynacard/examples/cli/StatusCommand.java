package io.github.mynacard.examples.cli;

import io.github.mynacard.CardFileNotFoundException;
import io.github.mynacard.CardType;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.SecurityStatusException;
import io.github.mynacard.cert.CertificateValidity;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mynacard status}: the PIN counters, the card type and the certificates; spends no attempt. */
@Command(name = "status", header = "PIN counters, card type and certificates (no PIN, no attempt spent).", mixinStandardHelpOptions = true,
        description = {"Show the four PIN counters, the counters of the verification numbers (照合番号A and B of the "
            + "card-info and card-face applications), the card type (from the JPKI token) and each certificate's presence "
            + "and state: valid until its date, EXPIRED on its date, expiring within 90 days, or not yet valid. Spends no "
            + "attempt and needs no PIN: the signing certificate can be read only with the signing password, so its "
            + "dates are not shown here ('mynacard cert show signing' shows them)."})
public final class StatusCommand extends CardCommand {

    /** What status says of the signing certificate, whose dates it cannot read without the password. */
    static final String PIN_PROTECTED = "present (PIN-protected): its dates need the signing password, see "
            + "'mynacard cert show signing'";

    /**
     * A certificate as far as status can see it without a PIN.
     *
     * @param which the certificate
     * @param present whether the card holds it
     * @param pinProtected whether reading it needs the signing password (its dates are then unknown)
     * @param certificate the certificate, or null when absent or PIN-protected
     */
    record Cert(JpkiCertificate which, boolean present, boolean pinProtected, X509Certificate certificate) {
    }

    /** What {@code status} reads from the card. */
    private record Overview(Map<PinKind, PinStatus> pins, Map<PinKind, PinStatus> numbers, CardType type,
            List<Cert> certs) {
    }

    @picocli.CommandLine.Option(names = "--show-numbers", description = EmulatedTestValues.OPTION_DESCRIPTION)
    boolean showNumbers;

    @Override
    protected int run(CardSession s) throws Exception {
        EmulatedTestValues.check(s, showNumbers);
        // one session: through a reader, one hand-off to the card thread for all of it
        Overview read = s.card().withCard(c -> new Overview(c.pinStatuses(), CardOverview.verificationNumbers(c),
                c.cardType(), certificates(c)));
        Map<PinKind, PinStatus> pins = read.pins();
        Map<PinKind, PinStatus> numbers = read.numbers();
        CardType type = read.type();
        List<Cert> certs = read.certs();
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("cardType", type);
            o.put("pins", CardOverview.pinsJson(pins));
            o.put("verificationNumbers", CardOverview.pinsJson(numbers));
            List<Object> list = new ArrayList<>();
            for (Cert c : certs) {
                list.add(certJson(c));
            }
            o.put("certificates", list);
            if (showNumbers) {
                o.put("testValues", EmulatedTestValues.json(s.emulator()));
            }
            printJson(o);
            return ExitCodes.OK;
        }
        out().println("Card: " + s.where());
        out().println("Type: " + typeName(type) + (type.label().isEmpty() ? "" : ", token " + type.label()));
        out().println("PIN attempts left:");
        CardOverview.printPins(out(), pins, "  ");
        if (!numbers.isEmpty()) {
            out().println("Verification number (照合番号) attempts left:");
            CardOverview.printPins(out(), numbers, "  ");
        }
        out().println("Certificates:");
        for (Cert c : certs) {
            out().println("  " + Names.certificate(c.which()) + ": " + certText(c) + alongside(c, certs));
        }
        if (s.emulated()) {
            EmulatedTestValues.print(out(), s.emulator(), showNumbers);
        }
        return ExitCodes.OK;
    }

    /**
     * Reads each certificate that needs no PIN; for the signing certificate only checks that it is
     * there (the card answers "security status not satisfied" rather than "not found").
     */
    static List<Cert> certificates(MynaCard card) throws IOException, MynaCardException {
        List<Cert> out = new ArrayList<>();
        for (JpkiCertificate which : JpkiCertificate.values()) {
            try {
                out.add(new Cert(which, true, false, card.readCertificate(which)));
            } catch (SecurityStatusException e) {
                out.add(new Cert(which, true, true, null));
            } catch (CardFileNotFoundException e) {
                out.add(new Cert(which, false, which.needsSigningPin(), null));
            }
        }
        return out;
    }

    /**
     * For the PIN-protected signing certificate when the user-authentication certificate is not
     * valid: the two are normally issued and renewed together, so its state is a strong hint.
     */
    static String alongside(Cert c, List<Cert> certs) {
        if (c.which() != JpkiCertificate.SIGNING || !c.present() || c.certificate() != null) {
            return "";
        }
        for (Cert a : certs) {
            if (a.which() == JpkiCertificate.AUTHENTICATION && a.certificate() != null) {
                CertificateValidity v = CertificateChecks.validity(a.certificate());
                if (v.status() == CertificateValidity.Status.EXPIRED) {
                    return "; it is normally issued and renewed with the user-authentication certificate, which EXPIRED on "
                            + Names.japanDate(a.certificate().getNotAfter());
                }
            }
        }
        return "";
    }

    /**
     * @param type a card type
     * @return its name for people
     */
    static String typeName(CardType type) {
        return switch (type) {
            case MY_NUMBER_CARD -> "My Number Card (マイナンバーカード)";
            case RESIDENT_REGISTRY_CARD -> "Basic Resident Registry card (住基カード)";
            case ANDROID_SMARTPHONE -> "smartphone JPKI on Android";
            case IPHONE -> "smartphone JPKI on iPhone";
            case UNKNOWN -> "an unknown JPKI token";
        };
    }

    /**
     * @param c a certificate
     * @return one line for people: absent, PIN-protected, or its state and dates (Japan)
     */
    static String certText(Cert c) {
        if (!c.present()) {
            return "absent";
        }
        if (c.certificate() == null) {
            return PIN_PROTECTED;
        }
        CertificateValidity v = CertificateChecks.validity(c.certificate());
        if (v.status() == CertificateValidity.Status.NOT_YET_VALID) {
            return "present, NOT YET VALID: valid from " + Names.japanDate(c.certificate().getNotBefore()) + " until "
                    + Names.japanDate(c.certificate().getNotAfter()) + " (Japan)";
        }
        return "present, " + CertificateChecks.validityText(v);
    }

    /**
     * @param c a certificate
     * @return it as JSON: {@code state} is {@code valid}, {@code expiring_soon}, {@code expired},
     *     {@code not_yet_valid}, {@code absent} or {@code unknown} (PIN-protected)
     */
    static Map<String, Object> certJson(Cert c) {
        Map<String, Object> o = Json.object();
        o.put("certificate", Names.option(c.which()));
        o.put("present", c.present());
        o.put("pinProtected", c.pinProtected());
        X509Certificate x = c.certificate();
        CertificateValidity v = x == null ? null : CertificateChecks.validity(x);
        o.put("state", !c.present() ? "absent" : v == null ? "unknown" : Json.enumValue(v.status()));
        o.put("expired", v == null ? null : v.status() == CertificateValidity.Status.EXPIRED);
        o.put("notBefore", x == null ? null : Names.japanDate(x.getNotBefore()).toString());
        o.put("notAfter", x == null ? null : Names.japanDate(x.getNotAfter()).toString());
        if (c.present() && x == null) {
            o.put("note", "its dates need the signing password: see 'mynacard cert show signing'");
        }
        return o;
    }
}
