package io.quarkiverse.eventstream.runtime.store;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.quarkiverse.eventstream.spi.EventStore;

/**
 * A cheap round trip to a built-in store that does I/O, for the readiness check. Registered only with
 * {@code quarkus-smallrye-health}, next to the store it checks.
 */
public interface StorePing {

    /**
     * @param store the application's store bean
     * @return whether {@code store} is the one this pings (an application's own store replaces the built-in one)
     */
    boolean pings(EventStore store);

    /**
     * @return the store's name in {@code quarkus.eventstream.store}
     */
    String kind();

    /**
     * Starts one round trip; never blocks the caller.
     *
     * @param timeout how long the store may take to answer
     * @return completed when the store answered, failed with the reason when it did not
     */
    CompletionStage<Void> ping(Duration timeout);
}
