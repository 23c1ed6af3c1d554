package io.quarkiverse.eventstream.test.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.metrics.NoEventStreamMetrics;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code quarkus.eventstream.metrics.enabled=false}: Micrometer serves its own meters, none of the extension's.
 */
public class MetricsDisabledTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(PrometheusScrape.class)
            .setForcedDependencies(List.of(Dependency.of("io.quarkus",
                    "quarkus-micrometer-registry-prometheus-deployment", Version.getVersion())))
            .overrideConfigKey("quarkus.eventstream.metrics.enabled", "false");

    @Inject
    EventStreamMetrics metrics;

    @Test
    void registersNoMeterWhenTurnedOff() throws Exception {
        try (SseTestClient client = open("/events/quiet")) {
            client.next(WAIT);
            publisher.publishRaw("quiet", "message", "still streams");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("still streams");
        }
        PrometheusScrape scrape = PrometheusScrape.read();
        // Micrometer is there and serves its own meters
        assertThat(scrape.seriesStartingWith("jvm_")).isNotEmpty();
        assertThat(scrape.seriesStartingWith("eventstream")).isEmpty();
        assertThat(metrics).isInstanceOf(NoEventStreamMetrics.class);
    }
}
