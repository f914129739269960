package io.github.mynacard.pcsc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Points {@code javax.smartcardio} at the pcsc-lite client library on Linux.
 *
 * <p>The JDK's PC/SC provider reads the system property {@value #LIBRARY_PROPERTY} once, when the
 * first {@code TerminalFactory} is used. Its built-in default on Linux often looks for the
 * development name {@code libpcsclite.so}, which distributions such as Debian only ship in the
 * {@code -dev} package; the runtime package ships {@code libpcsclite.so.1} in a multiarch directory.
 * {@link #ensureConfigured()} finds that file and sets the property, unless the user already set it.
 * Every entry point of this module calls it, so applications normally need not.
 */
public final class PcscLibrary {

    /** The system property the JDK's PC/SC provider reads to find the native library. */
    public static final String LIBRARY_PROPERTY = "sun.security.smartcardio.library";

    /** Where pcsc-lite's runtime library is installed on common Linux distributions, in search order. */
    static final List<String> LINUX_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1",
            "/usr/lib/aarch64-linux-gnu/libpcsclite.so.1",
            "/lib/x86_64-linux-gnu/libpcsclite.so.1",
            "/lib/aarch64-linux-gnu/libpcsclite.so.1",
            "/usr/lib/arm-linux-gnueabihf/libpcsclite.so.1",
            "/usr/lib/i386-linux-gnu/libpcsclite.so.1",
            "/usr/lib/riscv64-linux-gnu/libpcsclite.so.1",
            "/usr/lib/powerpc64le-linux-gnu/libpcsclite.so.1",
            "/usr/lib/s390x-linux-gnu/libpcsclite.so.1",
            "/usr/lib64/libpcsclite.so.1",
            "/usr/lib/libpcsclite.so.1",
            "/usr/local/lib/libpcsclite.so.1");

    private PcscLibrary() {
    }

    /**
     * Sets {@value #LIBRARY_PROPERTY} to the pcsc-lite library found on this system, if the property
     * is unset and the system is Linux. Safe to call any number of times from any thread. It must
     * run before the first {@code TerminalFactory} use to have an effect; later calls change nothing
     * the JDK has already loaded.
     *
     * @return the library the property names after the call (set by the user or by this method),
     *     or empty when it is unset (not Linux, or no candidate file exists; the JDK default applies)
     */
    public static synchronized Optional<String> ensureConfigured() {
        String configured = configure(System.getProperty(LIBRARY_PROPERTY),
                System.getProperty("os.name", ""), path -> Files.isReadable(Path.of(path)));
        if (configured != null && System.getProperty(LIBRARY_PROPERTY) == null) {
            System.setProperty(LIBRARY_PROPERTY, configured);
        }
        return Optional.ofNullable(configured);
    }

    /**
     * Decides the library path without touching global state.
     *
     * @param current the property's current value, or null
     * @param osName the {@code os.name} property
     * @param exists tells whether a file exists
     * @return the value the property should have, or null to leave it unset
     */
    static String configure(String current, String osName, Predicate<String> exists) {
        if (current != null && !current.isBlank()) {
            return current;
        }
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        for (String candidate : LINUX_CANDIDATES) {
            if (exists.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
