package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.mynacard.transport.CardTransportException;
import io.github.mynacard.transport.CardTransportException.Reason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class PcscTransportTest {

    private static final byte[] OK = {(byte) 0x90, 0x00};
    private static final byte[] NOT_FOUND = {0x6A, (byte) 0x82};
    private static final Duration SHORT = Duration.ofMillis(300);

    /** A reader with a card whose basic channel answers every command with {@code answer}. */
    private static final class FakeReader {
        final CardTerminal terminal = mock(CardTerminal.class);
        final Card card = mock(Card.class);
        final CardChannel channel = mock(CardChannel.class);

        FakeReader(String name, byte[] answer) throws CardException {
            when(terminal.getName()).thenReturn(name);
            when(terminal.isCardPresent()).thenReturn(true);
            when(terminal.connect(any())).thenReturn(card);
            when(card.getBasicChannel()).thenReturn(channel);
            when(card.getProtocol()).thenReturn("T=1");
            when(card.getATR()).thenReturn(new ATR(new byte[] {0x3B, (byte) 0xE0, 0x00, (byte) 0xFF,
                (byte) 0x81, 0x31, (byte) 0xFE, 0x45, 0x14}));
            answerWith(answer);
        }

        void answerWith(byte[] answer) throws CardException {
            when(channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenAnswer(inv -> {
                ByteBuffer rx = inv.getArgument(1);
                rx.put(answer);
                return answer.length;
            });
        }
    }

    private static PcscTransport open(ReaderSelector selector, FakeReader... readers) throws CardTransportException {
        List<CardTerminal> list = Arrays.stream(readers).map(r -> r.terminal).toList();
        return PcscTransport.open(() -> list, selector, Duration.ZERO, SHORT);
    }

    private static CardException pcsc(String code) {
        // the shape the JDK uses: CardException("… failed", PCSCException(code))
        return new CardException("transmit() failed", new Exception(code));
    }

    @Test
    void connectsWithT1AndTakesExclusiveAccessForTheSession() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        PcscTransport transport = open(ReaderSelector.index(0), reader);

        verify(reader.terminal).connect("T=1");
        verify(reader.card).beginExclusive();
        verify(reader.card, never()).endExclusive();
        assertEquals("T=1", transport.protocol());
        assertEquals("Reader A", transport.readerName());

        transport.close();
        InOrder order = inOrder(reader.card);
        order.verify(reader.card).endExclusive();
        order.verify(reader.card).disconnect(true);
    }

    @Test
    void fallsBackToAnyProtocolWhenT1IsRefused() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        when(reader.terminal.connect("T=1")).thenThrow(pcsc("SCARD_E_PROTO_MISMATCH"));
        when(reader.terminal.connect("*")).thenReturn(reader.card);

        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            verify(reader.terminal).connect("*");
            assertArrayEquals(OK, transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        }
    }

    @Test
    void doesNotFallBackWhenTheReaderIsEmpty() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        when(reader.terminal.connect("T=1")).thenThrow(new CardNotPresentException("no card"));

        CardTransportException e = assertThrows(CardTransportException.class,
                () -> open(ReaderSelector.index(0), reader));
        assertEquals(Reason.NO_CARD, e.reason());
        verify(reader.terminal, never()).connect("*");
    }

    @Test
    void firstJpkiCardSkipsAReaderWhoseCardAnswers6A82() throws Exception {
        FakeReader other = new FakeReader("Other card reader", NOT_FOUND);
        FakeReader myna = new FakeReader("Myna reader", OK);

        try (PcscTransport transport = open(ReaderSelector.firstJpkiCard(), other, myna)) {
            assertEquals("Myna reader", transport.readerName());
        }
        // the JPKI AID was asked, and the other card was left without a reset
        verify(other.channel).transmit(any(ByteBuffer.class), any(ByteBuffer.class));
        verify(other.card).endExclusive();
        verify(other.card).disconnect(false);
        verify(other.card, never()).disconnect(true);
    }

    @Test
    void firstJpkiCardSendsTheJpkiSelect() throws Exception {
        FakeReader myna = new FakeReader("Myna reader", OK);
        byte[][] sent = new byte[1][];
        when(myna.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenAnswer(inv -> {
            ByteBuffer tx = inv.getArgument(0);
            sent[0] = new byte[tx.remaining()];
            tx.get(sent[0]);
            ((ByteBuffer) inv.getArgument(1)).put(OK);
            return 2;
        });
        open(ReaderSelector.firstJpkiCard(), myna).close();
        assertArrayEquals(new byte[] {0x00, (byte) 0xA4, 0x04, 0x0C, 0x0A, (byte) 0xD3, (byte) 0x92, (byte) 0xF0,
            0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01}, sent[0]);
    }

    @Test
    void firstJpkiCardWithoutAnyJpkiCardIsNoCard() throws Exception {
        FakeReader other = new FakeReader("Other card reader", NOT_FOUND);
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> open(ReaderSelector.firstJpkiCard(), other));
        assertEquals(Reason.NO_CARD, e.reason());
    }

    @Test
    void firstJpkiCardNeverTouchesACardInAVirtualReaderAndSaysSo() throws Exception {
        FakeReader virtual = new FakeReader("Virtual PCD 00 00", OK);
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> open(ReaderSelector.firstJpkiCard(), virtual));
        assertEquals(Reason.NO_READER, e.reason());
        assertTrue(e.getMessage().contains("skipped the virtual reader(s) [Virtual PCD 00 00 (holding a card)]")
                && e.getMessage().contains("nameContains(\"Virtual PCD 00 00\")"), e.getMessage());
        verify(virtual.terminal, never()).connect(any());

        FakeReader other = new FakeReader("Other card reader", NOT_FOUND);
        e = assertThrows(CardTransportException.class, () -> open(ReaderSelector.firstJpkiCard(), virtual, other));
        assertEquals(Reason.NO_CARD, e.reason());
        assertTrue(e.getMessage().contains("[Other card reader]")
                && e.getMessage().contains("skipped the virtual reader(s) [Virtual PCD 00 00 (holding a card)]"), e.getMessage());
        verify(virtual.terminal, never()).connect(any());
    }

    @Test
    void firstJpkiCardTakesTheRealReaderAfterAVirtualOneAndNamingTheVirtualOneReachesIt() throws Exception {
        FakeReader virtual = new FakeReader("virtual pcd 00 01", OK);
        FakeReader myna = new FakeReader("Myna reader", OK);
        try (PcscTransport transport = open(ReaderSelector.firstJpkiCard(), virtual, myna)) {
            assertEquals("Myna reader", transport.readerName());
        }
        verify(virtual.terminal, never()).connect(any());
        try (PcscTransport named = open(ReaderSelector.nameContains("Virtual PCD 00 01"), virtual, myna)) {
            assertEquals("virtual pcd 00 01", named.readerName());
        }
        try (PcscTransport byIndex = open(ReaderSelector.index(0), virtual, myna)) {
            assertEquals("virtual pcd 00 01", byIndex.readerName());
        }
    }

    @Test
    void virtualReadersAreThoseOfVsmartcard() {
        assertTrue(ReaderSelector.isVirtualReader("Virtual PCD 00 00"));
        assertTrue(ReaderSelector.isVirtualReader("Virtual Smart Card Architecture Virtual PCD 0"));
        assertFalse(ReaderSelector.isVirtualReader("SONY FeliCa Port/PaSoRi 4.0 00 00"));
        assertFalse(ReaderSelector.isVirtualReader("Identiv uTrust 2700 R Smart Card Reader [CCID Interface] 00 00"));
    }

    @Test
    void noReadersIsNoReader() {
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> PcscTransport.open(List::of, ReaderSelector.firstJpkiCard(), Duration.ZERO, SHORT));
        assertEquals(Reason.NO_READER, e.reason());
        e = assertThrows(CardTransportException.class,
                () -> PcscTransport.open(List::of, ReaderSelector.nameContains("x"), Duration.ZERO, SHORT));
        assertEquals(Reason.NO_READER, e.reason());
    }

    @Test
    void selectsReaderByNameFragmentIgnoringCase() throws Exception {
        FakeReader a = new FakeReader("ACS ACR39U 00 00", OK);
        FakeReader b = new FakeReader("Sony PaSoRi RC-S300 01 00", OK);
        try (PcscTransport transport = open(ReaderSelector.nameContains("pasori"), a, b)) {
            assertEquals("Sony PaSoRi RC-S300 01 00", transport.readerName());
        }
        verify(a.terminal, never()).connect(any());
    }

    @Test
    void aNameThatIsAWholeReadersNameTakesThatReaderBeforeOneWhoseNameContainsIt() throws Exception {
        FakeReader longer = new FakeReader("Reader 10", OK); // listed first, and its name contains "Reader 1"
        FakeReader exact = new FakeReader("Reader 1", OK);
        try (PcscTransport transport = open(ReaderSelector.nameContains("reader 1"), longer, exact)) {
            assertEquals("Reader 1", transport.readerName());
        }
        verify(longer.terminal, never()).connect(any());
        try (PcscTransport transport = open(ReaderSelector.exactName("Reader 1"), longer, exact)) {
            assertEquals("Reader 1", transport.readerName());
        }
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> open(ReaderSelector.exactName("reader 1"), longer, exact));
        assertEquals(Reason.NO_READER, e.reason(), "exactName takes the name as PC/SC spells it, case included");
        assertThrows(IllegalArgumentException.class, () -> ReaderSelector.exactName(" "));
    }

    @Test
    void waitsForCardInsertionWithATimeout() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        when(reader.terminal.isCardPresent()).thenReturn(false);
        when(reader.terminal.connect(any())).thenThrow(new CardNotPresentException("no card"));
        when(reader.terminal.waitForCardPresent(anyLong())).thenReturn(false);
        List<CardTerminal> list = List.of(reader.terminal);

        CardTransportException e = assertThrows(CardTransportException.class, () -> PcscTransport.open(() -> list,
                ReaderSelector.index(0), Duration.ofMillis(500), SHORT));
        assertEquals(Reason.NO_CARD, e.reason());
        assertTrue(e.getMessage().contains("no card in reader \"Reader A\" within PT0.5S"), e.getMessage());
        verify(reader.terminal).waitForCardPresent(anyLong());

        // the card comes while waiting: connected on the next try
        doThrow(new CardNotPresentException("no card")).doReturn(reader.card).when(reader.terminal).connect(any());
        when(reader.terminal.waitForCardPresent(anyLong())).thenReturn(true);
        PcscTransport.open(() -> list, ReaderSelector.index(0), Duration.ofSeconds(1), SHORT).close();
        verify(reader.card).beginExclusive();
    }

    @Test
    void aCardAlreadyInIsConnectedWithoutAskingPcscdWhetherOneIsThere() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        open(ReaderSelector.index(0), reader).close();
        PcscTransport.open(() -> List.of(reader.terminal), ReaderSelector.index(0), Duration.ofSeconds(5), SHORT).close();
        verify(reader.terminal, never()).isCardPresent();
        verify(reader.terminal, never()).waitForCardPresent(anyLong());
    }

    @Test
    void zeroWaitNeverCallsWaitForCardPresentWhichWouldBlockForever() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        when(reader.terminal.isCardPresent()).thenReturn(false);
        when(reader.terminal.connect(any())).thenThrow(new CardNotPresentException("no card"));
        CardTransportException e = assertThrows(CardTransportException.class, () -> open(ReaderSelector.index(0), reader));
        assertEquals(Reason.NO_CARD, e.reason());
        verify(reader.terminal, never()).waitForCardPresent(anyLong());
    }

    @Test
    void sharingViolationFromBeginExclusiveLeavesTheSharedCardAlone() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        doThrow(new CardException("beginExclusive() failed", new Exception("SCARD_E_SHARING_VIOLATION")))
                .when(reader.card).beginExclusive();
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> open(ReaderSelector.index(0), reader));
        assertEquals(Reason.SHARING_VIOLATION, e.reason());
        Thread.sleep(100);
        verify(reader.card, never()).disconnect(anyBoolean());
    }

    @Test
    void aSecondTransportOnABusyReaderInThisJvmIsRefusedWithoutTouchingTheCard() throws Exception {
        FakeReader reader = new FakeReader("Shared reader", OK);
        try (PcscTransport first = open(ReaderSelector.index(0), reader)) {
            CardTransportException e = assertThrows(CardTransportException.class,
                    () -> open(ReaderSelector.index(0), reader));
            assertEquals(Reason.SHARING_VIOLATION, e.reason());
            verify(reader.terminal).connect(any()); // only the first session connected
            verify(reader.card, never()).disconnect(anyBoolean());
            assertArrayEquals(OK, first.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        }
        // free again after close
        open(ReaderSelector.index(0), reader).close();
    }

    @Test
    void theJdksExclusiveOwnerMessageIsASharingViolation() throws Exception {
        FakeReader reader = new FakeReader("Reader B", OK);
        doThrow(new CardException("Exclusive access has already been assigned to Thread x"))
                .when(reader.card).beginExclusive();
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> open(ReaderSelector.index(0), reader));
        assertEquals(Reason.SHARING_VIOLATION, e.reason());
    }

    @Test
    void exclusiveAccessThatNeverComesIsASharingViolationWithinTheTimeout() throws Exception {
        FakeReader reader = new FakeReader("Busy reader", OK);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(inv -> release.await(10, TimeUnit.SECONDS)).when(reader.card).beginExclusive();
        long start = System.nanoTime();
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> open(ReaderSelector.index(0), reader));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Reason.SHARING_VIOLATION, e.reason());
        assertTrue(millis < 2000, "took " + millis + " ms");
        release.countDown();
        // once the other program lets go, the late transaction is ended and the card released
        verify(reader.card, timeout(2000)).endExclusive();
        verify(reader.card, timeout(2000)).disconnect(false);
    }

    @Test
    void transmitReturnsTheWholeResponse() throws Exception {
        byte[] answer = {0x4A, 0x50, 0x4B, 0x49, (byte) 0x90, 0x00};
        FakeReader reader = new FakeReader("Reader A", answer);
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            assertArrayEquals(answer, transport.transmit(new byte[] {0x00, (byte) 0xB0, 0x00, 0x00, 0x04}));
        }
    }

    @Test
    void transmitUsesTheThreadThatTookExclusiveAccess() throws Exception {
        // javax.smartcardio refuses commands from a thread other than the one that called beginExclusive
        FakeReader reader = new FakeReader("Reader A", OK);
        Thread[] exclusiveThread = new Thread[1];
        Thread[] transmitThread = new Thread[1];
        doAnswer(inv -> {
            exclusiveThread[0] = Thread.currentThread();
            return null;
        }).when(reader.card).beginExclusive();
        when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenAnswer(inv -> {
            transmitThread[0] = Thread.currentThread();
            ((ByteBuffer) inv.getArgument(1)).put(OK);
            return 2;
        });
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00});
        }
        assertSame(exclusiveThread[0], transmitThread[0]);
    }

    @Test
    void commandsAndCloseFromAnyThreadRunOnTheThreadThatTookExclusiveAccess() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        Set<Thread> exclusiveThread = ConcurrentHashMap.newKeySet();
        Set<Thread> callThreads = ConcurrentHashMap.newKeySet();
        doAnswer(inv -> exclusiveThread.add(Thread.currentThread())).when(reader.card).beginExclusive();
        when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenAnswer(inv -> {
            callThreads.add(Thread.currentThread());
            ((ByteBuffer) inv.getArgument(1)).put(OK);
            return 2;
        });
        doAnswer(inv -> callThreads.add(Thread.currentThread())).when(reader.card).endExclusive();
        doAnswer(inv -> callThreads.add(Thread.currentThread())).when(reader.card).disconnect(anyBoolean());

        PcscTransport transport = open(ReaderSelector.index(0), reader);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                results.add(callers.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 50; i++) {
                        ok += Arrays.equals(OK, transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00})) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(50, r.get(10, TimeUnit.SECONDS));
            }
            callers.submit(transport::close).get(10, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }
        assertEquals(1, exclusiveThread.size());
        assertEquals(exclusiveThread, callThreads, "a call ran on a thread other than the one holding exclusive access");
        assertTrue(exclusiveThread.iterator().next().getName().startsWith(CardThread.NAME_PREFIX));
        verify(reader.card).disconnect(true);
    }

    @Test
    void aHungReaderGivesTimeoutWithinTheBoundToACallerOnAnotherThreadThanTheOpener() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        Thread[] exclusiveThread = new Thread[1];
        Thread[] releaseThread = new Thread[1];
        doAnswer(inv -> exclusiveThread[0] = Thread.currentThread()).when(reader.card).beginExclusive();
        doAnswer(inv -> releaseThread[0] = Thread.currentThread()).when(reader.card).disconnect(true);
        PcscTransport transport = open(ReaderSelector.index(0), reader);
        CountDownLatch hang = new CountDownLatch(1);
        when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenAnswer(inv -> {
            hang.await(20, TimeUnit.SECONDS);
            return 0;
        });
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Object[]> attempt = other.submit(() -> {
                long start = System.nanoTime();
                try {
                    transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00});
                    return new Object[] {null, 0L};
                } catch (CardTransportException e) {
                    return new Object[] {e.reason(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)};
                }
            });
            Object[] outcome = attempt.get(10, TimeUnit.SECONDS);
            assertEquals(Reason.TIMEOUT, outcome[0]);
            long millis = (Long) outcome[1];
            assertTrue(millis >= SHORT.toMillis() - 10 && millis < SHORT.toMillis() + 1500, "took " + millis + " ms");
        } finally {
            other.shutdownNow();
        }
        verify(reader.card, never()).disconnect(anyBoolean());
        hang.countDown();
        verify(reader.card, timeout(2000)).disconnect(true);
        assertSame(exclusiveThread[0], releaseThread[0]);
        transport.close();
    }

    @Test
    void fiftySessionsStartAtMostOneThread() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        open(ReaderSelector.index(0), reader).close(); // a card thread is idle from here on
        int started = CardThread.started();
        Set<String> before = CardThreadTest.liveCardThreads().stream().map(Thread::getName).collect(Collectors.toSet());
        for (int i = 0; i < 50; i++) {
            try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
                assertArrayEquals(OK, transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
            }
        }
        assertEquals(started, CardThread.started(), "card threads started by 50 sessions");
        Set<String> after = CardThreadTest.liveCardThreads().stream().map(Thread::getName).collect(Collectors.toSet());
        assertTrue(before.containsAll(after), "new card threads: " + after + " (before: " + before + ")");
    }

    @Test
    void resetCardIsCardResetAndReconnectRestoresTheLink() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        PcscTransport transport = open(ReaderSelector.index(0), reader);
        when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenThrow(pcsc("SCARD_W_RESET_CARD"));

        CardTransportException e = assertThrows(CardTransportException.class,
                () -> transport.transmit(new byte[] {0x00, (byte) 0xB0, 0x00, 0x00, 0x04}));
        assertEquals(Reason.CARD_RESET, e.reason());
        assertTrue(e.getMessage().contains("SCARD_W_RESET_CARD"), e.getMessage());

        reader.answerWith(OK);
        transport.reconnect();
        verify(reader.terminal, timeout(1000).times(2)).connect("T=1");
        assertArrayEquals(OK, transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        transport.close();
    }

    @Test
    void removedCardIsCardRemoved() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class)))
                    .thenThrow(pcsc("SCARD_W_REMOVED_CARD"));
            CardTransportException e = assertThrows(CardTransportException.class,
                    () -> transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
            assertEquals(Reason.CARD_REMOVED, e.reason());
        }
    }

    @Test
    void unexplainedFailureWithTheCardGoneIsCardRemoved() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class)))
                    .thenThrow(pcsc("SCARD_E_NOT_TRANSACTED"));
            when(reader.terminal.waitForCardAbsent(anyLong())).thenReturn(true);
            CardTransportException e = assertThrows(CardTransportException.class,
                    () -> transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
            assertEquals(Reason.CARD_REMOVED, e.reason());
        }
    }

    @Test
    void unexplainedFailureWithTheCardStillThereStaysOther() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class)))
                    .thenThrow(pcsc("SCARD_E_NOT_TRANSACTED"));
            CardTransportException e = assertThrows(CardTransportException.class,
                    () -> transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
            assertEquals(Reason.OTHER, e.reason());
            assertTrue(e.getMessage().contains("SCARD_E_NOT_TRANSACTED"));
        }
    }

    /** READ BINARY with an extended Le (case 2E). */
    private static final byte[] EXTENDED_READ = {0x00, (byte) 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00};

    @Test
    void anExtendedCommandTheReaderCannotCarryIsExtendedApduUnsupportedAndTheSessionGoesOn() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class)))
                    .thenThrow(pcsc("SCARD_E_NOT_TRANSACTED")).thenAnswer(inv -> {
                        ((ByteBuffer) inv.getArgument(1)).put(OK);
                        return 2;
                    });
            long start = System.nanoTime();
            CardTransportException e = assertThrows(CardTransportException.class, () -> transport.transmit(EXTENDED_READ));
            assertEquals(Reason.EXTENDED_APDU_UNSUPPORTED, e.reason(), e.getMessage());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 500, "no wait for the card to leave");
            verify(reader.terminal, never()).waitForCardAbsent(anyLong());
            // the link is still up: the short form goes through
            assertArrayEquals(OK, transport.transmit(new byte[] {0x00, (byte) 0xB0, 0x00, 0x00, 0x00}));
        }
    }

    @Test
    void theSameFailureOfAShortCommandIsNeverExtendedApduUnsupported() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class)))
                    .thenThrow(pcsc("SCARD_E_INSUFFICIENT_BUFFER"));
            CardTransportException e = assertThrows(CardTransportException.class,
                    () -> transport.transmit(new byte[] {0x00, (byte) 0xB0, 0x00, 0x00, 0x00}));
            assertEquals(Reason.OTHER, e.reason(), e.getMessage());
        }
    }

    @Test
    void anExtendedCommandFailingWithTheCardGoneIsCardRemoved() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class)))
                    .thenThrow(pcsc("SCARD_E_NOT_TRANSACTED"));
            when(reader.terminal.isCardPresent()).thenReturn(false);
            CardTransportException e = assertThrows(CardTransportException.class, () -> transport.transmit(EXTENDED_READ));
            assertEquals(Reason.CARD_REMOVED, e.reason(), e.getMessage());
        }
    }

    @Test
    void hungReaderGivesTimeoutWithinTheBoundAndDisconnects() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        PcscTransport transport = open(ReaderSelector.index(0), reader);
        CountDownLatch never = new CountDownLatch(1);
        when(reader.channel.transmit(any(ByteBuffer.class), any(ByteBuffer.class))).thenAnswer(inv -> {
            never.await(20, TimeUnit.SECONDS);
            return 0;
        });
        long start = System.nanoTime();
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(millis >= 250 && millis < 2000, "took " + millis + " ms");

        // the link stays down until reconnect()
        CardTransportException again = assertThrows(CardTransportException.class,
                () -> transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        assertEquals(Reason.TIMEOUT, again.reason());
        // reconnect cannot release the card while the reader still hangs
        assertEquals(Reason.TIMEOUT, assertThrows(CardTransportException.class, transport::reconnect).reason());
        verify(reader.card, never()).disconnect(anyBoolean());

        // once the reader returns, the card is released on the thread that owns exclusive access
        never.countDown();
        verify(reader.card, timeout(2000)).endExclusive();
        verify(reader.card, timeout(2000)).disconnect(true);
        reader.answerWith(OK);
        transport.reconnect();
        assertArrayEquals(OK, transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        transport.close();
    }

    @Test
    void closedTransportRefusesCommands() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        PcscTransport transport = open(ReaderSelector.index(0), reader);
        transport.close();
        transport.close();
        CardTransportException e = assertThrows(CardTransportException.class,
                () -> transport.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00}));
        assertEquals(Reason.CLOSED, e.reason());
        assertThrows(CardTransportException.class, transport::reconnect);
        verify(reader.card).disconnect(true);
    }

    @Test
    void commandBytesAreNotKeptOrChanged() throws Exception {
        FakeReader reader = new FakeReader("Reader A", OK);
        byte[] command = {0x00, 0x20, 0x00, (byte) 0x98, 0x04, 0x31, 0x32, 0x33, 0x34};
        byte[] copy = command.clone();
        try (PcscTransport transport = open(ReaderSelector.index(0), reader)) {
            transport.transmit(command);
        }
        assertArrayEquals(copy, command);
        assertFalse(Arrays.equals(new byte[9], command));
    }

    @Test
    void serviceDownWhileListingIsServiceUnavailable() {
        CardTransportException e = assertThrows(CardTransportException.class, () -> PcscTransport.open(() -> {
            throw new CardException("list() failed", new Exception("SCARD_E_NO_SERVICE"));
        }, ReaderSelector.firstJpkiCard(), Duration.ZERO, SHORT));
        assertEquals(Reason.SERVICE_UNAVAILABLE, e.reason());
    }

    @Test
    void rejectsBadDurations() {
        assertThrows(IllegalArgumentException.class,
                () -> PcscTransport.open(List::of, ReaderSelector.index(0), Duration.ofSeconds(-1), SHORT));
        assertThrows(IllegalArgumentException.class,
                () -> PcscTransport.open(List::of, ReaderSelector.index(0), Duration.ZERO, Duration.ZERO));
    }
}
