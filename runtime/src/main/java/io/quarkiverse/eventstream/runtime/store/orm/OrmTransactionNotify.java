package io.quarkiverse.eventstream.runtime.store.orm;

import java.sql.PreparedStatement;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.bus.postgres.InTransactionNotify;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * {@code NOTIFY} in the caller's transaction, on the connection the {@code hibernate-orm} store appended the event
 * with: the {@code postgres} bus and the {@code hibernate-orm} store together.
 */
@Singleton
public class OrmTransactionNotify implements InTransactionNotify {

    @Override
    public boolean inTransaction() {
        return QuarkusTransaction.isActive();
    }

    @Override
    public void notify(String channel, List<String> payloads) {
        Panache.getSession(EventRecord.class).doWork(connection -> {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String payload : payloads) {
                    notify.setString(1, channel);
                    notify.setString(2, payload);
                    notify.execute();
                }
            }
        });
    }
}
