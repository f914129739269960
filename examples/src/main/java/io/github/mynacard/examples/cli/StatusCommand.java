package io.github.mynacard.examples.cli;

import io.github.mynacard.CardType;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mynacard status}: the PIN counters, the card type and the certificates; spends no attempt. */
@Command(name = "status", header = "PIN counters, card type and certificates (no PIN, no attempt spent).", mixinStandardHelpOptions = true,
        description = {"Show the four PIN counters, the counters of the verification numbers (照合番号A and B of the "
            + "card-info and card-face applications), the card type (from the JPKI token) and each certificate's presence "
            + "and expiry. Spends no attempt and needs no PIN: the signing certificate is reported as "
            + "'present (PIN-protected)' because reading it needs the signing password."})
public final class StatusCommand extends CardCommand {

    @Override
    protected int run(CardSession s) throws Exception {
        Map<PinKind, PinStatus> pins = s.card().pinStatuses();
        Map<PinKind, PinStatus> numbers = CardReport.verificationNumbers(s.card());
        CardType type = s.card().cardType();
        List<CardReport.CertInfo> certs = CardReport.certificates(s.card());
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("card", s.where());
            o.put("cardType", type);
            o.put("pins", CardReport.pinsJson(pins));
            o.put("verificationNumbers", CardReport.pinsJson(numbers));
            o.put("certificates", CardReport.certsJson(certs));
            printJson(o);
            return ExitCodes.OK;
        }
        out().println("Card: " + s.where());
        out().println("Type: " + type + (type.label().isEmpty() ? "" : " (token " + type.label() + ")"));
        out().println("PIN attempts left:");
        CardReport.printPins(out(), pins, "  ");
        if (!numbers.isEmpty()) {
            out().println("Verification number (照合番号) attempts left:");
            CardReport.printPins(out(), numbers, "  ");
        }
        out().println("Certificates:");
        for (CardReport.CertInfo c : certs) {
            out().println("  " + Names.certificate(c.which()) + ": " + CardReport.certText(c));
        }
        return ExitCodes.OK;
    }
}
