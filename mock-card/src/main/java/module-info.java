/**
 * mynacard mock card: a strict software My Number Card and JUnit 5 support for tests.
 */
module io.github.mynacard.mock {
    requires transitive io.github.mynacard.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires jdk.net;
    requires transitive org.junit.jupiter.api;
    exports io.github.mynacard.mock;
}
