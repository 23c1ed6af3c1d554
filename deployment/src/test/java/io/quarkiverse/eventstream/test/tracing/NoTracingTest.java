package io.quarkiverse.eventstream.test.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.runtime.tracing.EventTracing;
import io.quarkiverse.eventstream.runtime.tracing.NoEventTracing;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

/** Without quarkus-opentelemetry: no spans, and events carry no trace context. */
public class NoTracingTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app();

    @Inject
    EventTracing tracing;

    @Test
    void eventsCarryNoTraceContextWithoutOpenTelemetry() throws Exception {
        assertThat(tracing).isInstanceOf(NoEventTracing.class);
        try (SseTestClient stream = open("/events/plain")) {
            stream.next(WAIT);
            assertThat(publisher.publishRaw("plain", "message", "x").traceparent()).isNull();
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("x");
        }
    }
}
