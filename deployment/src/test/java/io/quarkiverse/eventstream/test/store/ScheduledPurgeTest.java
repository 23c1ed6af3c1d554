package io.quarkiverse.eventstream.test.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.runtime.store.EventPurgeJob;
import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.QuarkusUnitTest;

public class ScheduledPurgeTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.retention.max-age", "1s")
            .overrideConfigKey("quarkus.eventstream.retention.purge-interval", "1s");

    @Inject
    EventStore store;

    @Inject
    Scheduler scheduler;

    @Test
    void theSchedulerPurgesEventsOlderThanTheMaximumAge() throws Exception {
        assertThat(scheduler.getScheduledJob(EventPurgeJob.IDENTITY)).isNotNull();
        publisher.publishRaw("aging", "message", "e1");
        String cursor = publisher.currentEventId("aging").replaceAll("~1$", "~0");
        publisher.publishRaw("aging", "message", "e2");
        await().atMost(Duration.ofSeconds(15)).until(() -> store.oldestPosition("aging") == 0);
        assertThat(store.currentPosition("aging")).isEqualTo(2);
        try (SseTestClient client = open("/events/aging", "Last-Event-ID", cursor)) {
            client.next(Duration.ofSeconds(10));
            assertThat(client.next(Duration.ofSeconds(10)).type()).isEqualTo("stream-reset");
        }
    }
}
