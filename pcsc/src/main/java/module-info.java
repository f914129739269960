/**
 * mynacard PC/SC: a {@code CardTransport} over {@code javax.smartcardio}.
 */
module io.github.mynacard.pcsc {
    requires transitive io.github.mynacard.core;
    requires transitive java.smartcardio;
    exports io.github.mynacard.pcsc;
}
