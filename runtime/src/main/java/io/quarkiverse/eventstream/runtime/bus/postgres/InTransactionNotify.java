package io.quarkiverse.eventstream.runtime.bus.postgres;

import java.util.List;

/**
 * Sends {@code NOTIFY} through the connection of the caller's transaction: provided with the {@code hibernate-orm}
 * store, so that an event and its notification commit, or roll back, together.
 */
public interface InTransactionNotify {

    /**
     * Sends the payloads on {@code channel} in the active transaction, in order, in one statement; blocking.
     */
    void notify(String channel, List<String> payloads);
}
