package io.github.mynacard.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.mock.MynaCardEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {

    @TempDir
    Path tmp;

    private static String capture(ThrowingRunnable r) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void readFieldsExample() throws Exception {
        String out = capture(() -> ReadFieldsExample.main(new String[0]));
        assertTrue(out.contains("番号　花子"), out);
        assertTrue(out.contains("************"), out);
        assertFalse(out.contains(MynaCardEmulator.DEFAULT_MY_NUMBER), out);
    }

    @Test
    void signFileExample() throws Exception {
        Path f = Files.writeString(tmp.resolve("f.txt"), "data");
        String out = capture(() -> SignFileExample.main(new String[] {f.toString()}));
        assertTrue(out.contains("verified: true"), out);
        assertTrue(capture(() -> SignFileExample.main(new String[0])).contains("verified: true"));
    }
}
