/**
 * mynacard core: the APDU layer, the transport interface and typed My Number Card operations.
 * Depends on the JDK alone.
 */
module io.github.mynacard.core {
    exports io.github.mynacard;
    exports io.github.mynacard.apdu;
    exports io.github.mynacard.transport;
    exports io.github.mynacard.jca;
    exports io.github.mynacard.cert;
    exports io.github.mynacard.login;
    exports io.github.mynacard.revocation;
    exports io.github.mynacard.report;
    requires java.net.http;
}
