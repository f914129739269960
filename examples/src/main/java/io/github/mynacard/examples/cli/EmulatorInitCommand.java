package io.github.mynacard.examples.cli;

import io.github.mynacard.Sex;
import io.github.mynacard.mock.MynaCardEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mynacard emulator init}: writes a new emulated card. Its PINs are options because an
 * emulated card's PINs are test data, not secrets.
 */
@Command(name = "init", header = "Create a new emulated card state file.", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Create a new emulated card state file with the given holder data and PINs (test data, not "
            + "secrets: they may be given as options here, and only here). Refuses to replace an existing file without "
            + "--force, and never replaces a directory or another special file."})
public final class EmulatorInitCommand extends BaseCommand {

    @Option(names = "--card", paramLabel = "FILE", description = "The state file to create (default: ~/.mynacard/card.state).")
    Path card;

    @Option(names = "--force", description = "Replace an existing state file.")
    boolean force;

    @Option(names = "--signing-pin", paramLabel = "PASSWORD", defaultValue = MynaCardEmulator.DEFAULT_SIGNING_PIN,
            description = "Signing password (署名用電子証明書 暗証番号): 6-16 of A-Z and 0-9.")
    String signingPin;

    @Option(names = "--user-pin", paramLabel = "PIN", defaultValue = MynaCardEmulator.DEFAULT_USER_PIN,
            description = "User-authentication PIN (利用者証明用電子証明書 暗証番号): 4 digits.")
    String userPin;

    @Option(names = "--resident-pin", paramLabel = "PIN", defaultValue = MynaCardEmulator.DEFAULT_RESIDENT_REGISTRY_PIN,
            description = "Resident-registry PIN (住民基本台帳用 暗証番号): 4 digits.")
    String residentPin;

    @Option(names = "--card-info-pin", paramLabel = "PIN", defaultValue = MynaCardEmulator.DEFAULT_CARD_INFO_PIN,
            description = "Card-info input support PIN (券面事項入力補助用 暗証番号): 4 digits.")
    String cardInfoPin;

    @Option(names = "--name", defaultValue = MynaCardEmulator.DEFAULT_NAME,
            description = "Holder's name, family and given name separated by an ideographic space (U+3000).")
    String name;

    @Option(names = "--address", defaultValue = MynaCardEmulator.DEFAULT_ADDRESS, description = "Holder's address.")
    String address;

    @Option(names = "--birth-date", paramLabel = "YYYY-MM-DD", defaultValue = "1990-04-01", description = "Holder's birth date.")
    LocalDate birthDate;

    @Option(names = "--sex", defaultValue = "female", converter = Names.SexConverter.class, description = "Holder's sex: male, female, not_applicable or unknown (default: female).")
    Sex sex;

    @Option(names = "--my-number", paramLabel = "DIGITS", defaultValue = MynaCardEmulator.DEFAULT_MY_NUMBER,
            description = "12-digit My Number (個人番号) with a valid check digit (fictional).")
    String myNumber;

    @Option(names = "--certificate-issue-date", paramLabel = "YYYY-MM-DD",
            description = "First day of both holder certificates (default: today in Japan); they expire on the holder's "
                + "birthday five years later.")
    LocalDate issueDate;

    @Option(names = "--seed", paramLabel = "N",
            description = "What the card's keys, certificate serials and photo are drawn from: the same seed "
                + "and holder data give the same card (default: random, so that every card is another).")
    Long seed;

    @Option(names = "--card-expiry-date", paramLabel = "YYYY-MM-DD",
            description = "The card's expiry date (default: the holder's 10th birthday after issue, 5th under 18).")
    LocalDate cardExpiryDate;

    @Option(names = "--security-code", paramLabel = "DIGITS",
            description = "The 4-digit security code printed on the card, part of 照合番号B (default: "
                + MynaCardEmulator.DEFAULT_SECURITY_CODE + ", a test value).")
    String securityCode;

    @Option(names = "--municipality-code", paramLabel = "DIGITS", defaultValue = MynaCardEmulator.DEFAULT_MUNICIPALITY_CODE,
            description = "The holder's 5-digit municipality code (default: ${DEFAULT-VALUE}).")
    String municipalityCode;

    @Option(names = "--profile", paramLabel = "REPORT",
            description = "A card report ('mynacard card-report'): the new card answers in the form that card and reader "
                + "did (extended lengths, short EF identifiers, reads past a file's end, timings), with its own content and "
                + "rules. Reports the project keeps are in card-reports/.")
    Path profile;

    @Option(names = "--show-numbers",
            description = "Print the card's security code and 照合番号B in full (test values; without it they are shown as "
                + "****, as anything PIN-like is; --json always gives them, for scripts).")
    boolean showNumbers;

    @Override
    protected int execute() throws Exception {
        Path file = card != null ? card : ctx().defaultCardFile();
        cardIs(file);
        EmulatorCards.requireReplaceable(file, true, "emulator init");
        if (Files.exists(file) && !force) {
            throw CliException.badInput(file + " already exists; emulator init leaves it as it is. Add --force to replace "
                    + "it with a new card.");
        }
        io.github.mynacard.report.CardReport report = null;
        if (profile != null) {
            CliFiles.requireFile(profile);
            try {
                report = io.github.mynacard.report.CardReport.read(profile);
            } catch (io.github.mynacard.report.CardReportFormatException e) {
                throw CliException.badInput(profile + ": " + e.getMessage() + "; nothing was made");
            } catch (java.io.IOException e) {
                throw CliException.badInput("cannot read " + profile + ": " + CliFiles.reason(e) + "; nothing was made");
            }
        }
        MynaCardEmulator.Builder b = MynaCardEmulator.builder().profile(report).signingPin(signingPin).userPin(userPin)
                .residentRegistryPin(residentPin).cardInfoPin(cardInfoPin).name(name).address(address)
                .birthDate(birthDate).sex(sex).myNumber(myNumber);
        if (issueDate != null) {
            b.certificateIssueDate(issueDate);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (cardExpiryDate != null) {
            b.cardExpiryDate(cardExpiryDate);
        }
        if (securityCode != null) {
            b.securityCode(securityCode);
        }
        b.municipalityCode(municipalityCode);
        MynaCardEmulator created = EmulatorCards.create(b, file);
        EmulatorCards.warnWithoutFont(err(), name, address);
        char[] code = created.securityCode();
        char[] numberB = io.github.mynacard.VerificationNumbers.numberB(created.holderBirthDate(),
                created.cardExpiryDate().getYear(), code);
        try {
            if (json()) {
                Map<String, Object> o = Json.object();
                o.put("created", true);
                o.put("cardExpiryDate", created.cardExpiryDate().toString());
                o.put("securityCode", new String(code));
                o.put("numberB", new String(numberB));
                if (created.profile() != null) {
                    o.put("profile", created.profile().describe());
                }
                printJson(o);
            } else {
                out().println("Created a new emulated card in " + file + " (PINs as given; every counter full).");
                if (created.profile() != null) {
                    out().println("  It answers in the form of the card report " + profile + ":");
                    for (String line : created.profile().describe()) {
                        out().println("    " + line);
                    }
                }
                if (showNumbers) {
                    out().println("  The card expires on " + created.cardExpiryDate() + "; its security code is " + new String(code)
                            + ", so its 照合番号B (for 'mynacard face' and 'fields --with pin-b') is " + new String(numberB) + ".");
                } else {
                    out().println("  The card expires on " + created.cardExpiryDate() + "; its security code is " + Redactor.MASK
                            + " and its 照合番号B (birth date in the Japanese era YYMMDD, expiry year, security code; for "
                            + "'mynacard face' and 'fields --with pin-b') is " + Redactor.MASK + ": add --show-numbers to "
                            + "print these test values.");
                }
            }
        } finally {
            java.util.Arrays.fill(code, '\0');
            java.util.Arrays.fill(numberB, '\0');
            created.close();
        }
        return ExitCodes.OK;
    }
}
