package io.quarkiverse.eventstream.deployment;

import io.quarkiverse.eventstream.runtime.tracing.NoEventTracing;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildStep;

/**
 * Spans with {@code quarkus-opentelemetry}: its tracer replaces the no-op {@link NoEventTracing}.
 */
class EventStreamTracingProcessor {

    @BuildStep
    AdditionalBeanBuildItem tracing(Capabilities capabilities) {
        AdditionalBeanBuildItem.Builder beans = AdditionalBeanBuildItem.builder().addBeanClass(NoEventTracing.class)
                .setUnremovable();
        if (capabilities.isPresent(Capability.OPENTELEMETRY_TRACER)) {
            // named, not referenced: the OpenTelemetry API is on the classpath only with quarkus-opentelemetry
            beans.addBeanClass("io.quarkiverse.eventstream.runtime.tracing.OpenTelemetryEventTracing");
        }
        return beans.build();
    }
}
