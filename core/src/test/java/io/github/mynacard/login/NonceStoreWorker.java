package io.github.mynacard.login;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One process of {@link FileNonceStoreProcessesTest}: waits until the go file exists, then consumes
 * the nonces given in hex, one line per nonce: {@code HEX USE}.
 */
public final class NonceStoreWorker {

    private NonceStoreWorker() {
    }

    public static void main(String[] args) throws Exception {
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
}
