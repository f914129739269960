package io.github.mynacard.pcsc;

/** Hands a session's exception from the card thread to its caller unchanged. */
final class CardTransportSessions {

    private CardTransportSessions() {
    }

    /**
     * Throws {@code t} as it is: a session declares only {@code IOException} and its own {@code X}
     * besides unchecked ones, so whatever it threw is one of those.
     *
     * @return never; declared so that callers can write {@code throw rethrow(t)}
     * @param <X> the session's checked exception
     * @throws X always
     */
    @SuppressWarnings("unchecked")
    static <X extends Exception> X rethrow(Throwable t) throws X {
        throw (X) t;
    }
}
