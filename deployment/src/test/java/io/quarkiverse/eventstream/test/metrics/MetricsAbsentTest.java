package io.quarkiverse.eventstream.test.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.runtime.metrics.EventStreamMetrics;
import io.quarkiverse.eventstream.runtime.metrics.NoEventStreamMetrics;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An application without {@code quarkus-micrometer} builds and streams as before, with the no-op metrics and no
 * Micrometer class anywhere.
 */
public class MetricsAbsentTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app();

    @Inject
    EventStreamMetrics metrics;

    @Test
    void streamsWithoutMicrometer() throws Exception {
        try (SseTestClient client = open("/events/plain")) {
            client.next(WAIT);
            publisher.publishRaw("plain", "message", "no metrics");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("no metrics");
        }
        assertThat(metrics).isInstanceOf(NoEventStreamMetrics.class);
        assertThat(Arc.container().beanManager().getBeans(EventStreamMetrics.class)).hasSize(1);
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
                Thread.currentThread().getContextClassLoader())).isInstanceOf(ClassNotFoundException.class);
        given().get("/q/metrics").then().statusCode(404);
    }
}
