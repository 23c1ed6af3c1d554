package io.quarkiverse.eventstream.runtime.bus;

import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.EventBus;

/**
 * A bus that can send a message inside the caller's transaction, so that it is delivered when the transaction commits
 * and never when it rolls back (PostgreSQL {@code NOTIFY} through the connection of the {@code hibernate-orm} store).
 */
public interface TransactionalEventBus extends EventBus {

    /**
     * Sends {@code message} inside the active transaction; blocking. Called on the publisher's thread, right after the
     * event was appended in that transaction.
     *
     * @return {@code false} when there is no transaction to join: the caller publishes after the commit instead
     */
    boolean publishInTransaction(BusMessage message);
}
