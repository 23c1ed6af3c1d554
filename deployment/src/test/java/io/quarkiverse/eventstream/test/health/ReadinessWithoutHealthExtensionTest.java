package io.quarkiverse.eventstream.test.health;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.inject.Any;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Without smallrye-health nothing changes: no check bean, no {@code /q/health}, and streams work.
 */
public class ReadinessWithoutHealthExtensionTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app();

    @Test
    void registersNothingAndStreams() throws Exception {
        assertThat(Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE))
                .noneMatch(bean -> bean.getBeanClass().getName().startsWith("io.quarkiverse.eventstream.runtime.health")
                        || bean.getBeanClass().getName().endsWith("StorePing"));
        try (SseTestClient stream = open("/events/news")) {
            // stream-open
            stream.next(WAIT);
            publisher.publishRaw("news", "message", "hello");
            assertThat(stream.nextEvent(WAIT).data()).isEqualTo("hello");
        }
        try (SseTestClient health = SseTestClient.get(base, "/q/health/ready")) {
            assertThat(health.status()).isEqualTo(404);
        }
    }
}
