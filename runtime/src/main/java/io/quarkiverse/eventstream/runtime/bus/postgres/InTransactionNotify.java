package io.quarkiverse.eventstream.runtime.bus.postgres;

import java.util.List;

/**
 * Sends {@code NOTIFY} through the connection of the caller's transaction: provided with the {@code hibernate-orm}
 * store, so that an event and its notification commit, or roll back, together.
 */
public interface InTransactionNotify {

    /**
     * @return whether a transaction is active on this thread
     */
    boolean inTransaction();

    /**
     * Sends the payloads on {@code channel} in the active transaction, in order; blocking.
     */
    void notify(String channel, List<String> payloads);
}
