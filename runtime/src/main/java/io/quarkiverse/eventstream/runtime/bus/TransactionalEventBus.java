package io.quarkiverse.eventstream.runtime.bus;

import java.util.List;

import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.EventBus;

/**
 * A bus that can send messages inside the transaction of a {@link SendsInTransaction} store, so that they are delivered
 * when it commits and never when it rolls back (PostgreSQL {@code NOTIFY} through the connection of the
 * {@code hibernate-orm} store).
 */
public interface TransactionalEventBus extends EventBus {

    /**
     * @return whether this bus reaches the store's database, so that {@link #publishInTransaction} can be used
     */
    boolean canPublishInTransaction();

    /**
     * Sends {@code messages} inside the active transaction, in order; blocking. Called on the appending thread, right
     * after the events were appended in that transaction.
     */
    void publishInTransaction(List<BusMessage> messages);
}
