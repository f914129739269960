package io.github.mynacard.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginOriginTest {

    @Test
    void anAddressIsReducedToItsOneForm() {
        assertEquals("https://service.example", LoginOrigin.of("https://service.example").toString());
        assertEquals("https://service.example", LoginOrigin.of("HTTPS://Service.EXAMPLE:443/").toString());
        assertEquals("https://service.example:8443", LoginOrigin.of("https://service.example:8443").toString());
        assertEquals("https://xn--vcki1fxh.example", LoginOrigin.of("https://サービス.example").toString());
        assertEquals("http://localhost:8080", LoginOrigin.of("http://localhost:8080/").toString());
        assertEquals("http://127.0.0.1", LoginOrigin.of("http://127.0.0.1:80").toString());
        assertEquals("https://[::1]:8443", LoginOrigin.of("https://[::1]:8443").toString());
        assertEquals(LoginOrigin.of("https://a.example"), LoginOrigin.of("https://A.example:443"));
        assertNotEquals(LoginOrigin.of("https://a.example"), LoginOrigin.of("https://a.example:444"));
        assertNotEquals(LoginOrigin.of("https://a.example"), LoginOrigin.of("https://b.example"));
    }

    @Test
    void whatIsNotAnOriginIsRefusedWithItsReason() {
        assertRefused("http://service.example", "https");
        assertRefused("ftp://service.example", "scheme");
        assertRefused("https://service.example/login", "path");
        assertRefused("https://service.example/?a=1", "query");
        assertRefused("https://service.example#top", "fragment");
        assertRefused("https://user:pw@service.example", "user");
        assertRefused("service.example", "address like");
        assertRefused("https://", "not an address");
        assertRefused("https://service.example:0", "port");
        assertRefused("https://service.example:99999", "port");
        assertRefused("https://exa mple.com", "not an address");
        assertRefused("https://" + "a".repeat(64) + ".example", "host");
    }

    private static void assertRefused(String address, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoginOrigin.of(address), address);
        assertTrue(e.getMessage().contains(reason), address + ": " + e.getMessage());
    }
}
