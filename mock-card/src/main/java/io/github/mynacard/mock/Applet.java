package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.apdu.StatusWords;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Map;

/**
 * An application of the card (a DF selected by its AID), or the MF when none is selected: it
 * builds its files from the card's data ({@link #files}) and answers the commands addressed to its
 * files. This base class holds the ISO 7816-4 commands every application answers the same way
 * (READ BINARY, VERIFY, CHANGE REFERENCE DATA, CHANGE KEY, RESET RETRY COUNTER, COMPUTE DIGITAL
 * SIGNATURE); an application says which of its PINs may be changed, and how
 * ({@link #changeable}). {@link CardOs} has checked the command's class, instruction and encoding.
 *
 * <p>Check order, where public sources are silent: the command's fixed parameters ({@code 6A86}),
 * its case and lengths ({@code 6700}), the file a P2 {@code 80|SFI} addresses ({@code 6A86}, then
 * {@code 6A88}), then its rules on the state:
 * <ul>
 *   <li>READ BINARY: offset form (P1 b8 = 0, 15-bit offset) or SFI form (P1 {@code 80|SFI}, P2 the
 *       offset); no current EF {@code 6986}, no such EF {@code 6A82}, a PIN or key EF {@code 6981},
 *       no PIN of the file's access rule verified {@code 6982}, an offset at or past the end
 *       {@code 6B00}. An SFI read makes the EF current as soon as it is found, even when the read is
 *       then refused. An Le past the end returns the bytes there are, with {@code 9000} (or
 *       {@code 6282} on a card made to warn).</li>
 *   <li>VERIFY ({@code 00 20 00 P2}, P2 {@code 80} = the current EF, or {@code 80|SFI}): no data
 *       answers {@code 63Cx} and spends nothing, also when the PIN is verified; otherwise
 *       {@link PinObject#check}: a wrong value (of any length: the card compares bytes) spends one
 *       attempt and drops that PIN's verified state ({@code 63Cx}, {@code 63C0} when it was the
 *       last), a blocked PIN answers {@code 6984}. When the save of a restored counter fails the
 *       answer is {@code 6581}, the PIN is not verified and the counter stays spent.</li>
 *   <li>CHANGE REFERENCE DATA ({@code 00 24 01 P2}) and CHANGE KEY ({@code 80 32 00 P2}): a PIN
 *       that the application does not let change this way {@code 6A81}, then blocked
 *       {@code 6984}, not verified {@code 6982}, the new value's format {@code 6A80}; the PIN stays
 *       verified after a change. A failed save keeps the old PIN and counter.</li>
 *   <li>RESET RETRY COUNTER ({@code 00 2C 02 P2}) of the project's reset model: a PIN that cannot
 *       be reset {@code 6A81}, then the terminal's rights ({@link TerminalAuthentication#mayReset},
 *       {@code 6982}), then the new value's format {@code 6A80}.</li>
 *   <li>COMPUTE DIGITAL SIGNATURE ({@code 80 2A 00 P2}): 1..245 bytes and an Le of at least 256
 *       ({@code 00} or extended), else {@code 6700}; P2 {@code 80} needs a current key EF
 *       ({@code 6986}, {@code 6981}), P2 {@code 80|SFI} of an EF that is not a key answers
 *       {@code 6A88}; the key's PIN not verified {@code 6982}. PKCS#1 v1.5 type 1 over the data as
 *       given.</li>
 * </ul>
 */
abstract class Applet {

    /** The application's AID (upper-case hex), or null for the MF. */
    final String aid;

    Applet(String aid) {
        this.aid = aid;
    }

    /**
     * Builds the application's files for one card.
     *
     * @param card the card's data
     * @return the files by ID
     */
    abstract Map<Integer, ElementaryFile> files(CardIdentity card);

    /**
     * @param pin one of this application's PINs
     * @param changeKey true for CHANGE KEY ({@code 80 32}), false for CHANGE REFERENCE DATA ({@code 00 24})
     * @return whether the holder may change the PIN with that command
     */
    boolean changeable(PinKind pin, boolean changeKey) {
        return !changeKey && EmulatedPins.holderChosen(pin);
    }

    /** @return whether the reset model may reset the PIN (the verification numbers cannot be) */
    boolean resettable(PinKind pin) {
        return EmulatedPins.holderChosen(pin);
    }

    // ------------------------------------------------------------------ addressing

    /** The EF with this short identifier in the selected application. */
    static ElementaryFile bySfi(CardOs os, int sfi, int notFound) {
        Map<Integer, ElementaryFile> files = os.files();
        ElementaryFile ef = files == null ? null : files.get(sfi);
        Refusal.check(ef != null, notFound);
        return ef;
    }

    /** P2 {@code 80} (current EF) or {@code 80|SFI}: the PIN EF a PIN command addresses. */
    static ElementaryFile pinByP2(CardOs os, int p2) {
        if (p2 == 0x80) {
            ElementaryFile ef = os.session.ef;
            Refusal.check(ef != null, StatusWords.COMMAND_NOT_ALLOWED);
            Refusal.check(ef.kind == ElementaryFile.Kind.PIN, StatusWords.INCOMPATIBLE_FILE_STRUCTURE);
            return ef;
        }
        int sfi = p2 & 0x1F;
        Refusal.check((p2 & 0xE0) == 0x80 && sfi >= 1 && sfi <= 30, StatusWords.WRONG_P1P2);
        ElementaryFile ef = bySfi(os, sfi, StatusWords.REFERENCED_DATA_NOT_FOUND);
        Refusal.check(ef.kind == ElementaryFile.Kind.PIN, StatusWords.REFERENCED_DATA_NOT_FOUND);
        return ef;
    }

    // ------------------------------------------------------------------ commands

    byte[] readBinary(CardOs os, CommandApdu c) {
        int p1 = c.p1();
        int p2 = c.p2();
        boolean sfiForm = (p1 & 0x80) != 0;
        if (sfiForm) {
            int sfi = p1 & 0x1F;
            Refusal.check((p1 & 0x60) == 0 && sfi >= 1 && sfi <= 30, StatusWords.WRONG_P1P2);
        }
        Refusal.check(c.nc() == 0 && c.ne() > 0, StatusWords.WRONG_LENGTH);
        ElementaryFile ef;
        int offset;
        if (sfiForm) {
            ef = bySfi(os, p1 & 0x1F, StatusWords.FILE_NOT_FOUND);
            os.session.ef = ef;
            offset = p2;
        } else {
            Refusal.check(os.session.ef != null, StatusWords.COMMAND_NOT_ALLOWED);
            ef = os.session.ef;
            offset = (p1 << 8) | p2;
        }
        Refusal.check(ef.kind == ElementaryFile.Kind.BINARY, StatusWords.INCOMPATIBLE_FILE_STRUCTURE);
        Refusal.check(ef.opensWith(os.session.verified), StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        byte[] content = ef.content();
        Refusal.check(offset < content.length, StatusWords.OFFSET_OUTSIDE_FILE);
        int n = Math.min(c.ne(), content.length - offset);
        byte[] data = CardOs.ok(Arrays.copyOfRange(content, offset, offset + n));
        if (os.endOfFileWarning && n < c.ne()) {
            data[n] = (byte) (StatusWords.END_OF_FILE >> 8);
            data[n + 1] = (byte) StatusWords.END_OF_FILE;
        }
        return data;
    }

    byte[] verify(CardOs os, CommandApdu c) {
        Refusal.check(c.p1() == 0x00, StatusWords.WRONG_P1P2);
        Refusal.check(c.ne() == 0, StatusWords.WRONG_LENGTH);
        PinKind kind = pinByP2(os, c.p2()).pin;
        PinObject pin = os.pin(kind);
        if (c.nc() == 0) {
            return CardOs.sw(0x63C0 | pin.remaining());
        }
        byte[] offered = c.data();
        try {
            boolean right = pin.check(offered, () -> {
                os.session.verified.remove(kind); // a wrong PIN also ends its verification
                os.persist();
            });
            if (!right) {
                return CardOs.sw(0x63C0 | pin.remaining());
            }
            os.session.verified.add(kind);
            return CardOs.sw(StatusWords.SUCCESS);
        } finally {
            Arrays.fill(offered, (byte) 0);
        }
    }

    byte[] changeReference(CardOs os, CommandApdu c, boolean changeKey) {
        Refusal.check(c.p1() == (changeKey ? 0x00 : 0x01), StatusWords.WRONG_P1P2);
        Refusal.check(c.nc() > 0 && c.ne() == 0, StatusWords.WRONG_LENGTH);
        PinKind kind = pinByP2(os, c.p2()).pin;
        Refusal.check(changeable(kind, changeKey), StatusWords.FUNCTION_NOT_SUPPORTED);
        Refusal.check(os.pin(kind).remaining() > 0, StatusWords.REFERENCE_DATA_BLOCKED);
        Refusal.check(os.session.verified.contains(kind), StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        return storeNewPin(os, kind, c);
    }

    byte[] resetRetryCounter(CardOs os, CommandApdu c) {
        Refusal.check(c.p1() == 0x02, StatusWords.WRONG_P1P2);
        Refusal.check(c.nc() > 0 && c.ne() == 0, StatusWords.WRONG_LENGTH);
        PinKind kind = pinByP2(os, c.p2()).pin;
        Refusal.check(resettable(kind), StatusWords.FUNCTION_NOT_SUPPORTED);
        Refusal.check(TerminalAuthentication.mayReset(os.session, kind), StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        return storeNewPin(os, kind, c);
    }

    /** Sets the new PIN in the command's data when its format is right ({@code 6A80} and no change otherwise). */
    private static byte[] storeNewPin(CardOs os, PinKind kind, CommandApdu c) {
        byte[] newPin = c.data();
        try {
            Refusal.check(EmulatedPins.wellFormed(kind, newPin), StatusWords.WRONG_DATA);
            os.pin(kind).update(newPin, os::persist);
            return CardOs.sw(StatusWords.SUCCESS);
        } finally {
            Arrays.fill(newPin, (byte) 0);
        }
    }

    byte[] computeSignature(CardOs os, CommandApdu c) {
        Refusal.check(c.p1() == 0x00, StatusWords.WRONG_P1P2);
        int p2 = c.p2();
        ElementaryFile ef;
        if (p2 == 0x80) {
            Refusal.check(c.nc() >= 1 && c.nc() <= 245 && c.ne() >= 256, StatusWords.WRONG_LENGTH);
            ef = os.session.ef;
            Refusal.check(ef != null, StatusWords.COMMAND_NOT_ALLOWED);
            Refusal.check(ef.kind == ElementaryFile.Kind.KEY, StatusWords.INCOMPATIBLE_FILE_STRUCTURE);
        } else {
            int sfi = p2 & 0x1F;
            Refusal.check((p2 & 0xE0) == 0x80 && sfi >= 1 && sfi <= 30, StatusWords.WRONG_P1P2);
            Refusal.check(c.nc() >= 1 && c.nc() <= 245 && c.ne() >= 256, StatusWords.WRONG_LENGTH);
            ef = bySfi(os, sfi, StatusWords.REFERENCED_DATA_NOT_FOUND);
            Refusal.check(ef.kind == ElementaryFile.Kind.KEY, StatusWords.REFERENCED_DATA_NOT_FOUND);
        }
        Refusal.check(ef.opensWith(os.session.verified), StatusWords.SECURITY_STATUS_NOT_SATISFIED);
        try {
            Signature s = Signature.getInstance("NONEwithRSA");
            s.initSign(privateKey(os.identity(), ef));
            s.update(c.data());
            return CardOs.ok(s.sign());
        } catch (GeneralSecurityException e) {
            return CardOs.sw(StatusWords.NO_PRECISE_DIAGNOSIS);
        }
    }

    /**
     * @param card the card's data
     * @param keyFile one of this application's key EFs
     * @return the private key it holds
     */
    PrivateKey privateKey(CardIdentity card, ElementaryFile keyFile) {
        throw new Refusal(StatusWords.REFERENCED_DATA_NOT_FOUND); // no keys but the JPKI AP's
    }

    /** The MF: no files of its own, so every file command finds nothing. */
    static final Applet MASTER_FILE = new Applet(null) {
        @Override
        Map<Integer, ElementaryFile> files(CardIdentity card) {
            return Map.of();
        }
    };
}
