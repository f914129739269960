package io.github.mynacard.login;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One process of {@link FileNonceStoreProcessesTest}: waits until the go file exists, then consumes
 * the nonces given in hex, one line per nonce: {@code HEX USE}; or, with {@code issue FILE},
 * issues nonces until it is killed, printing each once its issue has returned.
 */
public final class NonceStoreWorker {

    private NonceStoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("issue")) {
            issueUntilKilled(FileNonceStore.open(Path.of(args[1])));
            return;
        }
        FileNonceStore store = FileNonceStore.open(Path.of(args[0]));
        Path go = Path.of(args[1]);
        Instant now = Instant.parse(args[2]);
        System.out.println("READY");
        System.out.flush();
        while (Files.notExists(go)) {
            Thread.onSpinWait();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 3; i < args.length; i++) {
            out.append(args[i]).append(' ').append(store.consume(HexFormat.of().parseHex(args[i]), now)).append('\n');
        }
        System.out.print(out);
    }

    private static void issueUntilKilled(FileNonceStore store) throws Exception {
        System.out.println("READY");
        System.out.flush();
        java.time.Clock clock = java.time.Clock.systemUTC();
        while (true) {
            byte[] n = LoginChallenge.newNonce(clock);
            store.issue(n, Instant.parse("2100-01-01T00:00:00Z"));
            System.out.println(HexFormat.of().formatHex(n));
            System.out.flush();
        }
    }
}
