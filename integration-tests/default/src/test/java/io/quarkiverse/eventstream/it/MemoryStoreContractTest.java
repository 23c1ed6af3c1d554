package io.quarkiverse.eventstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.EventStoreContract;
import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The store contract against the default {@code memory} store.
 */
@QuarkusTest
class MemoryStoreContractTest extends EventStoreContract {

    @Inject
    EventStore store;

    @Override
    protected EventStore store() {
        return store;
    }

    @Test
    void theMemoryStoreIsTheOneUnderTest() {
        assertThat(store).isInstanceOf(MemoryEventStore.class);
    }
}
