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

    @Test
    void aPinInsideAFileNameOrAnOptionNameIsMasked() {
        Redactor r = Redactor.forArguments("sign", "/tmp/aud/AUDQX7Z9K2/AUDQX7Z9K2.txt", "--out", "8352.pdf", "--AUDQX7Z9K2",
                "report-4821_v2.pdf", "-MYNA2026", "--out=notes.Z9Q7X4.sig", "a,PQ42RS:b@7364 x");
        assertEquals("no such file: /tmp/aud/****/****.txt", r.redact("no such file: /tmp/aud/AUDQX7Z9K2/AUDQX7Z9K2.txt"));
        assertEquals("no such file: ****.pdf", r.redact("no such file: 8352.pdf"));
        assertEquals("unknown option '--****'", r.redact("unknown option '--AUDQX7Z9K2'"));
        assertEquals("unknown option '-****'", r.redact("unknown option '-MYNA2026'"));
        assertEquals("report-****_v2.pdf notes.****.sig a,****:b@**** x",
                r.redact("report-4821_v2.pdf notes.Z9Q7X4.sig a,PQ42RS:b@7364 x"));
    }

    @Test
    void ordinaryWordsInANameStayVisible() {
        String[] args = {"sign", "/tmp/junit-5981234467102938475/cert-x509.sha256.pem", "scan_20261207123.pdf", "--out", "my_file-v2.sig", "--card",
                "card.state", "--url", "https://127.0.0.1:8443/api/v1", "--birth-date", "1985-12-24", "--reader",
                "Virtual PCD 00 00", "--port=35964", "--json"};
        Redactor r = Redactor.forArguments(args);
        String all = String.join(" ", args);
        assertEquals(all, r.redact(all));
        assertEquals("rsa2048 Pkcs12 X509 ab12 1985-12-24", r.redact("rsa2048 Pkcs12 X509 ab12 1985-12-24"));
    }

    @Test
    void aPasswordInAUrlIsMaskedButItsPortIsNot() {
        Redactor r = Redactor.forArguments("login", "--url", "https://user:7364@127.0.0.1:8443/");
        assertEquals("https://user:****@127.0.0.1:8443/", r.redact("https://user:7364@127.0.0.1:8443/"));
    }
}
