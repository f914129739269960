package io.github.mynacard.report;

import java.io.IOException;

/**
 * A file given as a card report is not one: not JSON, of another format or version, or with a
 * value a report cannot hold. The message says where, in plain words.
 */
public class CardReportFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, and where
     */
    public CardReportFormatException(String message) {
        super(message);
    }
}
