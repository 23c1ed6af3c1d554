package io.quarkiverse.eventstream.deployment;

import io.quarkiverse.eventstream.runtime.bus.NoEventBus;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig.BusKind;
import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig.StoreKind;
import io.quarkiverse.eventstream.runtime.store.MemoryEventStore;
import io.quarkiverse.eventstream.spi.EventBus;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The bus between instances ({@code quarkus.eventstream.bus}). Its classes are named, not referenced: the clients they
 * use are on the classpath only when the application adds them.
 */
class EventStreamBusProcessor {

    private static final String BUS_PACKAGE = "io.quarkiverse.eventstream.runtime.bus.";

    @BuildStep
    void registerBus(EventStreamBuildTimeConfig config, Capabilities capabilities,
            BuildProducer<AdditionalBeanBuildItem> beans) {
        BusKind kind = config.bus().kind();
        switch (kind) {
            case NONE -> beans.produce(AdditionalBeanBuildItem.unremovableOf(NoEventBus.class));
            case POSTGRES -> {
                if (!capabilities.isPresent(Capability.REACTIVE_PG_CLIENT)) {
                    throw new ConfigurationException("quarkus.eventstream.bus=postgres needs the Vert.x reactive"
                            + " PostgreSQL client: add the io.quarkus:quarkus-reactive-pg-client dependency");
                }
                beans.produce(AdditionalBeanBuildItem.unremovableOf(BUS_PACKAGE + "postgres.PostgresEventBus"));
                if (config.store().kind() == StoreKind.HIBERNATE_ORM && config.store().persistenceUnit().isEmpty()) {
                    // NOTIFY in the transaction that appends the event, on the default datasource
                    beans.produce(AdditionalBeanBuildItem
                            .unremovableOf("io.quarkiverse.eventstream.runtime.store.orm.OrmTransactionNotify"));
                }
            }
            case REDIS -> {
                if (!capabilities.isPresent(Capability.REDIS_CLIENT)) {
                    throw new ConfigurationException("quarkus.eventstream.bus=redis needs the Quarkus Redis client:"
                            + " add the io.quarkus:quarkus-redis-client dependency");
                }
                beans.produce(AdditionalBeanBuildItem.unremovableOf(BUS_PACKAGE + "redis.RedisEventBus"));
            }
        }
    }

    /**
     * A bus with the per-instance memory store would give one channel different positions on each instance: the build
     * stops. An application's own store or bus counts as chosen.
     */
    @BuildStep
    void checkStoreIsShared(EventStreamBuildTimeConfig config, ValidationPhaseBuildItem validation,
            BuildProducer<ValidationPhaseBuildItem.ValidationErrorBuildItem> errors) {
        boolean bus = config.bus().kind() != BusKind.NONE || validation.getContext().beans()
                .withBeanType(EventBus.class).stream().anyMatch(bean -> !isClass(bean, NoEventBus.class.getName()));
        if (!bus) {
            return;
        }
        boolean memoryStore = validation.getContext().beans().withBeanType(EventStore.class).stream()
                .allMatch(bean -> isClass(bean, MemoryEventStore.class.getName()));
        if (memoryStore) {
            errors.produce(new ValidationPhaseBuildItem.ValidationErrorBuildItem(new ConfigurationException(
                    "A bus between instances (" + (config.bus().kind() == BusKind.NONE
                            ? "the application's own io.quarkiverse.eventstream.spi.EventBus bean"
                            : "quarkus.eventstream.bus=" + config.bus().kind().name().toLowerCase())
                            + ") needs a store that every instance shares, but quarkus.eventstream.store is memory: each"
                            + " instance would give the events of a channel other positions. Choose"
                            + " quarkus.eventstream.store=hibernate-orm (one database for all instances), redis, or"
                            + " none (events then carry no ids and are not replayed)")));
        }
    }

    private static boolean isClass(BeanInfo bean, String className) {
        return bean.getBeanClass().toString().equals(className);
    }
}
