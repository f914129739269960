package io.github.mynacard.mock;

import io.github.mynacard.report.CardReport;
import io.github.mynacard.report.CardReport.Exchange;
import io.github.mynacard.report.CardReport.Form;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a card and its reader answered, as the emulator reads it from a {@link CardReport}: the
 * form of the answers (extended lengths carried or refused and by whom, short EF identifiers,
 * reads past a file's end, answers cut to a size or handed out by GET RESPONSE, the time each kind
 * of command took, the ATR), never their content. A profiled emulator keeps its own files, PINs and
 * rules and answers in that form ({@link MynaCardEmulator.Builder#profile}).
 *
 * <p>The emulator's own reading of a report, kept here rather than taken from the library:
 * <ul>
 *   <li>extended lengths: refused by the reader when the link failed on one; else refused by the
 *       card with the status word it gave (for example {@code 6700}); else carried when one was
 *       answered; and refused by the reader when the report tried none (made with short APDUs
 *       only): a profile offers only what the report saw work;
 *   <li>short EF identifiers: taken when a READ BINARY by one was answered with data, else
 *       refused with the status word the card gave ({@code 6A86} when none was tried);
 *   <li>a read past a file's end: {@code 6282} with the bytes there, {@code 9000} with them, or
 *       {@code 6Cxx} with the number of bytes there, as the card answered (the emulator's own
 *       setting when the report has no such read);
 *   <li>answers cut to a size: when an extended READ BINARY returned less than the element it
 *       started, every extended answer is cut to the largest the card returned;
 *   <li>GET RESPONSE: when a card answered {@code 61xx}, every answer with data is handed out so;
 *   <li>timings: each command takes at least the median time the report's commands of the same
 *       instruction took (SELECT, READ BINARY, VERIFY); other instructions take the emulator's own;
 *   <li>the ATR: the report's, when it has one (the served card presents it).
 * </ul>
 */
public final class CardProfile {

    /** What happens to a command with an extended length. */
    public enum ExtendedLength {
        /** Card and reader carry it. */
        CARRIED,
        /** The reader cannot carry it: the transmit fails and the card never sees the command. */
        REFUSED_BY_READER,
        /** The card refuses it with a status word. */
        REFUSED_BY_CARD
    }

    /** How the card answers a READ BINARY that asks for more than the file holds from the offset. */
    public enum PastEnd {
        /** The bytes there and {@code 6282} (end of file reached). */
        WARNING,
        /** The bytes there and {@code 9000}. */
        PLAIN,
        /** No data and {@code 6Cxx}, xx the number of bytes there. */
        WRONG_LENGTH,
        /** The emulator's own setting ({@link MynaCardEmulator#setEndOfFileWarning}). */
        EMULATOR
    }

    private final String source;
    private final ExtendedLength extended;
    private final int extendedRefusal;
    private final boolean shortEfIds;
    private final int shortEfIdRefusal;
    private final PastEnd pastEnd;
    private final int extendedAnswerCap;
    private final boolean getResponse;
    private final Map<Integer, Long> micros;
    private final String atr;
    private final List<String> notes;

    private CardProfile(CardReport r) {
        source = r.reader().name() + ", " + r.date();
        List<String> n = new ArrayList<>();
        // extended lengths
        ExtendedLength ext = null;
        int extSw = 0x6700;
        boolean anyExtended = false;
        for (Exchange e : r.exchanges()) {
            if (!e.form().extended()) {
                continue;
            }
            anyExtended = true;
            if (e.sw() < 0) {
                ext = ExtendedLength.REFUSED_BY_READER;
                break;
            }
            if (!answered(e.sw())) {
                if (ext == null) {
                    ext = ExtendedLength.REFUSED_BY_CARD;
                    extSw = e.sw();
                }
            } else if (ext == null) {
                ext = ExtendedLength.CARRIED;
            }
        }
        if (!anyExtended) {
            ext = ExtendedLength.REFUSED_BY_READER;
            n.add("the report tried no extended length (made with short APDUs only): the emulator's reader carries none");
        }
        extended = ext == null ? ExtendedLength.REFUSED_BY_READER : ext;
        extendedRefusal = extSw;
        // short EF identifiers
        boolean sfi = false;
        int sfiSw = -1;
        for (Exchange e : r.exchanges()) {
            if (e.form() == Form.READ_SFI_SHORT || e.form() == Form.READ_SFI_EXTENDED) {
                if (e.sw() >= 0 && answered(e.sw()) && e.length() > 0) {
                    sfi = true;
                } else if (e.sw() >= 0 && !answered(e.sw()) && sfiSw < 0) {
                    sfiSw = e.sw();
                }
            }
        }
        shortEfIds = sfi;
        shortEfIdRefusal = sfiSw < 0 ? 0x6A86 : sfiSw;
        // past the end
        PastEnd pe = PastEnd.EMULATOR;
        for (Exchange e : r.exchanges()) {
            if (e.form() == Form.READ_PAST_END && e.sw() >= 0) {
                if (e.sw() == 0x6282) {
                    pe = PastEnd.WARNING;
                } else if (e.sw() == 0x9000) {
                    pe = PastEnd.PLAIN;
                } else if ((e.sw() >> 8) == 0x6C) {
                    pe = PastEnd.WRONG_LENGTH;
                } else {
                    n.add("a read past a file's end was answered " + e.swHex() + ", which the emulator does not imitate");
                    continue;
                }
                break;
            }
        }
        pastEnd = pe;
        // cut answers, GET RESPONSE
        int cap = 65536;
        boolean cut = false;
        int largest = 0;
        boolean t0 = false;
        for (Exchange e : r.exchanges()) {
            if (e.form().extended() && e.sw() == 0x9000) {
                largest = Math.max(largest, e.length());
                cut |= e.skeleton().endsWith("+)");
            }
            t0 |= e.sw() >= 0 && (e.sw() >> 8) == 0x61;
        }
        if (cut && largest > 0) {
            cap = largest;
        }
        extendedAnswerCap = cap;
        getResponse = t0;
        // timings
        Map<Integer, List<Long>> byIns = new HashMap<>();
        for (Exchange e : r.exchanges()) {
            if (e.sw() >= 0) {
                byIns.computeIfAbsent(e.commandBytes()[1] & 0xFF, k -> new ArrayList<>()).add(e.micros());
            }
        }
        Map<Integer, Long> m = new TreeMap<>();
        for (Map.Entry<Integer, List<Long>> e : byIns.entrySet()) {
            List<Long> l = e.getValue();
            Collections.sort(l);
            m.put(e.getKey(), l.get(l.size() / 2));
        }
        micros = Collections.unmodifiableMap(m);
        atr = r.reader().atr();
        notes = List.copyOf(n);
    }

    /**
     * Reads a report as the emulator imitates it.
     *
     * @param report the report
     * @return the profile
     */
    public static CardProfile of(CardReport report) {
        return new CardProfile(java.util.Objects.requireNonNull(report, "report"));
    }

    private static boolean answered(int sw) {
        return sw == 0x9000 || sw == 0x6282 || (sw >> 8) == 0x61 || (sw & 0xFFF0) == 0x63C0;
    }

    /** @return where the report came from: the reader's name and the day */
    public String source() {
        return source;
    }

    /** @return what happens to an extended length */
    public ExtendedLength extendedLength() {
        return extended;
    }

    /** @return the status word the card refuses an extended length with, when it does */
    public int extendedRefusal() {
        return extendedRefusal;
    }

    /** @return whether the card takes short EF identifiers */
    public boolean shortEfIds() {
        return shortEfIds;
    }

    /** @return the status word the card refuses a short EF identifier with, when it does */
    public int shortEfIdRefusal() {
        return shortEfIdRefusal;
    }

    /** @return how a read past a file's end is answered */
    public PastEnd pastEnd() {
        return pastEnd;
    }

    /** @return the most data one extended answer carries (65536 when not cut) */
    public int extendedAnswerCap() {
        return extendedAnswerCap;
    }

    /** @return whether answers with data are handed out by GET RESPONSE ({@code 61xx}) */
    public boolean getResponse() {
        return getResponse;
    }

    /** @return the median time in microseconds by instruction byte (A4, B0, 20...) */
    public Map<Integer, Long> micros() {
        return micros;
    }

    /** @return the ATR in hex, or "" */
    public String atr() {
        return atr;
    }

    /**
     * @return the profile in sentences: one per behaviour, then what the report showed that the
     *     emulator does not imitate
     */
    public List<String> describe() {
        List<String> l = new ArrayList<>();
        l.add("profile of " + source);
        l.add("extended lengths: " + switch (extended) {
            case CARRIED -> "carried";
            case REFUSED_BY_READER -> "refused by the reader (the card never sees them)";
            case REFUSED_BY_CARD -> String.format("refused by the card with %04X", extendedRefusal);
        });
        l.add("short EF identifiers: " + (shortEfIds ? "taken" : String.format("refused with %04X", shortEfIdRefusal)));
        l.add("a read past a file's end: " + switch (pastEnd) {
            case WARNING -> "6282 with the bytes there";
            case PLAIN -> "9000 with the bytes there";
            case WRONG_LENGTH -> "6Cxx with the number of bytes there";
            case EMULATOR -> "as the emulator is set";
        });
        if (extendedAnswerCap < 65536) {
            l.add("extended answers cut to " + extendedAnswerCap + " bytes");
        }
        if (getResponse) {
            l.add("answers handed out by GET RESPONSE (61xx)");
        }
        StringBuilder t = new StringBuilder("timings (median, microseconds):");
        micros.forEach((ins, us) -> t.append(String.format(" %02X=%d", ins, us)));
        l.add(t.toString());
        l.addAll(notes);
        return l;
    }

    @Override
    public String toString() {
        return "CardProfile[" + String.join("; ", describe()) + "]";
    }
}
