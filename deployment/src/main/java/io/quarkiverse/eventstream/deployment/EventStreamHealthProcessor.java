package io.quarkiverse.eventstream.deployment;

import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

/**
 * The readiness check {@code eventstream}, when the application has {@code quarkus-smallrye-health} and
 * {@code quarkus.eventstream.health.enabled} is true. Its classes are named, not referenced: the MicroProfile Health API
 * is on the classpath only with that extension.
 */
class EventStreamHealthProcessor {

    private static final String RUNTIME_PACKAGE = "io.quarkiverse.eventstream.runtime.";

    @BuildStep
    void readinessCheck(EventStreamBuildTimeConfig config, Capabilities capabilities,
            BuildProducer<HealthBuildItem> checks, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (!capabilities.isPresent(Capability.SMALLRYE_HEALTH) || !config.health().enabled()) {
            return;
        }
        checks.produce(new HealthBuildItem(RUNTIME_PACKAGE + "health.EventStreamReadinessCheck", true));
        // the stores that do I/O get a round trip of their own; the others are not checked
        switch (config.store().kind()) {
            case HIBERNATE_ORM ->
                beans.produce(AdditionalBeanBuildItem.unremovableOf(RUNTIME_PACKAGE + "store.orm.HibernateOrmStorePing"));
            case REDIS ->
                beans.produce(AdditionalBeanBuildItem.unremovableOf(RUNTIME_PACKAGE + "store.redis.RedisStorePing"));
            case MEMORY, NONE -> {
            }
        }
    }
}
