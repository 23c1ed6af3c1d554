package io.quarkiverse.eventstream.test.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class KeepAliveCommentTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class))
            .overrideConfigKey("quarkus.eventstream.keep-alive.interval", "300ms")
            .overrideConfigKey("quarkus.eventstream.retry", "2500ms")
            .overrideConfigKey("quarkus.eventstream.padding", "8");

    @TestHTTPResource("/")
    URL base;

    @Test
    void sendsPaddingAndRetryBeforeStreamOpen() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events/padded")) {
            assertThat(client.next(Duration.ofSeconds(10)).rawWithoutId()).isEqualTo(":        \n\n");
            assertThat(client.next(Duration.ofSeconds(10)).raw())
                    .matches("retry: 2500\nid: [A-Za-z0-9._~-]+\nevent: stream-open\ndata:\n\n");
        }
    }

    @Test
    void sendsACommentWhenTheStreamIsIdle() throws Exception {
        try (SseTestClient client = SseTestClient.get(base, "/events/quiet")) {
            client.nextEvent(Duration.ofSeconds(10));
            long start = System.nanoTime();
            assertThat(client.next(Duration.ofSeconds(5)).rawWithoutId()).isEqualTo(":\n\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }
}
