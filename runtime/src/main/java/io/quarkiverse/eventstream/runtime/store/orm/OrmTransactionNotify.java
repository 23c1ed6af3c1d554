package io.quarkiverse.eventstream.runtime.store.orm;

import java.sql.PreparedStatement;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.bus.postgres.InTransactionNotify;
import io.quarkus.hibernate.orm.panache.Panache;

/**
 * {@code NOTIFY} in the caller's transaction, on the connection the {@code hibernate-orm} store appended the event
 * with: the {@code postgres} bus and the {@code hibernate-orm} store together.
 */
@Singleton
public class OrmTransactionNotify implements InTransactionNotify {

    @Override
    public void notify(String channel, List<String> payloads) {
        Panache.getSession(EventRecord.class).doWork(connection -> {
            // one round trip for the whole append; ORDER BY: the notifications go out in the order given
            try (PreparedStatement notify = connection.prepareStatement(
                    "SELECT pg_notify(?, p) FROM unnest(?::text[]) WITH ORDINALITY AS t(p, i) ORDER BY i")) {
                notify.setString(1, channel);
                notify.setArray(2, connection.createArrayOf("text", payloads.toArray()));
                notify.executeQuery().close();
            }
        });
    }
}
