package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.CardFields;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import io.github.mynacard.mock.MynaCardEmulator;
import io.github.mynacard.mock.VpcdCardServer;
import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sessions on the card thread ({@link PcscTransport#withCard}) through the real stack: pcscd,
 * vsmartcard's vpcd and a served card ({@link PcscStack}), with a card that hangs on one command.
 */
@Tag("pcsc-stack")
class PcscSessionThroughPcscdTest {

    /** The transport's bound: below vpcd's own give-up on a silent card (about 1.4 s). */
    private static final Duration BOUND = Duration.ofMillis(500);
    /** How long the fake card holds {@link PcscStackTest#HANG} (its own figure). */
    private static final long HANG_MILLIS = 1000;

    private static String reader;
    private VpcdCardServer server;

    @BeforeAll
    static void bringUpTheStack() {
        PcscStack.bringUp();
        reader = PcscStack.reader;
    }

    @AfterEach
    void removeCard() throws InterruptedException {
        if (server != null) {
            server.close();
            PcscStack.waitUntilPcscdSeesNoCard();
        }
    }

    private void insertHangingCard() throws InterruptedException {
        PcscStackTest.FakeJpkiCard card = new PcscStackTest.FakeJpkiCard();
        server = PcscStack.insert(card, card::reset);
    }

    @Test
    void aHungCardInsideASessionGivesTimeoutWithinTheBoundAndTheReaderWorksAfterReconnect() throws Exception {
        insertHangingCard();
        try (PcscTransport transport = PcscTransport.open(ReaderSelector.nameContains(reader), PcscStack.WAIT_FOR_CARD,
                BOUND)) {
            long start = System.nanoTime();
            CardTransportException e = assertThrows(CardTransportException.class, () -> transport.withCard(t -> {
                assertEquals(0x9000, PcscStack.sw(t.transmit(PcscStackTest.SELECT_JPKI)));
                return t.transmit(PcscStackTest.HANG);
            }));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
            assertTrue(millis >= BOUND.toMillis() - 50 && millis < BOUND.toMillis() + 1000, "took " + millis + " ms");
            assertEquals(Reason.TIMEOUT, assertThrows(CardTransportException.class,
                    () -> transport.transmit(PcscStackTest.SELECT_JPKI)).reason());
            Thread.sleep(HANG_MILLIS);
            transport.reconnect();
            // a freshly reset card: nothing selected
            int[] sws = transport.withCard(t -> new int[] {PcscStack.sw(t.transmit(PcscStackTest.SELECT_TOKEN)),
                PcscStack.sw(t.transmit(PcscStackTest.SELECT_JPKI)), PcscStack.sw(t.transmit(PcscStackTest.SELECT_TOKEN))});
            assertEquals(0x6A82, sws[0]);
            assertEquals(0x9000, sws[1]);
            assertEquals(0x9000, sws[2]);
        }
    }

    @Test
    void aHungCardInAWholeSessionGivesTimeoutAndTheReaderIsFreeOnceTheCallReturns() throws Exception {
        insertHangingCard();
        ReaderSelector byName = ReaderSelector.nameContains(reader);
        long start = System.nanoTime();
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> PcscTransport.withCard(byName, PcscStack.WAIT_FOR_CARD, BOUND, t -> {
                    t.transmit(PcscStackTest.SELECT_JPKI);
                    return t.transmit(PcscStackTest.HANG);
                }));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(millis >= BOUND.toMillis() - 50 && millis < BOUND.toMillis() + 1000, "took " + millis + " ms");
        Thread.sleep(HANG_MILLIS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (true) {
            try {
                int sw = PcscTransport.withCard(byName, Duration.ZERO, BOUND,
                        t -> PcscStack.sw(t.transmit(PcscStackTest.SELECT_TOKEN)));
                assertEquals(0x6A82, sw, "the card was reset when the hung session was released");
                break;
            } catch (CardTransportException busy) {
                if (busy.reason() != Reason.SHARING_VIOLATION || System.nanoTime() > until) {
                    throw busy;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aWholeSessionReadsTheCardFieldsAndResetsTheCard() throws Exception {
        MynaCardEmulator emulator = MynaCardEmulator.createDefault();
        server = PcscStack.insert(emulator, emulator::reset);
        ReaderSelector byName = ReaderSelector.nameContains(reader);
        char[] pin = MynaCardEmulator.DEFAULT_CARD_INFO_PIN.toCharArray();
        CardFields fields = PcscTransport.withCard(byName, PcscStack.WAIT_FOR_CARD, PcscStack.TRANSMIT_TIMEOUT,
                t -> MynaCard.open(t).readCardFields(pin));
        assertTrue(fields.name().length() > 0);
        // the next session finds the card reset: the card-info PIN is no longer verified
        int sw = PcscTransport.withCard(byName, Duration.ZERO, PcscStack.TRANSMIT_TIMEOUT, t -> {
            MynaCard card = MynaCard.open(t);
            assertEquals(3, card.pinStatus(PinKind.CARD_INFO_INPUT).remaining());
            return PcscStack.sw(t.transmit(new byte[] {0x00, (byte) 0xB0, (byte) 0x82, 0x00, 0x01}));
        });
        assertTrue(sw != 0x9000, "read without a verified PIN after the reset: " + Integer.toHexString(sw));
    }
}
