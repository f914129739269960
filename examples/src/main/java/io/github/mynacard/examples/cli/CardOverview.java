package io.github.mynacard.examples.cli;

import io.github.mynacard.CardFileNotFoundException;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.SecurityStatusException;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the commands report about a card without spending an attempt: the PIN counters and the
 * certificates' presence and expiry, as text and as JSON.
 */
final class CardOverview {

    private CardOverview() {
    }

    /**
     * A certificate as far as it can be seen without a PIN.
     *
     * @param which the certificate
     * @param present whether the card holds it
     * @param pinProtected whether it can only be read with the signing password (its date is then unknown)
     * @param notAfter its last day of validity in Japan, or null when unknown
     */
    record CertInfo(JpkiCertificate which, boolean present, boolean pinProtected, LocalDate notAfter) {
    }

    /**
     * Reads each certificate that needs no PIN; for the signing certificate only checks that it is
     * there (the card answers "security status not satisfied" rather than "not found").
     *
     * @param card the card
     * @return the four certificates
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses otherwise
     */
    static List<CertInfo> certificates(MynaCard card) throws IOException, MynaCardException {
        List<CertInfo> out = new ArrayList<>();
        for (JpkiCertificate which : JpkiCertificate.values()) {
            try {
                X509Certificate c = card.readCertificate(which);
                out.add(new CertInfo(which, true, false, Names.japanDate(c.getNotAfter())));
            } catch (SecurityStatusException e) {
                out.add(new CertInfo(which, true, true, null));
            } catch (CardFileNotFoundException e) {
                out.add(new CertInfo(which, false, which.needsSigningPin(), null));
            }
        }
        return out;
    }

    /**
     * The counters of the verification numbers (照合番号A and B of the card-info and card-face
     * applications), read with empty VERIFYs that spend nothing. A number the card does not have is
     * left out.
     *
     * @param card the card
     * @return the counters, in {@link PinKind} order
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses otherwise
     */
    static Map<PinKind, PinStatus> verificationNumbers(MynaCard card) throws IOException, MynaCardException {
        Map<PinKind, PinStatus> out = new java.util.EnumMap<>(PinKind.class);
        for (PinKind k : PinKind.values()) {
            if (!k.isVerificationNumber()) {
                continue;
            }
            try {
                out.put(k, card.pinStatus(k));
            } catch (CardFileNotFoundException e) {
                // an older card, or an emulated one without that application
            }
        }
        return out;
    }

    /**
     * @param s a PIN's counter
     * @return e.g. {@code "3/3"}, {@code "1/3 LAST ATTEMPT"}, {@code "0/5 BLOCKED"}
     */
    static String counter(PinStatus s) {
        return s.remaining() + "/" + s.maxAttempts() + (s.blocked() ? "  BLOCKED" : s.lastAttempt() ? "  LAST ATTEMPT" : "");
    }

    /**
     * Prints the counters, one line each.
     *
     * @param out where to print
     * @param pins the counters
     * @param indent the indentation
     */
    static void printPins(PrintWriter out, Map<PinKind, PinStatus> pins, String indent) {
        for (PinStatus s : pins.values()) {
            // as printf("%s%-16s %s%n"), without a Formatter (its first use costs a cold start milliseconds)
            StringBuilder line = new StringBuilder(indent).append(counter(s));
            while (line.length() < indent.length() + 16) {
                line.append(' ');
            }
            out.println(line.append(' ').append(Names.pin(s.kind())));
        }
    }

    /**
     * @param pins the counters
     * @return them as a JSON array
     */
    static List<Object> pinsJson(Map<PinKind, PinStatus> pins) {
        List<Object> list = new ArrayList<>();
        for (PinStatus s : pins.values()) {
            Map<String, Object> o = Json.object();
            o.put("pin", Names.option(s.kind()));
            o.put("name", s.kind().englishName());
            o.put("japaneseName", s.kind().japaneseName());
            o.put("remaining", s.remaining());
            o.put("maxAttempts", s.maxAttempts());
            o.put("blocked", s.blocked());
            o.put("lastAttempt", s.lastAttempt());
            list.add(o);
        }
        return list;
    }

    /**
     * @param c a certificate's state
     * @return one line for people
     */
    static String certText(CertInfo c) {
        if (!c.present()) {
            return "absent";
        }
        if (c.pinProtected()) {
            return "present (PIN-protected)";
        }
        return "present, valid until " + c.notAfter();
    }

    /**
     * @param certs the certificates
     * @return them as a JSON array
     */
    static List<Object> certsJson(List<CertInfo> certs) {
        List<Object> list = new ArrayList<>();
        for (CertInfo c : certs) {
            Map<String, Object> o = Json.object();
            o.put("certificate", Names.option(c.which()));
            o.put("present", c.present());
            o.put("pinProtected", c.pinProtected());
            o.put("notAfter", c.notAfter() == null ? null : c.notAfter().toString());
            list.add(o);
        }
        return list;
    }
}
