/**
 * mynacard signing: detached CMS (CAdES B-B to B-LT) and PAdES (B-B to B-LTA) PDF signatures made with a card
 * key through the JCA (see {@code io.github.mynacard.jca.MynaCardProvider}), and their verification.
 */
module io.github.mynacard.signing {
    requires transitive io.github.mynacard.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;
    requires org.apache.pdfbox;
    requires java.net.http;
    exports io.github.mynacard.signing;
}
