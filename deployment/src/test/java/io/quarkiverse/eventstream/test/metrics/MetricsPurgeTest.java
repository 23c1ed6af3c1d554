package io.quarkiverse.eventstream.test.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code eventstream.store.purged} counts what the scheduled purge deleted; the histograms switch adds buckets.
 */
public class MetricsPurgeTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(PrometheusScrape.class)
            .setForcedDependencies(List.of(Dependency.of("io.quarkus",
                    "quarkus-micrometer-registry-prometheus-deployment", Version.getVersion())))
            .overrideConfigKey("quarkus.eventstream.retention.max-age", "1s")
            .overrideConfigKey("quarkus.eventstream.retention.purge-interval", "1s")
            .overrideConfigKey("quarkus.eventstream.metrics.histograms", "true");

    @Test
    void countsThePurgedEvents() {
        publisher.publishRaw("aging", "message", "e1");
        publisher.publishRaw("aging", "message", "e2");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertThat(PrometheusScrape.read().get("eventstream_store_purged_total")).isEqualTo(2));
        PrometheusScrape scrape = PrometheusScrape.read();
        assertThat(scrape.get("eventstream_store_append_seconds_count")).isEqualTo(2);
        assertThat(scrape.seriesStartingWith("eventstream_publish_latency_seconds_bucket")).isNotEmpty();
    }
}
