package io.github.mynacard.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.JpkiCertificate;
import io.github.mynacard.JpkiKey;
import io.github.mynacard.MynaCard;
import io.github.mynacard.PinKind;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card loaded from its state file parses its keys only when a command needs one: the PIN
 * counters and the certificates need none; a key that does not parse fails the command that needs
 * it, as a state file that no longer holds a card does, and nothing else.
 */
class LazyKeysTest {

    @TempDir
    Path dir;

    private static boolean anyKeyParsed(MynaCardEmulator card) {
        CardIdentity id = card.os.identity();
        boolean terminals = id.terminals.values().stream().anyMatch(StateCodec.Terminal::parsed);
        return id.keys.authKey().parsed() || id.keys.signKey().parsed() || id.keys.cardInfoKey().parsed()
                || id.keys.cardFaceKey().parsed() || terminals;
    }

    @Test
    void countersAndCertificatesParseNoKey() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        MynaCardEmulator loaded = MynaCardEmulator.load(file);
        MynaCard card = MynaCard.open(loaded);
        assertEquals(3, card.pinStatuses().get(PinKind.USER_AUTH).remaining());
        card.readCertificate(JpkiCertificate.AUTHENTICATION);
        card.readCertificate(JpkiCertificate.SIGNING_CA);
        assertFalse(anyKeyParsed(loaded));
        byte[] before = Files.readAllBytes(file);
        card.signDigest(JpkiKey.AUTHENTICATION, DigestAlgorithm.SHA256, new byte[32],
                MynaCardEmulator.DEFAULT_USER_PIN.toCharArray());
        assertTrue(loaded.os.identity().keys.authKey().parsed(), "signing parses the key it signs with");
        assertArrayEquals(before, Files.readAllBytes(file), "the keys are written back as they were read");
    }

    @Test
    void aKeyThatDoesNotParseFailsOnlyTheCommandThatNeedsIt() throws Exception {
        Path file = dir.resolve("card.state");
        MynaCardEmulator.builder().stateFile(file).build();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String body = text.substring(0, text.lastIndexOf("sha256="));
        body = body.replaceFirst("(?m)^key\\.authentication=.*$",
                "key.authentication=" + Base64.getEncoder().encodeToString("not a key".getBytes(StandardCharsets.US_ASCII)));
        String sum = HexFormat.of().formatHex(StateCodec.sha256(body.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(file, body + "sha256=" + sum + "\n", StandardCharsets.UTF_8);

        MynaCardEmulator loaded = MynaCardEmulator.load(file);
        MynaCard card = MynaCard.open(loaded);
        assertEquals(3, card.pinStatuses().get(PinKind.USER_AUTH).remaining());
        card.readCertificate(JpkiCertificate.AUTHENTICATION);
        UncheckedIOException direct = assertThrows(UncheckedIOException.class, () -> loaded.publicKey(JpkiKey.AUTHENTICATION));
        assertInstanceOf(CardStateException.class, direct.getCause());
        CardStateException e = assertThrows(CardStateException.class, () -> card.signDigest(JpkiKey.AUTHENTICATION,
                DigestAlgorithm.SHA256, new byte[32], MynaCardEmulator.DEFAULT_USER_PIN.toCharArray()));
        assertTrue(e.getMessage().contains("a key or certificate that does not parse"), e.getMessage());
        assertEquals(3, loaded.remainingAttempts(PinKind.USER_AUTH), "the PIN was right: no attempt is spent");
    }
}
