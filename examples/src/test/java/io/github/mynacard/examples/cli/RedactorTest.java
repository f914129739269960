package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksPinLikeArgumentsWhereverTheyShow() {
        Redactor r = Redactor.forArguments("verify-user-pin", "--card", "/tmp/1234/card.state", "5678");
        assertEquals("no such directory: /tmp/****/card.state (****)",
                r.redact("no such directory: /tmp/1234/card.state (5678)"));
    }

    @Test
    void aPortOrAWaitIsANumberTheUserChoseNotASecret() {
        Redactor r = Redactor.forArguments("emulator", "serve", "--port", "35963", "--wait=3000");
        assertEquals("waiting for vpcd at 127.0.0.1:35963, 3000 s",
                r.redact("waiting for vpcd at 127.0.0.1:35963, 3000 s"));
    }

    @Test
    void aPinNextToAPortIsStillMasked() {
        Redactor r = Redactor.forArguments("--port", "35963", "1234");
        assertEquals("35963 ****", r.redact("35963 1234"));
    }
}
