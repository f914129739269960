package io.github.mynacard.pcsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP sockets in state LISTEN on this machine, read from the kernel's tables
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6} (Linux), without connecting to anything.
 */
final class ListeningSockets {

    /** One listening socket: its local address and port. */
    record Listener(InetAddress address, int port) {
        /** @return whether only this machine can reach it: 127/8, ::1 or IPv4-mapped 127/8 */
        boolean loopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return (address.getAddress().length == 16 ? "[" + address.getHostAddress() + "]" : address.getHostAddress())
                    + ":" + port;
        }
    }

    private ListeningSockets() {
    }

    /**
     * @param port the port
     * @return every socket listening on {@code port}, on any address (0.0.0.0 and :: included)
     * @throws IOException when the tables cannot be read
     */
    static List<Listener> on(int port) throws IOException {
        List<Listener> result = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                    result.add(new Listener(address(local[0]), port));
                }
            }
        }
        return result;
    }

    /** The kernel prints an address as 32-bit words in host (little-endian) byte order. */
    static InetAddress address(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
