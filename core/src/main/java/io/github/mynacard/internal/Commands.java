package io.github.mynacard.internal;

import io.github.mynacard.apdu.CommandApdu;
import java.util.Arrays;

/**
 * Every command the library sends to a My Number Card, built as a {@link CommandApdu}. The
 * commands that carry a PIN take it as {@code char[]}; the command holds the only copy of its
 * ASCII bytes, which {@link CardChannel#send} wipes once the command is sent.
 */
final class Commands {

    private Commands() {
    }

    /** SELECT by AID, no answer data: {@code 00 A4 04 0C}. */
    static CommandApdu selectAid(byte[] aid) {
        return new CommandApdu(0x00, 0xA4, 0x04, 0x0C, aid);
    }

    /** SELECT of an elementary file of the current application, no answer data: {@code 00 A4 02 0C}. */
    static CommandApdu selectEf(int fileId) {
        return new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {(byte) (fileId >> 8), (byte) fileId});
    }

    /** READ BINARY of the current file at an offset of up to {@code 7FFF}; extended when ne is over 256. */
    static CommandApdu readBinary(int offset, int ne) {
        return new CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, ne);
    }

    /** READ BINARY at offset 0 of the file with a short EF identifier (1..30), which becomes current. */
    static CommandApdu readBinaryShortEf(int sfi, int ne) {
        return new CommandApdu(0x00, 0xB0, 0x80 | sfi, 0x00, ne);
    }

    /** VERIFY without data: asks for the PIN's retry counter and spends no attempt. */
    static CommandApdu verifyStatus(int reference) {
        return new CommandApdu(0x00, 0x20, 0x00, reference);
    }

    /** VERIFY of a PIN: {@code 00 20 00 P2}. */
    static CommandApdu verify(int reference, char[] pin) {
        return withPin(0x00, 0x20, 0x00, reference, pin);
    }

    /** CHANGE REFERENCE DATA with the new PIN only (the current one is verified before): {@code 00 24 01 P2}. */
    static CommandApdu changeReferenceData(int reference, char[] newPin) {
        return withPin(0x00, 0x24, 0x01, reference, newPin);
    }

    /** CHANGE KEY, a JICSAP command for the resident-registry PIN: {@code 80 32 00 P2}. */
    static CommandApdu changeKey(int reference, char[] newPin) {
        return withPin(0x80, 0x32, 0x00, reference, newPin);
    }

    /** RESET RETRY COUNTER with the new PIN: {@code 00 2C 02 P2}. */
    static CommandApdu resetRetryCounter(int reference, char[] newPin) {
        return withPin(0x00, 0x2C, 0x02, reference, newPin);
    }

    /** GET CHALLENGE: {@code 00 84 00 00}. */
    static CommandApdu getChallenge(int ne) {
        return new CommandApdu(0x00, 0x84, 0x00, 0x00, ne);
    }

    /** EXTERNAL AUTHENTICATE with the terminal's answer to the challenge: {@code 00 82 00 P2}; extended above 255 bytes. */
    static CommandApdu externalAuthenticate(int reference, byte[] answer) {
        return new CommandApdu(0x00, 0x82, 0x00, reference, answer);
    }

    /** The JPKI signature over a DigestInfo, padded by the card: {@code 80 2A 00 80}, Le 256. */
    static CommandApdu jpkiSign(byte[] digestInfo) {
        return new CommandApdu(0x80, 0x2A, 0x00, 0x80, digestInfo, 256);
    }

    private static CommandApdu withPin(int cla, int ins, int p1, int p2, char[] pin) {
        byte[] ascii = new byte[pin.length];
        try {
            for (int i = 0; i < pin.length; i++) {
                ascii[i] = (byte) pin[i];
            }
            return new CommandApdu(cla, ins, p1, p2, ascii);
        } finally {
            Arrays.fill(ascii, (byte) 0);
        }
    }
}
