/**
 * mynacard JUnit 5: an extension that gives tests fresh emulated cards. JUnit comes from the build
 * that uses it.
 */
module io.github.mynacard.junit {
    requires transitive io.github.mynacard.mock;
    requires transitive org.junit.jupiter.api;
    exports io.github.mynacard.junit5;
}
