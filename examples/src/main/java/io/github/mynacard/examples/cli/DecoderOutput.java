package io.github.mynacard.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import jj2000.j2k.util.FacilityManager;
import jj2000.j2k.util.MsgLogger;

/**
 * Keeps the JPEG 2000 decoder's own messages and stack traces (it prints them to standard error
 * before it fails) off the user's screen: while a photo decodes, standard error drops what the
 * decoder's threads write and passes on everything else.
 */
final class DecoderOutput {

    private static final ThreadLocal<Boolean> DECODER = ThreadLocal.withInitial(() -> false);
    private static PrintStream original;
    private static PrintStream filter;
    private static int users;

    private DecoderOutput() {
    }

    /** Marks the calling thread as a decoder thread: its messages go nowhere. */
    static void silenceThisThread() {
        DECODER.set(true);
        FacilityManager.registerMsgLogger(Thread.currentThread(), new MsgLogger() {
            @Override
            public void printmsg(int severity, String message) {
            }

            @Override
            public void println(String message, int firstIndent, int indent) {
            }

            @Override
            public void flush() {
            }
        });
    }

    /** Puts the filter in place of standard error (counted: nested and parallel use are fine). */
    static synchronized void open() {
        if (users++ == 0) {
            PrintStream err = System.err;
            original = err;
            filter = new PrintStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    if (!DECODER.get()) {
                        err.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (!DECODER.get()) {
                        err.write(b, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    err.flush();
                }
            }, true);
            System.setErr(filter);
        }
    }

    /** Gives standard error back, unless someone else replaced it meanwhile. */
    static synchronized void close() {
        if (--users == 0) {
            if (System.err == filter) {
                System.setErr(original);
            }
            original = null;
            filter = null;
        }
    }
}
