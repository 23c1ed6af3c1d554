package io.quarkiverse.eventstream.runtime.store.orm;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.store.StorePing;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Reads one counter row of {@code eventstream_channel} by its key, in a transaction of its own bounded by the timeout
 * (and the same JDBC query timeout), on a worker thread: it checks the connection, the table and the persistence unit
 * the store uses.
 */
@Singleton
public class HibernateOrmStorePing implements StorePing {

    // not a valid channel name (control character): the row never exists, the lookup reads one index page
    private static final String NO_CHANNEL = "\u0001ping";

    @Override
    public boolean pings(EventStore store) {
        return store instanceof HibernateOrmEventStore;
    }

    @Override
    public String kind() {
        return "hibernate-orm";
    }

    @Override
    public CompletionStage<Void> ping(Duration timeout) {
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        return CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().timeout(seconds)
                .run(() -> Panache.getSession(ChannelRecord.class)
                        .createSelectionQuery("select c.position from ChannelRecord c where c.channel = :channel",
                                Long.class)
                        .setParameter("channel", NO_CHANNEL).setTimeout(seconds).getResultList()),
                Infrastructure.getDefaultWorkerPool());
    }
}
