package io.github.mynacard.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The service's side of a login (this package but {@link CardLogin}, and the {@code cert} and
 * {@code revocation} packages) reaches no class that talks to a card, so that a service that only
 * verifies needs no card code, and the side could become an artifact of its own. Follows every
 * class named in the compiled classes' constant pools, from the verifier's classes outwards.
 */
class ServiceSideBoundaryTest {

    private static final Pattern NAME = Pattern.compile("io/github/mynacard/[A-Za-z0-9_/$]+");

    /** What talks to a card, or holds its session, PIN or APDUs. */
    private static boolean cardSide(String name) {
        return name.equals("io/github/mynacard/MynaCard") || name.startsWith("io/github/mynacard/MynaCard$")
                || name.startsWith("io/github/mynacard/transport/") || name.startsWith("io/github/mynacard/jca/")
                || name.startsWith("io/github/mynacard/internal/") || name.startsWith("io/github/mynacard/login/CardLogin")
                || name.startsWith("io/github/mynacard/Pin") || name.equals("io/github/mynacard/LastAttempt")
                || (name.startsWith("io/github/mynacard/apdu/") && !name.startsWith("io/github/mynacard/apdu/TlvHeader"));
    }

    @Test
    void theVerifierSideReachesNoCardCode() throws Exception {
        List<String> roots = List.of("login/LoginVerifier", "login/LoginResponse", "login/LoginResult", "login/LoginOrigin",
                "login/LoginChallenge", "login/NonceStore", "login/FileNonceStore", "cert/ChainValidator", "cert/TrustAnchors",
                "revocation/CrlSource", "revocation/RevocationChecker");
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        roots.forEach(r -> todo.add("io/github/mynacard/" + r));
        while (!todo.isEmpty()) {
            String c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            for (String n : referencedNames(c)) {
                if (!seen.contains(n)) {
                    todo.add(n);
                }
            }
        }
        assertTrue(seen.size() > 20, seen.toString());
        assertTrue(seen.contains("io/github/mynacard/login/MemoryNonceStore"), seen.toString());
        Set<String> card = seen.stream().filter(ServiceSideBoundaryTest::cardSide).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), card, "the verifier side reaches card code");
    }

    /** The project's classes a class names, read from its class file's constant pool. */
    private static Set<String> referencedNames(String internalName) throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream in = ServiceSideBoundaryTest.class.getResourceAsStream("/" + internalName + ".class")) {
            if (in == null) {
                return names; // not a class of ours (an array descriptor fragment, say)
            }
            DataInputStream d = new DataInputStream(in);
            d.readInt();
            d.readUnsignedShort();
            d.readUnsignedShort();
            int count = d.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        Matcher m = NAME.matcher(d.readUTF());
                        while (m.find()) {
                            names.add(m.group());
                        }
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipNBytes(4);
                    case 5, 6 -> {
                        d.skipNBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> d.skipNBytes(2);
                    case 15 -> d.skipNBytes(3);
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + internalName);
                }
            }
        }
        return names;
    }
}
