package io.quarkiverse.eventstream.test.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class CatchUpTest extends EventStreamTestApp {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.store.memory.max-events-per-channel", "20000")
            .overrideConfigKey("quarkus.eventstream.max-queued-events", "5");

    @Test
    void aStalledClientOfAStoredChannelLosesNothing() throws Exception {
        String payload = "y".repeat(64 * 1024);
        try (SseTestClient client = SseTestClient.stalled(base, "/events/stalled")) {
            // 300 x 64 KiB while the client reads nothing: the queue of 5 overflows many times
            for (int i = 1; i <= 300; i++) {
                publisher.publishRaw("stalled", "message", i + ":" + payload);
            }
            client.resumeReading();
            client.next(WAIT);
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
        try (SseTestClient client = open("/events/many", "Last-Event-ID", cursor)) {
            client.next(WAIT);
            for (int i = 1; i <= 12_000; i++) {
                assertThat(client.nextEvent(WAIT).data()).isEqualTo(Integer.toString(i));
            }
            publisher.publishRaw("many", "message", "live");
            assertThat(client.nextEvent(WAIT).data()).isEqualTo("live");
        }
    }
}
