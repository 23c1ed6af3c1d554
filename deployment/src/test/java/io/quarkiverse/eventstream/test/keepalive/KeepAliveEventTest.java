package io.quarkiverse.eventstream.test.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class KeepAliveEventTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class))
            .overrideConfigKey("quarkus.eventstream.keep-alive.interval", "200ms")
            .overrideConfigKey("quarkus.eventstream.keep-alive.mode", "event");

    @TestHTTPResource("/")
    URL base;

    @Test
    void sendsAKeepAliveEvent() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events/quiet")) {
            assertThat(client.next(Duration.ofSeconds(10)).type()).isEqualTo("stream-open");
            assertThat(client.next(Duration.ofSeconds(5)).raw()).isEqualTo("event: keep-alive\ndata:\n\n");
            assertThat(client.next(Duration.ofSeconds(5)).raw()).isEqualTo("event: keep-alive\ndata:\n\n");
        }
    }
}
