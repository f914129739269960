package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mynacard.CardDataException;
import io.github.mynacard.CardFileNotFoundException;
import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.LastAttemptException;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinBlockedException;
import io.github.mynacard.PinFormatException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinResetUnavailableException;
import io.github.mynacard.SecurityStatusException;
import io.github.mynacard.StrengthCheck;
import io.github.mynacard.WrongPinException;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.TracingTransport;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No PIN and no personal data ever leaks: every operation runs once with a {@link TracingTransport}
 * on, every kind of error happens once, and the trace lines, the exception messages (whole cause
 * chains, and their {@code toString()}) and the {@code toString()} of every returned object are
 * searched for the four PINs, the new PINs, the My Number, the name and the address, as text and as
 * hex (spaced and compact, upper and lower case).
 */
class NoLeakTest {

    static final String USER = "2468";
    static final String SIGN = "SECRET2026";
    static final String RESIDENT = "1357";
    static final String INFO = "9753";
    static final String NEW_USER = "8642";
    static final String NEW_SIGN = "NEWSECRET77";
    static final String NEW_INFO = "3197";
    static final String NEW_RESIDENT = "5791";
    static final String MY_NUMBER = "123456789018";
    static final String NAME = "漏洩　禁止";
    static final String ADDRESS = "東京都港区秘密町９丁目８番７号";

    private final List<String> texts = new ArrayList<>();
    private final Set<String> errorsSeen = new LinkedHashSet<>();
    private boolean hideCardInfo;

    private void keep(Object o) {
        if (o instanceof X509Certificate) {
            return; // a certificate is personal data by design (the signing one names the holder); never logged by the library
        }
        texts.add(String.valueOf(o));
    }

    private void expect(Class<? extends MynaCardException> type, Op op) throws Exception {
        try {
            keep(op.run());
            fail("expected " + type.getSimpleName());
        } catch (MynaCardException e) {
            assertEquals(type, e.getClass(), String.valueOf(e));
            errorsSeen.add(type.getSimpleName());
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(t.getMessage());
                texts.add(t.toString());
                for (Throwable s : t.getSuppressed()) {
                    texts.add(s.toString());
                }
            }
        }
    }

    interface Op {
        Object run() throws Exception;
    }

    @Test
    void noTraceMessageOrToStringHoldsAPinOrPersonalData() throws Exception {
        assertTrue(io.github.mynacard.MyNumber.isValid(MY_NUMBER));
        MynaCardEmulator emulator = MynaCardEmulator.builder().userPin(USER).signingPin(SIGN).residentRegistryPin(RESIDENT)
                .cardInfoPin(INFO).myNumber(MY_NUMBER).name(NAME).address(ADDRESS)
                // a fixed identity: with random keys, the hex of the signature kept below held a
                // 4-digit PIN's digits by chance about once in twenty runs
                .seed(25).build();
        CardTransport hiding = apdu -> {
            // the card-info application can be made to look absent, for a file-not-found error
            if (hideCardInfo && apdu.length > 5 && apdu[1] == (byte) 0xA4 && apdu[2] == 0x04
                    && HexFormat.of().formatHex(apdu).toUpperCase(Locale.ROOT).endsWith(MynaCardEmulator.CARD_INFO_AID)) {
                return new byte[] {0x6A, (byte) 0x82};
            }
            return emulator.transmit(apdu);
        };
        TracingTransport traced = new TracingTransport(hiding, (c, r, n) -> {
            texts.add(c);
            texts.add(r);
        });
        MynaCard card = MynaCard.open(traced);
        keep(card);
        keep(emulator);
        keep(traced);

        // every operation once, successfully
        keep(card.pinStatuses());
        card.verifyUserPin(USER.toCharArray());
        card.verifySignaturePin(SIGN.toCharArray());
        card.verifyPin(PinKind.RESIDENT_REGISTRY, RESIDENT.toCharArray());
        keep(card.readCardFields(INFO.toCharArray()));
        keep(card.readCertificate(JpkiCertificate.AUTHENTICATION));
        keep(card.readSigningCertificate(SIGN.toCharArray()));
        keep(HexFormat.of().formatHex(card.signDigest(JpkiKey.SIGNING, DigestAlgorithm.SHA256, new byte[32], SIGN.toCharArray())));
        keep(card.signDigest(JpkiKey.AUTHENTICATION, DigestAlgorithm.SHA256, new byte[32], USER.toCharArray()));
        keep(card.cardType());
        card.changePin(PinKind.CARD_INFO_INPUT, INFO.toCharArray(), NEW_INFO.toCharArray());
        card.changePin(PinKind.RESIDENT_REGISTRY, RESIDENT.toCharArray(), NEW_RESIDENT.toCharArray());
        card.resetSigningPin(USER.toCharArray(), NEW_SIGN.toCharArray(), TestTerminals.kiosk());
        card.resetPin(PinKind.USER_AUTH, NEW_USER.toCharArray(), TestTerminals.municipalOffice(), StrengthCheck.ENFORCE);

        // every error once
        expect(PinFormatException.class, () -> {
            card.verifyUserPin("12a4".toCharArray());
            return null;
        });
        expect(PinFormatException.class, () -> {
            card.changePin(PinKind.USER_AUTH, NEW_USER.toCharArray(), "1111".toCharArray()); // weak
            return null;
        });
        expect(WrongPinException.class, () -> {
            card.verifyUserPin(USER.toCharArray()); // the old one
            return null;
        });
        expect(WrongPinException.class, () -> card.readCardFields(INFO.toCharArray()));
        expect(WrongPinException.class, () -> {
            card.verifyUserPin(USER.toCharArray()); // one attempt left after this
            return null;
        });
        expect(LastAttemptException.class, () -> {
            card.verifyUserPin(USER.toCharArray()); // the guard refuses to spend the last one
            return null;
        });
        for (int i = 0; i < 2; i++) {
            expect(WrongPinException.class, () -> {
                card.verifyPin(PinKind.RESIDENT_REGISTRY, RESIDENT.toCharArray(), LastAttempt.ALLOW); // the old one
                return null;
            });
        }
        expect(PinBlockedException.class, () -> { // the attempt that exhausts it (63C0)
            card.verifyPin(PinKind.RESIDENT_REGISTRY, "0000".toCharArray(), LastAttempt.ALLOW);
            return null;
        });
        expect(PinBlockedException.class, () -> { // known blocked: nothing sent
            card.verifyPin(PinKind.RESIDENT_REGISTRY, NEW_RESIDENT.toCharArray());
            return null;
        });
        MynaCard fresh = MynaCard.open(traced);
        expect(PinBlockedException.class, () -> { // 6984 from the card, even for the right PIN
            fresh.verifyPin(PinKind.RESIDENT_REGISTRY, NEW_RESIDENT.toCharArray(), LastAttempt.ALLOW);
            return null;
        });
        expect(SecurityStatusException.class, () -> {
            card.readCardFields(NEW_INFO.toCharArray()); // leaves the JPKI application
            return card.readCertificate(JpkiCertificate.SIGNING);
        });
        expect(PinResetUnavailableException.class, () -> {
            card.resetPin(PinKind.CARD_INFO_INPUT, NEW_INFO.toCharArray(), TestTerminals.kiosk(), StrengthCheck.ENFORCE);
            return null;
        });
        expect(PinResetUnavailableException.class, () -> {
            card.resetSigningPin(NEW_USER.toCharArray(), "OTHERPASS9".toCharArray(), null);
            return null;
        });
        emulator.overwriteFile(MynaCardEmulator.CARD_INFO_AID, 0x0001,
                ("\u00FF\u0010\u000C" + "123456789011").getBytes(StandardCharsets.ISO_8859_1)); // wrong check digit
        expect(CardDataException.class, () -> card.readCardFields(NEW_INFO.toCharArray()));
        hideCardInfo = true;
        MynaCard another = MynaCard.open(traced); // a new session selects the application again
        expect(CardFileNotFoundException.class, () -> another.readCardFields(NEW_INFO.toCharArray()));
        card.close();
        keep(card);

        assertEquals(Set.of("PinFormatException", "WrongPinException", "LastAttemptException", "PinBlockedException",
                "SecurityStatusException", "PinResetUnavailableException", "CardDataException", "CardFileNotFoundException"),
                errorsSeen);
        String[] secrets = {USER, SIGN, RESIDENT, INFO, NEW_USER, NEW_SIGN, NEW_INFO, NEW_RESIDENT, MY_NUMBER, "123456789011",
            NAME, ADDRESS, "漏洩", "禁止", "秘密町"};
        List<String> forms = new ArrayList<>();
        for (String s : secrets) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            forms.add(s);
            forms.add(HexFormat.of().formatHex(utf8));
            forms.add(HexFormat.of().withUpperCase().formatHex(utf8));
            forms.add(HexFormat.ofDelimiter(" ").formatHex(utf8));
            forms.add(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(utf8));
        }
        assertTrue(texts.size() > 150, "too little was captured: " + texts.size());
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (String f : forms) {
                assertTrue(!text.contains(f), "leak of a secret (" + f.length() + " chars) in: " + text.replace(f, "<HERE>"));
            }
        }
    }
}
