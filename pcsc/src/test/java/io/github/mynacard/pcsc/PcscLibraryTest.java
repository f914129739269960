package io.github.mynacard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PcscLibraryTest {

    @Test
    void keepsAPathTheUserSet() {
        assertEquals("/opt/pcsc/lib.so", PcscLibrary.configure("/opt/pcsc/lib.so", "Linux", p -> true));
    }

    @Test
    void findsTheVersionedLibraryInTheMultiarchDirectory() {
        Set<String> files = Set.of("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1", "/usr/lib/libpcsclite.so.1");
        assertEquals("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1",
                PcscLibrary.configure(null, "Linux", files::contains));
    }

    @Test
    void prefersX8664OnDebianAmd64() {
        Set<String> files = Set.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1", "/usr/lib64/libpcsclite.so.1");
        assertEquals("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1", PcscLibrary.configure("", "Linux", files::contains));
    }

    @Test
    void leavesOtherSystemsAndMissingLibrariesToTheJdk() {
        assertNull(PcscLibrary.configure(null, "Windows 11", p -> true));
        assertNull(PcscLibrary.configure(null, "Mac OS X", p -> true));
        assertNull(PcscLibrary.configure(null, "Linux", p -> false));
    }
}
