package io.quarkiverse.eventstream.deployment;

import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.metrics.NoEventStreamMetrics;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;

/**
 * The {@code eventstream.*} meters. The no-op metrics are always registered; the Micrometer ones, named as a string
 * because Micrometer is on the classpath only with {@code quarkus-micrometer}, replace them when the application has
 * it and {@code quarkus.eventstream.metrics.enabled} is {@code true}.
 */
class EventStreamMetricsProcessor {

    static final String MICROMETER_METRICS = "io.quarkiverse.eventstream.runtime.metrics.MicrometerEventStreamMetrics";

    @BuildStep
    void metrics(Capabilities capabilities, EventStreamBuildTimeConfig config,
            BuildProducer<AdditionalBeanBuildItem> beans) {
        beans.produce(AdditionalBeanBuildItem.unremovableOf(NoEventStreamMetrics.class));
        if (config.metrics().enabled() && capabilities.isPresent(Capability.METRICS)
                && QuarkusClassLoader.isClassPresentAtRuntime("io.micrometer.core.instrument.MeterRegistry")) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(MICROMETER_METRICS));
        }
    }
}
