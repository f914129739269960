package io.github.mynacard.internal;

import java.util.HexFormat;

/** The card applications the library talks to, with their AIDs. */
public enum Application {
    /** 公的個人認証AP (JPKI). */
    JPKI("D392F000260100000001", "JPKI application"),
    /** 券面事項入力補助AP (card-info input support). */
    CARD_INFO_INPUT("D3921000310001010408", "card-info input support application"),
    /**
     * 共通カードAP, which holds the resident-registry PIN as EF 001C. TRET's and myna-go's PIN status
     * queries read that PIN under this AID on real cards; the 住基AP (…0401) holds a second key
     * reference that the card's own UIs treat as the same PIN.
     */
    COMMON("D3921000310001010100", "common card application"),
    /** 券面事項確認AP (card face). */
    CARD_FACE("D3921000310001010402", "card face application");

    private final byte[] aid;
    private final String label;

    Application(String aidHex, String label) {
        this.aid = HexFormat.of().parseHex(aidHex);
        this.label = label;
    }

    /** @return a copy of the AID */
    public byte[] aid() {
        return aid.clone();
    }

    /** @return a name for messages */
    public String label() {
        return label;
    }
}
