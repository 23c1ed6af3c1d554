package io.quarkiverse.eventstream.runtime.bus.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.bus.Backoff;
import io.quarkiverse.eventstream.runtime.bus.BusConnection;
import io.quarkiverse.eventstream.runtime.bus.InstanceId;
import io.quarkiverse.eventstream.runtime.bus.QuietWarning;
import io.quarkiverse.eventstream.runtime.bus.TransactionalEventBus;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkus.arc.DefaultBean;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgChannel;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * {@code quarkus.eventstream.bus=postgres}: PostgreSQL {@code LISTEN/NOTIFY} through the Vert.x reactive client, on
 * the channel {@code quarkus.eventstream.bus.channel}.
 * <p>
 * One dedicated connection listens and reconnects with {@link Backoff} for the life of the application; a pool of one
 * connection sends the notifications of events published outside a transaction. Inside the caller's transaction, with
 * the {@code hibernate-orm} store, the notification goes through the transaction's own connection
 * ({@link InTransactionNotify}): PostgreSQL delivers it at commit, and never if the transaction rolls back.
 * <p>
 * PostgreSQL keeps nothing for a listener that was away: what it missed is read from the store after it reconnects
 * ({@link BusReceiver#connected()}).
 */
@DefaultBean
@Singleton
public class PostgresEventBus implements TransactionalEventBus, BusConnection {

    private static final Logger LOG = Logger.getLogger(PostgresEventBus.class);
    /** How long stopping waits for the connections to close. */
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Vertx vertx;
    private final String channel;
    private final Notifications notifications;
    private final Instance<InTransactionNotify> inTransaction;
    private final PgConnectOptions options;
    private final QuietWarning connectFailed = new QuietWarning(LOG);
    private volatile Pool notifier;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;

    @Inject
    public PostgresEventBus(Vertx vertx, EventStreamRuntimeConfig config, InstanceId instance,
            Instance<InTransactionNotify> inTransaction) {
        this.vertx = vertx;
        this.channel = config.bus().channel();
        this.notifications = new Notifications(instance.get());
        // only when the bus notifies on the store's own database: the default datasource
        this.inTransaction = config.bus().postgres().datasource().isPresent() ? null : inTransaction;
        this.options = PostgresConnectOptions.of(ConfigProvider.getConfig(), config.bus().postgres().datasource());
    }

    @Override
    public CompletionStage<Void> publish(BusMessage message) {
        List<String> payloads = notifications.payloads(message);
        Pool pool = notifier();
        Future<Void> sent = payloads.size() == 1 ? notify(pool, payloads.get(0))
                : pool.withTransaction(connection -> notifyAll(connection, payloads, 0));
        return sent.toCompletionStage();
    }

    @Override
    public boolean canPublishInTransaction() {
        return inTransaction != null && inTransaction.isResolvable();
    }

    @Override
    public void publishInTransaction(List<BusMessage> messages) {
        List<String> payloads = new ArrayList<>(messages.size());
        for (BusMessage message : messages) {
            payloads.addAll(notifications.payloads(message));
        }
        inTransaction.get().notify(channel, payloads);
    }

    private Future<Void> notify(io.vertx.sqlclient.SqlClient client, String payload) {
        return client.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(channel, payload)).mapEmpty();
    }

    private Future<Void> notifyAll(SqlConnection connection, List<String> payloads, int from) {
        if (from == payloads.size()) {
            return Future.succeededFuture();
        }
        return notify(connection, payloads.get(from)).compose(ignored -> notifyAll(connection, payloads, from + 1));
    }

    private Pool notifier() {
        Pool pool = notifier;
        if (pool == null) {
            synchronized (this) {
                pool = notifier;
                if (pool == null) {
                    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("eventstream-bus-notify"))
                            .connectingTo(options).using(vertx).build();
                    notifier = pool;
                }
            }
        }
        return pool;
    }

    @Override
    public void start(BusReceiver receiver) {
        PgSubscriber listening = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> {
            if (stopped) {
                return -1L;
            }
            // asked when the connection is lost (the subscriber's close handler only runs when it gives up)
            if (retries == 0) {
                LOG.warn("The event bus lost its PostgreSQL connection; reconnecting");
            }
            return Backoff.millis(retries);
        });
        PgChannel notificationChannel = listening.channel(channel);
        notificationChannel.handler(payload -> {
            try {
                BusMessage message = notifications.received(payload);
                if (message != null) {
                    receiver.receive(message);
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "Ignoring a notification on %s that is not an event bus message", channel);
            }
        });
        // after every LISTEN, first connection included: read back what was missed meanwhile
        notificationChannel.subscribeHandler(ignored -> {
            LOG.debugf("Listening on the PostgreSQL channel %s", channel);
            receiver.connected();
        });
        subscriber = listening;
        connect(listening, 0);
    }

    /** The first connection: the reconnect policy only applies once connected. */
    private void connect(PgSubscriber listening, int attempt) {
        listening.connect().onFailure(failure -> {
            if (stopped) {
                return;
            }
            connectFailed.warn("Connecting the event bus to PostgreSQL failed (" + failure + "); retrying");
            vertx.setTimer(Backoff.millis(attempt), timer -> connect(listening, attempt + 1));
        });
    }

    @Override
    public boolean connected() {
        PgSubscriber listening = subscriber;
        return !stopped && listening != null && listening.actualConnection() != null;
    }

    @Override
    public void stop() {
        stopped = true;
        List<Future<Void>> closing = new ArrayList<>(2);
        PgSubscriber listening = subscriber;
        if (listening != null) {
            closing.add(listening.close());
        }
        Pool pool = notifier;
        if (pool != null) {
            closing.add(pool.close());
        }
        if (closing.isEmpty() || Context.isOnEventLoopThread()) {
            return;
        }
        // Vert.x stops right after this: a close still running then fails on its stopped event loop
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf(e, "Closing the event bus connections to PostgreSQL did not complete");
        }
    }
}
