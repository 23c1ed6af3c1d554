package io.quarkiverse.eventstream.it.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkiverse.eventstream.it.support.EventStoreContract;
import io.quarkiverse.eventstream.runtime.store.redis.RedisEventStore;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The store contract against the {@code redis} store on a real Redis.
 */
@QuarkusTest
@WithTestResource(RedisKeyPrefix.class)
class RedisStoreContractTest extends EventStoreContract {

    @Inject
    EventStore store;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = RedisKeyPrefix.PROPERTY)
    String prefix;

    @Override
    protected EventStore store() {
        return store;
    }

    @Test
    void theRedisStoreIsTheOneUnderTest() {
        assertThat(store).isInstanceOf(RedisEventStore.class);
    }

    @Test
    void keepsEveryKeyUnderTheHashTagOfThePrefix() {
        String channel = newChannel("keys");
        store.append(channel, "message", "x");
        store.epoch();
        String tag = "{" + prefix + "}:";
        assertThat(redis.key().keys(tag + "*")).contains(tag + "pos:" + channel, tag + "ev:" + channel, tag + "time",
                tag + "epoch");
        assertThat(redis.key().keys("*" + channel + "*")).allMatch(key -> key.startsWith(tag));
        assertThat(redis.value(String.class).get(tag + "pos:" + channel)).isEqualTo("1");
        assertThat(redis.sortedSet(String.class).zcard(tag + "ev:" + channel)).isEqualTo(1);
        assertThat(List.of(redis.value(String.class).get(tag + "epoch"))).containsExactly(store.epoch());
    }
}
