package io.quarkiverse.eventstream.it.orm;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.EventStoreContract;
import io.quarkiverse.eventstream.runtime.store.orm.HibernateOrmEventStore;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The store contract against the {@code hibernate-orm} store, on H2 or (with {@code -Ppostgresql}) PostgreSQL.
 */
@QuarkusTest
class HibernateOrmStoreContractTest extends EventStoreContract {

    @Inject
    EventStore store;

    @Override
    protected EventStore store() {
        return store;
    }

    @Test
    void theHibernateOrmStoreIsTheOneUnderTest() {
        assertThat(store).isInstanceOf(HibernateOrmEventStore.class);
    }
}
