package io.quarkiverse.eventstream.test.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.EventPublisher;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

public class CatchUpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SseTestClient.class))
            .overrideConfigKey("quarkus.eventstream.store.memory.max-events-per-channel", "20000")
            .overrideConfigKey("quarkus.eventstream.max-queued-events", "5");

    @TestHTTPResource("/")
    URL base;

    @Inject
    EventPublisher publisher;

    @Test
    void aStalledClientOfAStoredChannelLosesNothing() throws Exception {
        String payload = "y".repeat(64 * 1024);
        try (SseTestClient client = SseTestClient.get(base, "/events/stalled")) {
            client.next(WAIT);
            // 300 x 64 KiB while the client reads nothing: the queue of 5 overflows many times
            for (int i = 1; i <= 300; i++) {
                publisher.publishRaw("stalled", "message", i + ":" + payload);
            }
            for (int i = 1; i <= 300; i++) {
                SseTestClient.Block event = client.nextEvent(WAIT);
                assertThat(event.data()).startsWith(i + ":");
                assertThat(event.id()).endsWith("~" + i);
            }
            publisher.publishRaw("stalled", "message", "after");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("after");
        }
    }

    @Test
    void replaysTensOfThousandsOfMissedEventsExactlyOnceInOrder() throws Exception {
        publisher.publishRaw("many", "message", "0");
        String cursor = publisher.currentEventId("many");
        for (int i = 1; i <= 12_000; i++) {
            publisher.publishRaw("many", "message", Integer.toString(i));
        }
        try (SseTestClient client = SseTestClient.get(base, "/events/many", "Last-Event-ID", cursor)) {
            client.next(WAIT);
            for (int i = 1; i <= 12_000; i++) {
                assertThat(client.nextEvent(WAIT).data()).isEqualTo(Integer.toString(i));
            }
            publisher.publishRaw("many", "message", "live");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("live");
        }
    }
}
