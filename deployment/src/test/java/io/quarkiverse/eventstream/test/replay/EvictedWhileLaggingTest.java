package io.quarkiverse.eventstream.test.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class EvictedWhileLaggingTest extends EventStreamTestApp {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            // the store keeps far fewer events than a stalled client misses
            .overrideConfigKey("quarkus.eventstream.store.memory.max-events-per-channel", "10")
            .overrideConfigKey("quarkus.eventstream.max-queued-events", "2");

    @Test
    void signalsEventsEvictedBeforeALaggingClientReadThem() throws Exception {
        String payload = "w".repeat(64 * 1024);
        try (SseTestClient client = SseTestClient.stalled(base, "/events/lagging")) {
            for (int i = 1; i <= 200; i++) {
                publisher.publishRaw("lagging", "message", i + ":" + payload);
            }
            client.resumeReading();
            client.next(WAIT);
            long previous = 0;
            boolean resetSeen = false;
            boolean resetPending = false;
            while (previous < 200) {
                SseTestClient.Block block = client.nextEvent(WAIT);
                long position = Long.parseLong(block.id().substring(block.id().lastIndexOf('~') + 1));
                if (block.type().equals("stream-reset")) {
                    assertThat(block.data()).isEqualTo("{\"channels\":[\"lagging\"]}");
                    resetSeen = true;
                    resetPending = true;
                    previous = position;
                    continue;
                }
                assertThat(block.data()).startsWith(position + ":");
                // a jump in positions is only allowed right after a stream-reset
                if (position != previous + 1) {
                    assertThat(resetPending).as("jump from %d to %d without a stream-reset", previous, position)
                            .isTrue();
                }
                resetPending = false;
                previous = position;
            }
            assertThat(resetSeen).isTrue();
        }
    }
}
