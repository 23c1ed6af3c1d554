package io.quarkiverse.eventstream.runtime.bus;

import java.util.List;
import java.util.function.Consumer;

import io.quarkiverse.eventstream.spi.StoredEvent;

/**
 * A transactional store that hands what it appends to the bus inside the transaction that appends it (the
 * {@code hibernate-orm} store, with the {@code postgres} bus): the notification commits, or rolls back, with the
 * events, in the order of their positions, whether the transaction is the caller's or the store's own.
 */
public interface SendsInTransaction {

    /**
     * Called once, at startup, by the {@link BusLink}; afterwards each append hands its events to {@code sender}, in
     * the appending transaction, in position order per channel.
     */
    void sendAppendedTo(Consumer<List<StoredEvent>> sender);
}
