package io.quarkiverse.eventstream.test.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class KeepAliveEventTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.keep-alive.interval", "200ms")
            .overrideConfigKey("quarkus.eventstream.keep-alive.mode", "event");

    @Test
    void sendsAKeepAliveEvent() throws Exception {
        try (SseTestClient client = open("/events/quiet")) {
            assertThat(client.next(Duration.ofSeconds(10)).type()).isEqualTo("stream-open");
            assertThat(client.next(Duration.ofSeconds(5)).raw()).isEqualTo("event: keep-alive\ndata:\n\n");
            assertThat(client.next(Duration.ofSeconds(5)).raw()).isEqualTo("event: keep-alive\ndata:\n\n");
        }
    }
}
