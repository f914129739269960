package io.github.mynacard.internal;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardDataException;
import io.github.mynacard.CardFields;
import io.github.mynacard.LastAttempt;
import io.github.mynacard.MyNumber;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinKind;
import io.github.mynacard.Sex;
import io.github.mynacard.apdu.BerTlv;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;

/** The card-info input support application (券面事項入力補助AP): My Number and basic four information. */
public final class CardInfoSession {

    /** Made on first use: building a formatter costs a command line some milliseconds of start-up. */
    private static final class Dates {
        static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd")
                .withResolverStyle(ResolverStyle.STRICT);
    }

    private final CardChannel ch;
    private final PinGuard pins;

    /**
     * @param ch the session's channel
     * @param pins the session's PIN guard
     */
    public CardInfoSession(CardChannel ch, PinGuard pins) {
        this.ch = ch;
        this.pins = pins;
    }

    /**
     * Verifies the card-info PIN or a verification number and reads what it opens: with the PIN the
     * My Number (EF 0001) and the basic four information (EF 0002); with 照合番号A the My Number only;
     * with 照合番号B the basic four information only. With a trusted key, also checks what was read
     * against the integrity record (EF 0003, which any of the three opens).
     *
     * @param kind {@link PinKind#CARD_INFO_INPUT}, {@link PinKind#CARD_INFO_NUMBER_A} or
     *     {@link PinKind#CARD_INFO_NUMBER_B}
     * @param secret the PIN or number; not modified, not kept
     * @param lastAttempt whether the last attempt may be spent
     * @param trusted the authority key that certifies the AP's issuer, or null for no check
     * @return the fields
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses or the data is malformed
     */
    public CardFields read(PinKind kind, char[] secret, LastAttempt lastAttempt, PublicKey trusted)
            throws IOException, MynaCardException {
        pins.verify(kind, secret, lastAttempt);
        boolean number = kind != PinKind.CARD_INFO_NUMBER_B;
        boolean basic = kind != PinKind.CARD_INFO_NUMBER_A;
        byte[] numberFile = null;
        byte[] basicFile = null;
        try {
            String myNumber = null;
            if (number) {
                numberFile = ch.readFile(0x0001, "My Number file", true, false);
                myNumber = parseMyNumber(numberFile);
            }
            CardFields f;
            if (basic) {
                basicFile = ch.readFile(0x0002, "basic four information file", false, false);
                f = parseBasicFour(myNumber, basicFile);
            } else {
                f = new CardFields(myNumber, null, null, null, null);
            }
            if (trusted == null) {
                return f;
            }
            Authenticity a = authenticity(trusted, numberFile, basicFile);
            return new CardFields(f.myNumber(), f.name(), f.address(), f.birthDate(), f.sex(), a);
        } finally {
            if (numberFile != null) {
                Arrays.fill(numberFile, (byte) 0);
            }
            if (basicFile != null) {
                Arrays.fill(basicFile, (byte) 0);
            }
        }
    }

    private Authenticity authenticity(PublicKey trusted, byte[] numberFile, byte[] basicFile) throws IOException {
        byte[] record;
        byte[] cvc;
        try {
            record = ch.readFile(0x0003, "integrity record");
            cvc = ch.readFile(0x0004, "issuer certificate");
        } catch (MynaCardException e) {
            return new Authenticity(Authenticity.Status.FAILED, "the authenticity files could not be read: " + e.getMessage());
        }
        return CardInfoAuthenticity.check(trusted, numberFile, basicFile, record, cvc);
    }

    static String parseMyNumber(byte[] file) throws CardDataException {
        BerTlv t = BerTlv.parse(file, 0);
        for (int i = t.encodedLength(); i < file.length; i++) {
            if (file[i] != (byte) 0xFF) {
                throw new CardDataException("My Number file: unexpected bytes after the number");
            }
        }
        if (t.tag() != 0xFF10) {
            throw new CardDataException(String.format("My Number file: expected tag FF10, found %X", t.tag()));
        }
        byte[] v = t.value();
        try {
            if (v.length != 12) {
                throw new CardDataException("My Number file: the number has " + v.length + " bytes, not 12");
            }
            char[] digits = new char[12];
            for (int i = 0; i < 12; i++) {
                if (v[i] < '0' || v[i] > '9') {
                    throw new CardDataException("My Number file: the number holds a non-digit");
                }
                digits[i] = (char) v[i];
            }
            String number = new String(digits);
            if (!MyNumber.isValid(number)) {
                throw new CardDataException("My Number file: the check digit is wrong");
            }
            return number;
        } finally {
            Arrays.fill(v, (byte) 0);
        }
    }

    static CardFields parseBasicFour(String number, byte[] file) throws CardDataException {
        BerTlv outer = BerTlv.parse(file, 0);
        if (outer.tag() != 0xFF20) {
            throw new CardDataException(String.format("basic four file: expected tag FF20, found %X", outer.tag()));
        }
        List<BerTlv> items = outer.children();
        if (items.size() < 5) {
            throw new CardDataException("basic four file: " + items.size() + " elements, expected 5");
        }
        expect(items.get(0), 0xDF21, "offset table");
        if (items.get(0).length() != 8) {
            throw new CardDataException("basic four file: the offset table has " + items.get(0).length() + " bytes, not 8");
        }
        expect(items.get(1), 0xDF22, "name");
        expect(items.get(2), 0xDF23, "address");
        expect(items.get(3), 0xDF24, "birth date");
        expect(items.get(4), 0xDF25, "sex");
        String name = utf8(items.get(1).value(), "name");
        String address = utf8(items.get(2).value(), "address");
        byte[] dob = items.get(3).value();
        LocalDate birth;
        try {
            if (dob.length != 8) {
                throw new CardDataException("basic four file: the birth date has " + dob.length + " bytes, not 8");
            }
            birth = LocalDate.parse(new String(dob, StandardCharsets.US_ASCII), Dates.YYYYMMDD);
        } catch (DateTimeParseException e) {
            throw new CardDataException("basic four file: the birth date is not a YYYYMMDD date", e);
        }
        byte[] sexBytes = items.get(4).value();
        if (sexBytes.length != 1) {
            throw new CardDataException("basic four file: the sex code has " + sexBytes.length + " bytes, not 1");
        }
        Sex sex;
        try {
            sex = Sex.fromCode((char) (sexBytes[0] & 0xFF));
        } catch (IllegalArgumentException e) {
            throw new CardDataException("basic four file: the sex code is not 0, 1, 2 or 9", e);
        }
        return new CardFields(number, name, address, birth, sex);
    }

    private static void expect(BerTlv t, int tag, String what) throws CardDataException {
        if (t.tag() != tag) {
            throw new CardDataException(String.format("basic four file: expected %s under tag %X, found %X", what, tag, t.tag()));
        }
    }

    private static String utf8(byte[] b, String what) throws CardDataException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new CardDataException("basic four file: the " + what + " is not valid UTF-8", e);
        }
    }
}
