package io.quarkiverse.eventstream.deployment;

import java.util.function.BooleanSupplier;

import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.store.redis.RedisEventStore;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The {@code redis} store. Its class is named only in a step that runs when that store is chosen, so an application
 * without the Redis client never loads it. The store looks its client up programmatically, which makes the Redis
 * extension create every client configured in {@code application.properties}.
 */
class EventStreamRedisStoreProcessor {

    static final class RedisStoreSelected implements BooleanSupplier {

        private final EventStreamBuildTimeConfig config;

        RedisStoreSelected(EventStreamBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.store().kind() == EventStreamBuildTimeConfig.StoreKind.REDIS;
        }
    }

    @BuildStep(onlyIf = RedisStoreSelected.class)
    AdditionalBeanBuildItem registerStore(Capabilities capabilities) {
        if (!capabilities.isPresent(Capability.REDIS_CLIENT)) {
            throw new ConfigurationException("quarkus.eventstream.store=redis needs the Redis client:"
                    + " add the io.quarkus:quarkus-redis-client dependency and set quarkus.redis.hosts"
                    + " (or quarkus.redis.\"<name>\".hosts with quarkus.eventstream.store.redis.client-name),"
                    + " or choose quarkus.eventstream.store=memory");
        }
        return AdditionalBeanBuildItem.unremovableOf(RedisEventStore.class);
    }
}
