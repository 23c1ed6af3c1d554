package io.quarkiverse.eventstream.test.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.eventstream.test.EventStreamTestApp;
import io.quarkiverse.eventstream.test.SseTestClient;
import io.quarkus.test.QuarkusUnitTest;

public class KeepAliveCommentTest extends EventStreamTestApp {

    @RegisterExtension
    static final QuarkusUnitTest test = app()
            .overrideConfigKey("quarkus.eventstream.keep-alive.interval", "300ms")
            .overrideConfigKey("quarkus.eventstream.retry", "2500ms")
            .overrideConfigKey("quarkus.eventstream.padding", "8");

    @Test
    void sendsPaddingAndRetryBeforeStreamOpen() throws Exception {
        try (SseTestClient client = open("/events/padded")) {
            assertThat(client.next(Duration.ofSeconds(10)).rawWithoutId()).isEqualTo(":        \n");
            assertThat(client.next(Duration.ofSeconds(10)).raw())
                    .matches("retry: 2500\nid: [A-Za-z0-9._~-]+\nevent: stream-open\ndata:\n\n");
        }
    }

    @Test
    void sendsACommentWhenTheStreamIsIdle() throws Exception {
        try (SseTestClient client = open("/events/quiet")) {
            client.nextEvent(Duration.ofSeconds(10));
            long start = System.nanoTime();
            assertThat(client.next(Duration.ofSeconds(5)).rawWithoutId()).isEqualTo(":\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void streamsThatStayKeepTheirKeepAlivesWhenOthersLeave() throws Exception {
        // twelve connections spread over the event loops, three or more on each; the first and the last opened leave,
        // so on each loop the last stream moves into the slot of a leaving one and then leaves from there
        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                SseTestClient client = open("/events/leaving");
                client.nextEvent(Duration.ofSeconds(10));
                clients.add(client);
            }
            for (int i : new int[] { 0, 1, 2, 3, 11, 10, 9, 8 }) {
                clients.get(i).close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.subscribers("leaving") == 4);
            for (SseTestClient staying : clients.subList(4, 8)) {
                // two more keep-alives than it had when the others were gone
                int before = keepAlives(staying);
                await().atMost(Duration.ofSeconds(5)).until(() -> keepAlives(staying) >= before + 2);
            }
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
        }
    }

    private static int keepAlives(SseTestClient client) {
        return (int) client.received().lines().filter(":"::equals).count();
    }
}
