package io.quarkiverse.eventstream.runtime.bus.redis;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkiverse.eventstream.runtime.bus.Backoff;
import io.quarkiverse.eventstream.runtime.bus.BusConnection;
import io.quarkiverse.eventstream.runtime.bus.QuietWarning;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.config.EventStreamRuntimeConfig;
import io.quarkiverse.eventstream.spi.BusMessage;
import io.quarkiverse.eventstream.spi.BusReceiver;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkus.arc.DefaultBean;
import io.quarkus.redis.client.RedisClientName;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * {@code quarkus.eventstream.bus=redis}: Redis pub/sub through the client of {@code quarkus-redis-client} (the default
 * one, or {@code quarkus.eventstream.bus.redis.client-name}), on the channel {@code quarkus.eventstream.bus.channel}.
 * <p>
 * One dedicated connection subscribes. The Redis client does not subscribe again after it lost its connection (a Redis
 * restart, a failover, a {@code CLIENT KILL}), so this bus does: when the connection ends or fails it connects and
 * subscribes again with {@link Backoff}, then tells the receiver, which reads from the store what was published
 * meanwhile. Publishes go through one more connection of their own, so that they leave in the order of the calls (the
 * order of positions); while it (re)connects, through the client's pool.
 */
@DefaultBean
@Singleton
public class RedisEventBus implements EventBus, BusConnection {

    private static final Logger LOG = Logger.getLogger(RedisEventBus.class);

    private final Redis redis;
    private final Vertx vertx;
    private final String channel;
    private final QuietWarning connectFailed = new QuietWarning(LOG);
    private volatile RedisConnection subscription;
    private volatile RedisConnection publishing;
    private final AtomicBoolean connectingPublisher = new AtomicBoolean();
    private volatile boolean stopped;

    @Inject
    public RedisEventBus(@Any Instance<Redis> clients, Vertx vertx, EventStreamBuildTimeConfig buildConfig,
            EventStreamRuntimeConfig config) {
        this.redis = buildConfig.bus().redis().clientName()
                .map(name -> clients.select(RedisClientName.Literal.of(name)).get())
                .orElseGet(() -> clients.select(Default.Literal.INSTANCE).get());
        this.vertx = vertx;
        this.channel = config.bus().channel();
    }

    @Override
    public CompletionStage<Void> publish(BusMessage message) {
        Request publish = Request.cmd(Command.PUBLISH).arg(channel).arg(message.encode());
        RedisConnection connection = publishing;
        if (connection == null) {
            connectPublishing();
            // meanwhile through the pool: the order between two such messages is not kept, the receivers restore it
            return redis.send(publish).<Void> mapEmpty().toCompletionStage();
        }
        // one connection: the messages leave in the order of the calls, which is the order of their positions
        return connection.send(publish).<Void> mapEmpty().toCompletionStage();
    }

    private void connectPublishing() {
        if (stopped || !connectingPublisher.compareAndSet(false, true)) {
            return;
        }
        redis.connect().onComplete(connected -> {
            if (connected.succeeded()) {
                RedisConnection connection = connected.result();
                connection.exceptionHandler(failure -> publishingLost(connection));
                connection.endHandler(ignored -> publishingLost(connection));
                publishing = connection;
                if (stopped) {
                    publishingLost(connection);
                }
            }
            connectingPublisher.set(false);
        });
    }

    private void publishingLost(RedisConnection connection) {
        synchronized (this) {
            if (publishing != connection) {
                return;
            }
            publishing = null;
        }
        connection.close();
    }

    @Override
    public void start(BusReceiver receiver) {
        subscribe(receiver, 0);
    }

    private void subscribe(BusReceiver receiver, int attempt) {
        if (stopped) {
            return;
        }
        redis.connect().onSuccess(connection -> {
            subscription = connection;
            connection.handler(response -> received(receiver, response));
            connection.exceptionHandler(failure -> lost(receiver, connection, failure));
            connection.endHandler(ignored -> lost(receiver, connection, null));
            connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onSuccess(subscribed -> {
                LOG.debugf("Subscribed to the Redis channel %s", channel);
                receiver.connected();
            }).onFailure(failure -> lost(receiver, connection, failure));
        }).onFailure(failure -> {
            connectFailed.warn("Connecting the event bus to Redis failed (" + failure + "); retrying");
            vertx.setTimer(Backoff.millis(attempt), timer -> subscribe(receiver, attempt + 1));
        });
    }

    private void received(BusReceiver receiver, Response response) {
        // RESP2 answers a message as a multi-bulk, RESP3 as a push: [message, channel, payload]
        if ((response.type() == ResponseType.PUSH || response.type() == ResponseType.MULTI) && response.size() == 3
                && "message".equals(response.get(0).toString()) && channel.equals(response.get(1).toString())) {
            try {
                receiver.receive(BusMessage.decode(response.get(2).toString()));
            } catch (RuntimeException e) {
                LOG.debugf(e, "Ignoring a message on %s that is not an event bus message", channel);
            }
        }
    }

    private void lost(BusReceiver receiver, RedisConnection connection, Throwable failure) {
        synchronized (this) {
            if (subscription != connection) {
                // already replaced
                return;
            }
            subscription = null;
        }
        connection.close();
        if (stopped) {
            return;
        }
        LOG.warnf("The event bus lost its Redis subscription%s; subscribing again",
                failure == null ? "" : " (" + failure + ")");
        vertx.setTimer(Backoff.millis(0), timer -> subscribe(receiver, 1));
    }

    @Override
    public boolean connected() {
        return !stopped && subscription != null;
    }

    @Override
    public void stop() {
        stopped = true;
        RedisConnection publisher = publishing;
        if (publisher != null) {
            publishingLost(publisher);
        }
        RedisConnection connection = subscription;
        if (connection != null) {
            subscription = null;
            connection.close();
        }
    }
}
