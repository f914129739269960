/**
 * mynacard mock card: a strict software My Number Card for tests, free of any test framework.
 */
module io.github.mynacard.mock {
    requires transitive io.github.mynacard.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires jdk.net;
    requires jdk.httpserver; // the emulated back office's HTTP server (BackOfficeServer), on loopback only
    requires java.desktop; // the card-face images: Java2D and the PNG writer, never a window
    exports io.github.mynacard.mock;
}
