package io.github.mynacard.internal;

import io.github.mynacard.CardDataException;
import io.github.mynacard.CardFileNotFoundException;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.ReadStrategy;
import io.github.mynacard.SecurityStatusException;
import io.github.mynacard.apdu.BerTlv;
import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.apdu.ResponseApdu;
import io.github.mynacard.apdu.StatusWords;
import io.github.mynacard.transport.CardTransaction;
import io.github.mynacard.transport.CardTransport;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The library's side of one card session: the link, what is selected, and file reads. Not
 * thread-safe; {@code MynaCard} serialises calls.
 *
 * <p>It selects an application or file only when it is not already selected, because selecting an
 * application again drops the PINs verified in it. After any transport failure the selection is
 * taken as unknown and sent again.
 */
public final class CardChannel {

    /** The largest file the library reads; a header that claims more is malformed data. */
    public static final int MAX_FILE = 0x7FFF;
    private static final int CHUNK = 256;

    private final CardTransport transport;
    private boolean useSfi;
    private boolean useExtended;
    private Application current;
    private int currentEf = -1;

    /**
     * @param transport the transport, already wrapped in the protocol decorators
     * @param strategy whether to try short EF identifiers and extended lengths first
     */
    public CardChannel(CardTransport transport, ReadStrategy strategy) {
        this.transport = transport;
        this.useSfi = strategy == ReadStrategy.FAST;
        this.useExtended = strategy == ReadStrategy.FAST;
    }

    /**
     * Holds the card across the next commands (see {@link CardTransport#beginTransaction()}).
     *
     * @return the transaction; close it after the commands it covers
     * @throws IOException when the card cannot be held
     */
    public CardTransaction beginTransaction() throws IOException {
        return transport.beginTransaction();
    }

    /**
     * Encodes a command, sends it and decodes the answer. When the command carries a PIN
     * ({@link CommandApdu#carriesPin()}), its encoded bytes and its data are wiped afterwards, also
     * when the exchange fails; the command cannot be sent again.
     *
     * @param command the command
     * @return the response
     * @throws IOException when the link fails, also when the transport throws an unchecked
     *     exception ({@link CardTransportException} with reason {@code OTHER}, the exception as cause)
     * @throws CardDataException when the card's answer is not a response APDU
     */
    public ResponseApdu send(CommandApdu command) throws IOException, CardDataException {
        byte[] encoded = command.encode();
        try {
            return exchange(encoded);
        } finally {
            if (command.carriesPin()) {
                Arrays.fill(encoded, (byte) 0);
                command.wipe();
            }
        }
    }

    private ResponseApdu exchange(byte[] command) throws IOException, CardDataException {
        byte[] r;
        try {
            r = transport.transmit(command);
        } catch (CardTransportException e) {
            if (e.reason() == CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED) {
                throw e; // the reader refused to send it: the card saw nothing, its selection stands
            }
            forgetSelection();
            if (e.reason() == CardTransportException.Reason.PROTOCOL) {
                throw new CardDataException("card broke the APDU protocol: " + e.getMessage(), e);
            }
            throw e;
        } catch (IOException e) {
            forgetSelection();
            throw e;
        } catch (RuntimeException e) {
            // a transport that breaks its contract is still a failed link for the caller, never
            // an unchecked exception out of a typed operation
            forgetSelection();
            throw new CardTransportException(CardTransportException.Reason.OTHER,
                    "the transport failed: " + e.getClass().getName(), e);
        }
        if (r == null || r.length < 2) {
            forgetSelection();
            throw new CardDataException("card answered without a status word");
        }
        return new ResponseApdu(r);
    }

    /** Forgets what is selected, so the next operation selects again. */
    public void forgetSelection() {
        current = null;
        currentEf = -1;
    }

    /**
     * Selects an application unless it is the current one.
     *
     * @param app the application
     * @throws IOException when the link fails
     * @throws MynaCardException when the card has no such application or refuses
     */
    public void select(Application app) throws IOException, MynaCardException {
        if (current == app) {
            return;
        }
        forceSelect(app);
    }

    /**
     * Selects an application even when it is current, which drops every PIN verified in it.
     *
     * @param app the application
     * @throws IOException when the link fails
     * @throws MynaCardException when the card has no such application or refuses
     */
    public void forceSelect(Application app) throws IOException, MynaCardException {
        forgetSelection();
        ResponseApdu r = send(Commands.selectAid(app.aid()));
        if (r.sw() == StatusWords.FILE_NOT_FOUND) {
            throw new CardFileNotFoundException("the card has no " + app.label() + " (is it a My Number Card?)", r.sw());
        }
        Refusals.check(r, "select the " + app.label());
        current = app;
    }

    /**
     * Selects an elementary file of the current application unless it is already current.
     *
     * @param fileId the file
     * @param what a name for messages
     * @throws IOException when the link fails
     * @throws MynaCardException when the file is missing or the card refuses
     */
    public void selectFile(int fileId, String what) throws IOException, MynaCardException {
        if (currentEf == fileId && current != null) {
            return;
        }
        currentEf = -1;
        ResponseApdu r = send(Commands.selectEf(fileId));
        if (r.sw() == StatusWords.FILE_NOT_FOUND) {
            throw new CardFileNotFoundException("the card has no " + what, r.sw());
        }
        Refusals.check(r, "select the " + what);
        currentEf = fileId;
    }

    /**
     * Reads the first TLV element of a file of the current application. On the fast path one
     * READ BINARY with the file's short EF identifier and an extended Le reads the whole file; on
     * the compatible path the file is selected and read in chunks of up to 256 bytes, the first of
     * which tells the element's size. Filler after the element is not returned.
     *
     * @param fileId the file (0001..001E)
     * @param what a name for messages
     * @return the element's bytes, header included
     * @throws IOException when the link fails
     * @throws MynaCardException when access is refused or the data is malformed
     */
    public byte[] readFile(int fileId, String what) throws IOException, MynaCardException {
        return readFile(fileId, what, false, true);
    }

    /**
     * Reads a file as {@link #readFile(int, String)} does; with {@code keepFiller}, a file whose
     * first READ BINARY returned it whole is returned as the card sent it, filler included (the
     * integrity record hashes the My Number file's physical bytes).
     *
     * @param fileId the file (0001..001E)
     * @param what a name for messages
     * @param keepFiller whether to keep the filler that came with the element
     * @param large whether the file is usually larger than 256 bytes: only then is the first read
     *     an extended one; a small file is read with a short Le of 256, which every card accepts
     * @return the element's bytes, followed by filler when asked and present
     * @throws IOException when the link fails
     * @throws MynaCardException when access is refused or the data is malformed
     */
    public byte[] readFile(int fileId, String what, boolean keepFiller, boolean large) throws IOException, MynaCardException {
        byte[] head = firstRead(fileId, what, large ? 65536 : CHUNK);
        if (head.length == 0) {
            throw new CardDataException("the " + what + " is empty");
        }
        int total;
        try {
            total = BerTlv.totalLength(head);
        } catch (CardDataException e) {
            throw new CardDataException("the " + what + " does not start with a TLV header: " + e.getMessage(), e);
        }
        if (total > MAX_FILE) {
            throw new CardDataException("the " + what + " claims " + total + " bytes, more than a card file holds");
        }
        if (head.length >= total) {
            return keepFiller ? head : Arrays.copyOf(head, total);
        }
        byte[] out = Arrays.copyOf(head, total);
        int have = head.length;
        while (have < total) {
            int want = useExtended ? total - have : Math.min(CHUNK, total - have);
            byte[] part = readChunk(have, want, what);
            if (part == null) {
                continue; // the extended form was refused: ask again in the short one
            }
            if (part.length == 0) {
                throw new CardDataException("the " + what + " ended after " + have + " of " + total + " bytes");
            }
            int n = Math.min(part.length, total - have);
            System.arraycopy(part, 0, out, have, n);
            have += n;
        }
        return out;
    }

    /**
     * One READ BINARY at offset 0 of a file: with its short EF identifier while the card accepts
     * them (no SELECT), and with an extended Le when {@code ne} is over 256 and the card accepts
     * them; otherwise SELECT and a short Le of at most 256.
     *
     * @param fileId the file
     * @param ne the bytes wanted (1..65536; 65536 means the whole file)
     * @param what a name for messages
     * @return the bytes the card returned (fewer at the end of the file)
     * @throws IOException when the link fails
     * @throws MynaCardException when access is refused or the card refuses otherwise
     */
    public byte[] firstRead(int fileId, String what, int ne) throws IOException, MynaCardException {
        while (true) {
            boolean extended = useExtended && ne > CHUNK;
            int want = extended ? Math.min(ne, 65536) : Math.min(ne, CHUNK);
            ResponseApdu r;
            try {
                r = sendForFile(fileId, what,
                        sfi -> sfi == 0 ? Commands.readBinary(0, want) : Commands.readBinaryShortEf(sfi, want));
            } catch (CardTransportException e) {
                if (!readerRefusesExtended(extended, e)) {
                    throw e;
                }
                continue;
            }
            if (extended && r.sw() == StatusWords.WRONG_LENGTH) {
                useExtended = false;
                continue;
            }
            if (useSfi) {
                boolean read = r.sw() == StatusWords.SUCCESS || r.sw() == StatusWords.END_OF_FILE;
                currentEf = read ? fileId : -1;
            }
            return readResult(r, want, 0, what);
        }
    }

    /**
     * Sends a command that can name an elementary file of the current application itself: with the
     * file's short EF identifier while the card accepts them, otherwise after selecting the file. A
     * card that refuses the short form has done nothing, so the command is sent again in the
     * compatible form, and short EF identifiers are not tried again this session.
     *
     * @param fileId the file (its short EF identifier, 1..30)
     * @param what a name for messages
     * @param command the command, given the short EF identifier, or 0 for the current file; called
     *     right before each sending
     * @return the response
     * @throws IOException when the link fails
     * @throws MynaCardException when the card refuses to select the file, or answers nonsense
     */
    public ResponseApdu sendForFile(int fileId, String what, IntFunction<CommandApdu> command)
            throws IOException, MynaCardException {
        if (useSfi) {
            ResponseApdu r = send(command.apply(fileId));
            if (!refusesShortEfId(r.sw())) {
                return r;
            }
            useSfi = false;
        }
        selectFile(fileId, what);
        return send(command.apply(0));
    }

    private static boolean refusesShortEfId(int sw) {
        return sw == StatusWords.WRONG_P1P2 || sw == StatusWords.FUNCTION_NOT_SUPPORTED
                || sw == StatusWords.REFERENCED_DATA_NOT_FOUND || sw == StatusWords.COMMAND_NOT_ALLOWED;
    }

    /**
     * One READ BINARY at an offset of the current file; an extended one while the card and reader
     * carry them, else a short one of at most 256 bytes.
     *
     * @return the bytes read (possibly fewer than asked), or null when the extended form was
     *     refused and the caller should ask again in the short form
     */
    private byte[] readChunk(int offset, int ne, String what) throws IOException, MynaCardException {
        if (offset > 0x7FFF) {
            throw new CardDataException("the " + what + " is larger than an offset can address");
        }
        boolean extended = ne > CHUNK;
        ResponseApdu r;
        try {
            r = send(Commands.readBinary(offset, ne));
        } catch (CardTransportException e) {
            if (!readerRefusesExtended(extended, e)) {
                throw e;
            }
            return null;
        }
        if (extended && r.sw() == StatusWords.WRONG_LENGTH) {
            useExtended = false;
            return null;
        }
        return readResult(r, ne, offset, what);
    }

    /**
     * Whether a failed exchange was an extended-length command that the reader could not carry;
     * then the rest of the session uses short APDUs, as after a card's {@code 6700}.
     */
    private boolean readerRefusesExtended(boolean extended, CardTransportException e) {
        if (!extended || e.reason() != CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED) {
            return false;
        }
        useExtended = false;
        return true;
    }

    /**
     * The data of a READ BINARY answer. {@code 6282} (end of file reached before Le bytes) with the
     * bytes there are is a last chunk, as ISO 7816-4 allows; {@code 6B00} at an offset past the end
     * is the end of the file, which ends a read only where the file's TLV already had all its bytes.
     */
    private static byte[] readResult(ResponseApdu r, int ne, int offset, String what) throws MynaCardException {
        if (r.sw() == StatusWords.OFFSET_OUTSIDE_FILE || (r.sw() == StatusWords.END_OF_FILE && r.length() == 0)) {
            if (offset == 0) {
                throw new CardDataException("the " + what + " is empty");
            }
            throw new CardDataException("the " + what + " ended at " + offset + " bytes, before its TLV did");
        }
        if (r.sw() == StatusWords.END_OF_FILE) {
            if (r.length() > ne) {
                throw new CardDataException("card returned " + r.length() + " bytes for a read of " + ne);
            }
            return r.data();
        }
        if (r.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
            throw new SecurityStatusException("reading the " + what + " needs its PIN verified in this session", r.sw());
        }
        Refusals.check(r, "read the " + what);
        if (r.length() > ne) {
            throw new CardDataException("card returned " + r.length() + " bytes for a read of " + ne);
        }
        return r.data();
    }
}
