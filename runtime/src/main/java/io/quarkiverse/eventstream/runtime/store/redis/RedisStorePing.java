package io.quarkiverse.eventstream.runtime.store.redis;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.store.StorePing;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.redis.client.RedisClientName;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Sends {@code PING} through the Redis client the store uses; never blocks.
 */
@Singleton
public class RedisStorePing implements StorePing {

    private final Redis redis;

    @Inject
    public RedisStorePing(@Any Instance<Redis> clients, EventStreamBuildTimeConfig config) {
        this.redis = config.store().redis().clientName()
                .map(name -> clients.select(RedisClientName.Literal.of(name)).get())
                .orElseGet(() -> clients.select(Default.Literal.INSTANCE).get());
    }

    @Override
    public boolean pings(EventStore store) {
        return store instanceof RedisEventStore;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public CompletionStage<Void> ping(Duration timeout) {
        // the readiness check bounds the wait; the client's own timeout ends the request
        return redis.send(Request.cmd(Command.PING)).<Void> mapEmpty().toCompletionStage();
    }
}
