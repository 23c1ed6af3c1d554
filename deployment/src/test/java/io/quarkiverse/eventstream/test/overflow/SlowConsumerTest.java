package io.quarkiverse.eventstream.test.overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class SlowConsumerTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.max-queued-events", "5")
            // nothing stored: an overflowing stream cannot catch up, it must end
            .overrideConfigKey("quarkus.eventstream.store", "none");

    @Test
    void endsAnUnstoredStreamWhoseClientCannotKeepUp() throws Exception {
        String payload = "x".repeat(256 * 1024);
        try (SseTestClient fast = SseTestClient.stalled(base, "/events/fast")) {
            await().atMost(WAIT).until(() -> streams.subscribers("fast") == 1);
            // 64 MiB while the client reads nothing: far more than socket buffers and the queue of 5 events hold
            for (int i = 0; i < 256; i++) {
                publisher.publishRaw("fast", "message", payload);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.subscribers("fast") == 0);
            fast.resumeReading();
            fast.awaitEnd(Duration.ofSeconds(30));
            String received = fast.received();
            assertThat(received).endsWith("event: stream-error\ndata: {\"condition\":\"overflow\",\"message\":"
                    + "\"The client did not read events fast enough\",\"channels\":[\"fast\"]}\n\n");
            // every event before the error arrived whole
            assertThat(received.split("event: message\n", -1).length - 1)
                    .isEqualTo(received.split("\n\n", -1).length - 3);
        }
    }
}
