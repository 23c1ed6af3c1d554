package io.quarkiverse.eventstream.test.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.spi.EventStore;
import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An event whose bus message was lost, with nothing published after it, reaches the streams at the next periodic
 * comparison with the store.
 */
public class BusPeriodicCheckTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app(OwnEventBusTest.RecordingBus.class, OwnEventBusTest.SharedStore.class)
            .overrideConfigKey("quarkus.eventstream.bus.check-interval", "1s");

    @Inject
    EventStore store;

    @Test
    void readsWhatNoMessageAnnounced() throws Exception {
        try (SseTestClient client = open("/events/quiet")) {
            client.next(WAIT);
            // another instance appended it; its message never came
            store.append("quiet", "message", "lost on the bus");
            assertThat(client.nextEvent(Duration.ofSeconds(15)).data()).isEqualTo("lost on the bus");
        }
    }
}
